/**
 * The service principals a trust policy lets assume the role (`lambda.amazonaws.com`, ...),
 * sorted; undefined when the document is not a readable policy. Only Allow statements count:
 * a Deny names a service that may not assume it. `Principal: "*"` (anyone, services included)
 * is listed as `*`.
 */
export function trustedServices(trustPolicy: unknown): string[] | undefined {
  if (!isObject(trustPolicy)) return undefined;
  const statements = own(trustPolicy, 'Statement');
  const list = Array.isArray(statements) ? statements : isObject(statements) ? [statements] : undefined;
  if (!list) return undefined;
  const services = new Set<string>();
  for (const s of list) {
    if (!isObject(s) || own(s, 'Effect') !== 'Allow') continue;
    const principal = own(s, 'Principal');
    if (principal === '*') services.add('*');
    if (!isObject(principal)) continue;
    const service = own(principal, 'Service');
    for (const name of Array.isArray(service) ? service : [service])
      if (typeof name === 'string') services.add(name);
  }
  return [...services].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** True when the trust policy lets Lambda run functions as the role (by name, or as anyone). */
export function trustsLambda(services: readonly string[]): boolean {
  return services.includes('lambda.amazonaws.com') || services.includes('*');
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

import type { AuditRole } from '../model/audit-estate.js';
import type { PrincipalReport, UsageReport } from '../usage/usage-report.js';

/**
 * The evidence's principal for an estate role: by ARN when the role has one (the usage report
 * keys roles by `sessionIssuer.arn`, path included), else by role name (a template role's
 * generated name is unknown, so only a literal name can match).
 */
export function principalOfRole(usage: UsageReport, role: AuditRole | string): PrincipalReport | undefined {
  const arn =
    typeof role === 'string' ? role : (role.arn ?? (role.id.startsWith('arn:') ? role.id : undefined));
  if (arn) return usage.principals.find((p) => p.arn === arn);
  const name = typeof role === 'string' ? undefined : role.name;
  if (!name) return undefined;
  return usage.principals.find((p) => p.type === 'role' && p.arn.split('/').pop() === name);
}

/** Per function (session name), the actions it was seen using, sorted. */
export function actionsByFunction(principal: PrincipalReport): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const a of principal.actions)
    for (const f of a.functions) out.set(f, (out.get(f) ?? new Set()).add(a.action));
  return new Map([...out].map(([f, s]) => [f, [...s].sort()]));
}

/**
 * Does a trust policy let Lambda assume the role (`Principal.Service` naming
 * `lambda.amazonaws.com`, or `*`, in an Allow statement)? Read defensively: the document is
 * attacker-controlled input and may have any shape.
 */
export function trustsLambda(trustPolicy: unknown): boolean {
  return trustStatements(trustPolicy).some((s) => {
    if (!isRecord(s) || s['Effect'] !== 'Allow') return false;
    const principal = s['Principal'];
    // Anyone includes the Lambda service.
    if (principal === '*') return true;
    if (!isRecord(principal)) return false;
    return asList(principal['Service']).some((v) => v === 'lambda.amazonaws.com');
  });
}

/** The statements of a policy document, `Statement` as an array or a single object. */
export function trustStatements(doc: unknown): unknown[] {
  if (!isRecord(doc)) return [];
  const st = doc['Statement'];
  return Array.isArray(st) ? st : st === undefined ? [] : [st];
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

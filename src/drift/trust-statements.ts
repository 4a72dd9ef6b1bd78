/** The statements of a policy document, `Statement` as an array or a single object. */
export function trustStatements(doc: unknown): unknown[] {
  if (!isRecord(doc)) return [];
  const st = doc['Statement'];
  return Array.isArray(st) ? st : st === undefined ? [] : [st];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

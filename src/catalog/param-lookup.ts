/**
 * Reads values out of CloudTrail `requestParameters` by an SDK-style path such as
 * `TransactItems[].Put.TableName`. CloudTrail writes most members in lowerCamelCase
 * (`tableName`) where the SDK says `TableName`, and sometimes keeps the SDK casing, so
 * keys match case-insensitively. Arrays fan out: every element contributes a value.
 */
export function lookupParam(root: unknown, path: string): unknown[] {
  let segments = parsedPaths.get(path);
  if (!segments) {
    segments = path.split('.').map((s) => (s.endsWith('[]') ? s.slice(0, -2) : s));
    parsedPaths.set(path, segments);
  }
  let current: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const found = getKey(item, segment);
        if (found === undefined || found === null) continue;
        if (Array.isArray(found)) next.push(...found);
        else next.push(found);
      }
    }
    current = next;
    if (current.length === 0) return current;
  }
  return current;
}

// Paths come from a fixed vocabulary (code and mapping data), so parsing each once is enough.
const parsedPaths = new Map<string, string[]>();

/** Like `lookupParam`, keeping only non-empty strings (numbers are stringified). */
export function lookupStrings(root: unknown, path: string): string[] {
  const out: string[] = [];
  for (const v of lookupParam(root, path)) {
    if (typeof v === 'string' && v.length > 0) out.push(v);
    else if (typeof v === 'number') out.push(String(v));
  }
  return out;
}

function getKey(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (Object.hasOwn(rec, key)) return rec[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

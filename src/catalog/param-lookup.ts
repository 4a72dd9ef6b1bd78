/**
 * Reads values out of CloudTrail `requestParameters` by an SDK-style path such as
 * `TransactItems[].Put.TableName`. CloudTrail writes most members in lowerCamelCase
 * (`tableName`) where the SDK says `TableName`, and sometimes keeps the SDK casing, so
 * keys match case-insensitively. Arrays fan out: every element contributes a value.
 */
export function lookupParam(root: unknown, path: string): unknown[] {
  const segments = segmentsOf(path);
  let current: unknown[] = [root];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        for (const item of value) collectKey(item, segment, next);
      } else collectKey(value, segment, next);
    }
    current = next;
    if (current.length === 0) return current;
  }
  return current;
}

interface PathSegment {
  readonly key: string;
  /** `key` lower-cased once, for the case-insensitive fallback. */
  readonly lower: string;
  /**
   * True when `lower` is ASCII: then only a key of the same length can lower-case to it
   * (the one length-changing lower-casing, U+0130, yields a non-ASCII letter).
   */
  readonly lengthMustMatch: boolean;
}

// Paths come from a fixed vocabulary (code and mapping data), so parsing each once is enough.
const parsedPaths = new Map<string, PathSegment[]>();

function segmentsOf(path: string): PathSegment[] {
  let segments = parsedPaths.get(path);
  if (!segments) {
    segments = path.split('.').map((s) => {
      const key = s.endsWith('[]') ? s.slice(0, -2) : s;
      const lower = key.toLowerCase();
      return { key, lower, lengthMustMatch: isAscii(lower) };
    });
    parsedPaths.set(path, segments);
  }
  return segments;
}

function collectKey(item: unknown, segment: PathSegment, next: unknown[]): void {
  const found = getKey(item, segment);
  if (found === undefined || found === null) return;
  if (Array.isArray(found)) next.push(...found);
  else next.push(found);
}

/** Like `lookupParam`, keeping only non-empty strings (numbers are stringified). */
export function lookupStrings(root: unknown, path: string): string[] {
  // The same walk as `lookupParam`, depth first: the values come out in the same order
  // (each level keeps its parents' order), without an array per level and call.
  const out: string[] = [];
  collectStrings(root, segmentsOf(path), 0, out);
  return out;
}

function collectStrings(
  value: unknown,
  segments: readonly PathSegment[],
  depth: number,
  out: string[],
): void {
  if (depth === segments.length) {
    if (typeof value === 'string') {
      if (value.length > 0) out.push(value);
    } else if (typeof value === 'number') out.push(String(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) descend(item, segments, depth, out);
  } else descend(value, segments, depth, out);
}

function descend(item: unknown, segments: readonly PathSegment[], depth: number, out: string[]): void {
  const found = getKey(item, segments[depth] as PathSegment);
  if (found === undefined || found === null) return;
  if (Array.isArray(found)) {
    for (const value of found) collectStrings(value, segments, depth + 1, out);
  } else collectStrings(found, segments, depth + 1, out);
}

function getKey(obj: unknown, segment: PathSegment): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (Object.hasOwn(rec, segment.key)) return rec[segment.key];
  const { lower, lengthMustMatch } = segment;
  // Most keys differ in length: skipping them saves a lower-cased copy per key per record.
  for (const k of Object.keys(rec)) {
    if ((!lengthMustMatch || k.length === lower.length) && k.toLowerCase() === lower) return rec[k];
  }
  return undefined;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

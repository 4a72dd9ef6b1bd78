import { literalPrefix } from './wildcard.js';

/**
 * Patterns (each with an item, e.g. its statement) filed by their literal prefix, so that a
 * look-up returns only the few that can match instead of all of them. A pattern matches a
 * value (or subsumes another pattern) only if its literal prefix is a prefix of the value
 * (of the other pattern's literal prefix): `matchPattern`'s regexes and `patternSubsumes`
 * both compare the leading literal characters one by one. So the candidates are a superset
 * of the matches, and callers still run the exact check on each.
 */
export interface PatternIndex<T> {
  /** Items whose pattern may match the concrete `value`, in the order they were added, each once. */
  forValue(value: string): T[];
  /** Items whose pattern may subsume `pattern`, in the order they were added, each once. */
  forPattern(pattern: string): T[];
  /** How many entries the index holds. */
  readonly size: number;
}

/**
 * Builds a `PatternIndex`. With `ignoreCase` (action names) keys are compared in ASCII lower
 * case; text beyond the first non-ASCII character is not used as a key, and a query with a
 * non-ASCII character returns every item, because Unicode case folding (`toLowerCase`, a
 * regex's `i` flag) may equate a non-ASCII character with an ASCII one.
 */
export function createPatternIndex<T>(
  entries: Iterable<readonly [pattern: string, item: T]>,
  ignoreCase: boolean,
): PatternIndex<T> {
  const items: T[] = [];
  const buckets = new Map<string, number[]>();
  const lengths = new Set<number>();
  for (const [pattern, item] of entries) {
    const key = keyOf(literalPrefix(pattern), ignoreCase, true);
    const at = items.length;
    items.push(item);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(at);
    else buckets.set(key, [at]);
    lengths.add(key.length);
  }
  const sortedLengths = [...lengths].sort((a, b) => a - b);

  const lookUp = (query: string): T[] => {
    const key = keyOf(query, ignoreCase, false);
    if (key === undefined) return unique(items);
    const hits: number[] = [];
    let buckets_ = 0;
    for (const length of sortedLengths) {
      if (length > key.length) break;
      const bucket = buckets.get(key.slice(0, length));
      if (!bucket) continue;
      buckets_++;
      for (const at of bucket) hits.push(at);
    }
    if (buckets_ > 1) hits.sort((a, b) => a - b);
    return unique(hits.map((at) => items[at] as T));
  };
  return {
    forValue: lookUp,
    forPattern: (pattern) => lookUp(literalPrefix(pattern)),
    size: items.length,
  };
}

// A key for the index (`entry`: truncate at non-ASCII), or for a query (`undefined`: scan all).
function keyOf(text: string, ignoreCase: boolean, entry: true): string;
function keyOf(text: string, ignoreCase: boolean, entry: false): string | undefined;
function keyOf(text: string, ignoreCase: boolean, entry: boolean): string | undefined {
  if (!ignoreCase) return text;
  let nonAscii = -1;
  for (let i = 0; i < text.length && nonAscii < 0; i++) if (text.charCodeAt(i) > 0x7f) nonAscii = i;
  if (nonAscii < 0) return text.toLowerCase();
  return entry ? text.slice(0, nonAscii).toLowerCase() : undefined;
}

function unique<T>(list: readonly T[]): T[] {
  if (list.length < 2) return [...list];
  return [...new Set(list)];
}

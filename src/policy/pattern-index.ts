import { splitLiteral } from './wildcard.js';

/**
 * Patterns (each with an item, e.g. its statement) filed by their literal prefix, so that a
 * look-up returns only the few that can match instead of all of them. A pattern matches a
 * value (or subsumes another pattern) only if its literal prefix is a prefix of the value
 * (of the other pattern's literal prefix): `matchPattern`'s regexes and `patternSubsumes`
 * both compare the leading literal characters one by one. A pattern without wildcards
 * matches only its own text and subsumes only a pattern without wildcards of the same text.
 * So the candidates are a superset of the matches, and callers still run the exact check
 * on each.
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
  // Patterns without wildcards, by their whole text; the others by their literal prefix.
  const exact = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const lengths = new Set<number>();
  const file = (map: Map<string, number[]>, key: string, at: number): void => {
    const bucket = map.get(key);
    if (bucket) bucket.push(at);
    else map.set(key, [at]);
  };
  for (const [pattern, item] of entries) {
    const { prefix, whole } = splitLiteral(pattern);
    const key = entryKey(prefix, ignoreCase);
    const at = items.length;
    items.push(item);
    if (whole && key.length === prefix.length) file(exact, key, at);
    else {
      file(byPrefix, key, at);
      lengths.add(key.length);
    }
  }
  const sortedLengths = [...lengths].sort((a, b) => a - b);

  // `whole`: the query is a concrete value, or a pattern without wildcards.
  const lookUp = (text: string, whole: boolean): T[] => {
    const key = queryKey(text, ignoreCase);
    if (key === undefined) return unique(items);
    const hits: number[] = [];
    let buckets = 0;
    const take = (bucket: readonly number[] | undefined): void => {
      if (!bucket) return;
      buckets++;
      for (const at of bucket) hits.push(at);
    };
    if (whole) take(exact.get(key));
    for (const length of sortedLengths) {
      if (length > key.length) break;
      take(byPrefix.get(key.slice(0, length)));
    }
    if (buckets > 1) hits.sort((a, b) => a - b);
    return unique(hits.map((at) => items[at] as T));
  };
  return {
    forValue: (value) => lookUp(value, true),
    forPattern: (pattern) => {
      const { prefix, whole } = splitLiteral(pattern);
      return lookUp(prefix, whole);
    },
    size: items.length,
  };
}

// With `ignoreCase`, keys stop at the first non-ASCII character (see `createPatternIndex`).
function entryKey(text: string, ignoreCase: boolean): string {
  if (!ignoreCase) return text;
  const at = firstNonAscii(text);
  return (at < 0 ? text : text.slice(0, at)).toLowerCase();
}

/** The key to look up, or `undefined` when every item is a candidate. */
function queryKey(text: string, ignoreCase: boolean): string | undefined {
  if (!ignoreCase) return text;
  return firstNonAscii(text) < 0 ? text.toLowerCase() : undefined;
}

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return i;
  return -1;
}

function unique<T>(list: readonly T[]): T[] {
  if (list.length < 2) return [...list];
  return [...new Set(list)];
}

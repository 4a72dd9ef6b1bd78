import { datePartitionStart } from './date-partition.js';

/** A key pattern within one bucket, and the used keys it stands for. */
export interface KeyGrant {
  readonly pattern: string;
  readonly covers: readonly string[];
}

/**
 * Turns the used keys of one bucket into key patterns that follow how keys are made:
 * - a key under a date partition always becomes `*` at the partition (`landing/2026/09/01/x`
 *   → `landing/*`), because tomorrow's key differs;
 * - more than `threshold` other keys collapse to their common prefix, cut back to the last
 *   `/` (`thumbs/img-0001` … → `thumbs/*`, never `thumbs/img-0*`, which image 1000 misses);
 * - otherwise each key stays exact.
 * A prefix never keeps an IAM wildcard character (`*`, `?`, `$`) it read from a key: it is cut
 * back to the `/` before it, so the pattern never means more than the prefix it came from.
 */
export function generalizeS3Keys(keys: readonly string[], threshold: number): KeyGrant[] {
  const dated = new Map<string, string[]>();
  const plain: string[] = [];
  for (const key of new Set(keys)) {
    const start = datePartitionStart(key);
    if (start < 0) {
      plain.push(key);
      continue;
    }
    const prefix = directoryPrefix(key.slice(0, start));
    dated.set(prefix, [...(dated.get(prefix) ?? []), key]);
  }
  const grants: KeyGrant[] = [...dated].map(([prefix, covers]) => ({ pattern: `${prefix}*`, covers }));
  if (plain.length > threshold)
    grants.push({ pattern: `${directoryPrefix(commonPrefix(plain))}*`, covers: plain });
  else for (const key of plain) grants.push({ pattern: key, covers: [key] });
  return grants;
}

/** The longest part of `prefix` that ends at a `/` and holds no IAM wildcard character. */
function directoryPrefix(prefix: string): string {
  const wild = prefix.search(/[*?$]/);
  const literal = wild < 0 ? prefix : prefix.slice(0, wild);
  return literal.slice(0, literal.lastIndexOf('/') + 1);
}

function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const v of values) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix[i] === v[i]) i++;
    prefix = prefix.slice(0, i);
    if (!prefix) break;
  }
  return prefix;
}

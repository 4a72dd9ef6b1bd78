/**
 * Keeps per-action resource sets bounded so memory stays flat however large the input.
 * Past the limit, ARNs are replaced by covering patterns: a pattern always matches
 * every ARN it replaced, so later tightening can only keep more, never less.
 *
 * Level 1 cuts after the last `/` (`bucket/2026/11/03/x.json` → `bucket/2026/11/03/*`),
 * level 2 after the first `/` of the resource part (`bucket/*`), level 3 keeps only
 * service, region and account (`arn:aws:s3:::*`).
 */
export function foldArn(arn: string, level: number): string {
  if (level <= 0) return arn;
  const parts = arn.split(':');
  if (parts.length < 6) return arn;
  const head = parts.slice(0, 5).join(':') + ':';
  const resource = parts.slice(5).join(':');
  if (level >= 3) return `${head}*`;
  if (level === 2) {
    const slash = resource.indexOf('/');
    return slash >= 0 ? `${head}${resource.slice(0, slash + 1)}*` : `${head}*`;
  }
  const slash = resource.lastIndexOf('/');
  return slash >= 0 ? `${head}${resource.slice(0, slash + 1)}*` : `${head}*`;
}

/** Adds an ARN to a bounded set, folding the whole set to a coarser level when full. */
export function addBounded(set: Set<string>, level: number, arn: string, limit: number): number {
  set.add(level > 0 ? foldArn(arn, level) : arn);
  while (set.size > limit && level < 3) {
    level++;
    const folded = [...set].map((a) => foldArn(a, level));
    set.clear();
    for (const a of folded) set.add(a);
  }
  return level;
}

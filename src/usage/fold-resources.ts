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
  // The resource part starts after the fifth ':'; searching for it copies nothing, where
  // splitting and joining the ARN made several strings per folded call.
  let colon = -1;
  for (let i = 0; i < 5; i++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon < 0) return arn;
  }
  const start = colon + 1;
  if (level >= 3) return `${arn.slice(0, start)}*`;
  const slash = level === 2 ? arn.indexOf('/', start) : arn.lastIndexOf('/');
  return slash >= start ? `${arn.slice(0, slash + 1)}*` : `${arn.slice(0, start)}*`;
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

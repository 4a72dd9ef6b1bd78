import type { Finding } from '../model/finding.js';
import { boundedList } from './bounded-list.js';
import { DRIFT_SEVERITY } from './drift-severity.js';

/**
 * `grant-unused`: what `suggest` would remove from the role today, with the trend since the
 * previous run (`previous` undefined: no comparable claim then, so no trend).
 */
export function findGrantUnused(
  role: string,
  removable: readonly string[],
  previous: readonly string[] | undefined,
): Finding[] {
  if (removable.length === 0) return [];
  const evidence = [
    {
      source: 'suggest',
      detail: `removable: ${boundedList(removable, 10)}`,
      count: removable.length,
    },
  ];
  let trend = '';
  if (previous) {
    const was = new Set(previous.map((a) => a.toLowerCase()));
    const now = new Set(removable.map((a) => a.toLowerCase()));
    const added = removable.filter((a) => !was.has(a.toLowerCase()));
    const gone = previous.filter((a) => !now.has(a.toLowerCase()));
    trend = ` (+${added.length}/−${gone.length} since the previous run)`;
    evidence.push({
      source: 'snapshot',
      detail: `previous run: ${previous.length} removable; newly removable: ${added.length ? boundedList(added) : 'none'}; no longer removable: ${gone.length ? boundedList(gone) : 'none'}`,
      count: previous.length,
    });
  }
  return [
    {
      rule: 'grant-unused',
      severity: DRIFT_SEVERITY['grant-unused'],
      subject: { role },
      message: `${removable.length} granted action(s) unused in the window (${removable.length <= 3 ? removable.join(', ') : boundedList(byService(removable), 4)}); suggest would remove them${trend}`,
      evidence,
    },
  ];
}

/** `dynamodb: 55, s3: 12`: where the unused actions are, most first, for a one-line message. */
function byService(actions: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const a of actions) {
    const colon = a.indexOf(':');
    const service = colon < 0 ? a : a.slice(0, colon);
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, n]) => `${service}: ${n}`);
}

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
      message: `${removable.length} granted action(s) unused in the window (${boundedList(removable, 3)}); suggest would remove them${trend}`,
      evidence,
    },
  ];
}

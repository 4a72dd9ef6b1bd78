import type { Finding } from '../model/finding.js';
import { DRIFT_SEVERITY } from './drift-severity.js';

/**
 * `grant-became-unused`: an action the previous run saw used that has no call in the whole
 * window now and that `suggest` would remove today (so it was observable: not merely unseen).
 */
export function findGrantBecameUnused(
  role: string,
  previouslyUsed: readonly string[],
  usedNow: ReadonlySet<string>,
  removable: readonly string[],
  previousWindow: { readonly from: string; readonly to: string },
): Finding[] {
  const removableBy = new Map(removable.map((a) => [a.toLowerCase(), a]));
  return previouslyUsed
    .filter((a) => !usedNow.has(a.toLowerCase()) && removableBy.has(a.toLowerCase()))
    .map((a) => ({
      rule: 'grant-became-unused',
      severity: DRIFT_SEVERITY['grant-became-unused'],
      subject: { role, action: removableBy.get(a.toLowerCase()) ?? a },
      message: `${a} was used in the previous run's window and has not been called since; suggest would remove it`,
      evidence: [
        {
          source: 'snapshot',
          detail: `used in the window ${previousWindow.from}..${previousWindow.to}; no call in this window`,
        },
      ],
    }));
}

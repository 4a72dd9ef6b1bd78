import type { Finding } from '../model/finding.js';
import type { PrincipalReport } from '../usage/usage-report.js';
import { boundedList } from './bounded-list.js';
import { severityOfDenied } from './drift-severity.js';

/**
 * `denied-new`: an authorization failure (`action errorCode`) in the window now that it did
 * not hold before this run: a permission the role lacks, or someone probing with its
 * credentials (identity actions are high, see `severityOfDenied`).
 */
export function findNewDenials(
  role: string,
  before: PrincipalReport | undefined,
  after: PrincipalReport,
): Finding[] {
  const key = (d: { action: string; errorCode: string }): string =>
    `${d.action.toLowerCase()} ${d.errorCode}`;
  const old = new Set((before?.denied ?? []).map(key));
  return after.denied
    .filter((d) => !old.has(key(d)))
    .map((d) => ({
      rule: 'denied-new',
      severity: severityOfDenied(d.action),
      subject: { role, ...(d.functions.length === 1 ? { function: d.functions[0] } : {}), action: d.action },
      message: `${d.functions.length ? boundedList(d.functions, 3) : 'the role'} was refused ${d.action} (${d.errorCode}) for the first time in the window`,
      evidence: [
        {
          source: 'cloudtrail',
          detail: `${d.count} call(s) refused with ${d.errorCode}${d.resources.length ? ` on ${boundedList(d.resources)}` : ''}${d.functions.length > 1 ? ` by ${boundedList(d.functions)}` : ''}`,
          count: d.count,
          firstSeen: d.firstSeen,
          lastSeen: d.lastSeen,
        },
      ],
    }));
}

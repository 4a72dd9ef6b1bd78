import type { Finding } from '../model/finding.js';
import type { PrincipalReport } from '../usage/usage-report.js';
import { boundedList } from './bounded-list.js';
import { DRIFT_SEVERITY } from './drift-severity.js';

/**
 * `role-shared`: a role used by at most one function before this run and by two or more now.
 * A shared role gives each function every other one's permissions.
 */
export function findRoleShared(
  role: string,
  before: PrincipalReport | undefined,
  after: PrincipalReport,
): Finding[] {
  const old = before?.functions ?? [];
  if (old.length > 1 || after.functions.length < 2) return [];
  const added = after.functions.filter((f) => !old.includes(f));
  return [
    {
      rule: 'role-shared',
      severity: DRIFT_SEVERITY['role-shared'],
      subject: { role, ...(added.length === 1 ? { function: added[0] } : {}) },
      message: `the role is now shared by ${after.functions.length} functions (new: ${boundedList(added, 3)})`,
      evidence: [
        {
          source: 'cloudtrail',
          detail: `functions before: ${old.length ? boundedList(old) : 'none'}; now: ${boundedList(after.functions)}`,
          count: after.functions.length,
        },
      ],
    },
  ];
}

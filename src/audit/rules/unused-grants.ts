import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, notApplicable, roleSubject } from '../audit-rule.js';
import { isExecutionRole } from '../estate-index.js';
import { listSome } from '../list-some.js';

/**
 * Grants the evidence proves unused: the caller runs `suggest` (which alone decides what may go,
 * keeping whatever the evidence could not have shown) and passes its removals in.
 */
export const unusedGrantsRule: AuditRule = {
  id: 'lambda-role-unused-grants',
  title: 'Execution role grants permissions the evidence proves unused',
  rationale:
    'Every unused grant is attack surface with no function behind it. These were observable in the ' +
    'evidence (CloudTrail would have recorded their use) and were not used.',
  fix: 'Run `iamtrim suggest` (or `iamtrim patch`) for the role and apply the tightened policy.',
  references: [],
  check(estate, { removable }) {
    const out: RuleOutcome[] = [];
    for (const role of estate.roles) {
      const subject = roleSubject(role.id);
      if (!isExecutionRole(estate, role)) {
        out.push(notApplicable(subject, 'not a Lambda execution role'));
        continue;
      }
      const entry = removable?.find(
        (r) => r.role === role.id || (role.arn !== undefined && r.role === role.arn),
      );
      if (!entry) out.push(notApplicable(subject, 'no suggest result for this role (no evidence given)'));
      else if (!entry.actions.length) out.push(compliant(subject));
      else {
        const actions = [...entry.actions].sort();
        out.push({
          kind: 'finding',
          subject,
          message: `${actions.length} granted action(s) were never used: ${listSome(actions)}; run \`iamtrim suggest\` for the tightened policy`,
          evidence: [
            { source: 'cloudtrail', detail: `unused: ${actions.join(', ')}`, count: actions.length },
            ...(entry.detail ? [{ source: 'coverage', detail: entry.detail }] : []),
          ],
        });
      }
    }
    return out;
  },
};

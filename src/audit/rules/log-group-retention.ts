import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant } from '../audit-rule.js';

/** A log group kept forever (no RetentionInDays). */
export const logGroupRetentionRule: AuditRule = {
  id: 'lambda-log-group-no-retention',
  title: 'Log group keeps logs forever',
  rationale:
    'Without a retention period, function logs (which may hold personal data or secrets printed by ' +
    'mistake) are kept and billed indefinitely.',
  fix: 'Set RetentionInDays on the log group.',
  references: [{ scanner: 'checkov', id: 'CKV_AWS_66' }],
  check(estate) {
    const out: RuleOutcome[] = [];
    for (const group of estate.logGroups) {
      const subject = { kind: 'log-group', id: group.name } as const;
      if (group.retentionDays !== undefined) out.push(compliant(subject));
      else
        out.push({
          kind: 'finding',
          subject,
          message: `log group ${group.name} has no retention period (logs never expire)`,
          evidence: [{ source: 'estate', detail: 'RetentionInDays not set' }],
          detail: { resource: group.name },
        });
    }
    return out;
  },
};

import type { AuditEstate } from '../model/audit-estate.js';
import type { RuleOutcome } from './audit-rule.js';
import { compliant, functionSubject, notApplicable } from './audit-rule.js';
import { roleOfFunction } from './estate-index.js';
import { canWriteLogGroup, isLiteralLogGroup, logGroupOf } from './log-write-access.js';

/**
 * The walk both logging rules share: for the functions `custom` selects (LoggingConfig group or
 * the default one), whether their role can write to the group.
 */
export function checkLogWrites(estate: AuditEstate, custom: boolean): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  for (const fn of estate.functions) {
    const subject = functionSubject(fn.id);
    if ((fn.customLogGroup !== undefined) !== custom) {
      out.push(
        notApplicable(
          subject,
          custom ? 'logs to its default log group' : 'logs to a custom LoggingConfig group',
        ),
      );
      continue;
    }
    const group = logGroupOf(fn);
    if (group === undefined || !isLiteralLogGroup(group)) {
      out.push(
        notApplicable(subject, group ? `unresolved log group: ${group}` : 'the function name is not known'),
      );
      continue;
    }
    const role = roleOfFunction(estate, fn);
    if (!role) {
      out.push(notApplicable(subject, `its role is not in the estate (${fn.roleText ?? 'none given'})`));
      continue;
    }
    const verdict = canWriteLogGroup(role, fn, group);
    if (verdict.kind === 'yes') out.push(compliant(subject));
    else if (verdict.kind === 'unknown') out.push(notApplicable(subject, verdict.reason));
    else
      out.push({
        kind: 'finding',
        subject,
        message: `the role ${role.name ?? role.id} cannot write to log group ${group} (missing ${verdict.missing.join(', ')})`,
        evidence: [
          {
            source: 'policy',
            detail: `no Allow statement or known managed policy grants ${verdict.missing.join(', ')} on ${group}`,
          },
        ],
        detail: { resource: group, action: verdict.missing[0] },
      });
  }
  return out;
}

import type { AuditRule } from '../audit-rule.js';
import { checkLogWrites } from '../log-write-rule.js';

/** A function's LoggingConfig log group that its execution role cannot write to. */
export const customLogGroupUnreachableRule: AuditRule = {
  id: 'lambda-custom-log-group-unreachable',
  title: "Execution role cannot write to the function's custom log group",
  rationale:
    'With LoggingConfig.LogGroup set, Lambda writes to that group, not /aws/lambda/<name>. Roles written ' +
    'for the default group lose every log line once the group changes.',
  fix: 'Allow logs:CreateLogStream and logs:PutLogEvents on the custom log group.',
  references: [{ scanner: 'cfn-nag', id: 'W58' }],
  check(estate) {
    return checkLogWrites(estate, true);
  },
};

import type { AuditRule } from '../audit-rule.js';
import { checkLogWrites } from '../log-write-rule.js';

/** The execution role cannot write to the function's default log group `/aws/lambda/<name>`. */
export const roleCannotWriteLogsRule: AuditRule = {
  id: 'lambda-role-cannot-write-logs',
  title: "Execution role cannot write the function's logs",
  rationale:
    "Lambda delivers a function's logs with its execution role. Without logs:CreateLogStream and " +
    'logs:PutLogEvents on its log group, the function runs with no logs at all.',
  fix: 'Allow logs:CreateLogStream and logs:PutLogEvents on the log group (or attach AWSLambdaBasicExecutionRole).',
  references: [{ scanner: 'cfn-nag', id: 'W58' }],
  check(estate) {
    return checkLogWrites(estate, false);
  },
};

import type { AuditRule } from '../audit-rule.js';
import { cloudsplainingCategories } from '../cloudsplaining-categories.js';
import { checkUnconstrainedRisk, hitOfActions } from '../unconstrained-risk.js';

/** Reads cloudsplaining lists as data exfiltration (s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue) on every resource. */
export const dataExfiltrationRule: AuditRule = {
  id: 'lambda-role-data-exfiltration',
  title: 'Execution role may read every object, parameter or secret',
  rationale:
    'Unconstrained s3:GetObject, ssm:GetParameter* and secretsmanager:GetSecretValue let the function ' +
    'read every bucket, parameter and secret of the account: the classic path of data leaks.',
  fix: 'Name the buckets, parameters and secrets the function reads.',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_108' },
    { scanner: 'checkov', id: 'CKV_AWS_288' },
    { scanner: 'cloudsplaining', id: 'DataExfiltration' },
  ],
  check(estate, context) {
    return checkUnconstrainedRisk(estate, context, 'data exfiltration', (grants) =>
      hitOfActions(grants, cloudsplainingCategories.dataExfiltration),
    );
  },
};

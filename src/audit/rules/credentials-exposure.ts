import type { AuditRule } from '../audit-rule.js';
import { cloudsplainingCategories } from '../cloudsplaining-categories.js';
import { checkUnconstrainedRisk, hitOfActions } from '../unconstrained-risk.js';

/** Actions whose responses carry credentials (sts:AssumeRole, iam:CreateAccessKey, ...) on every resource. */
export const credentialsExposureRule: AuditRule = {
  id: 'lambda-role-credentials-exposure',
  title: 'Execution role may obtain other credentials',
  rationale:
    'Some calls return credentials in their response (sts:AssumeRole, iam:CreateAccessKey, ' +
    'ecr:GetAuthorizationToken, ...). Allowed on "*", they turn a compromised function into keys for other identities.',
  fix: 'Remove these actions, or name the roles, users or registries they apply to.',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_107' },
    { scanner: 'checkov', id: 'CKV_AWS_287' },
    { scanner: 'cloudsplaining', id: 'CredentialsExposure' },
  ],
  check(estate, context) {
    return checkUnconstrainedRisk(estate, context, 'credentials exposure', (grants) =>
      hitOfActions(grants, cloudsplainingCategories.credentialsExposure),
    );
  },
};

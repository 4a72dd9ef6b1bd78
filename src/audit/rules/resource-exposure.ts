import type { AuditRule } from '../audit-rule.js';
import { accessLevelsOf, isRestrictable } from '../statement-grants.js';
import { checkUnconstrainedRisk, hitOfActions } from '../unconstrained-risk.js';

/** Permissions-management actions (resource policies, sharing) on every resource, as cloudsplaining defines it. */
export const resourceExposureRule: AuditRule = {
  id: 'lambda-role-resource-exposure',
  title: 'Execution role may change who can access resources',
  rationale:
    'Permissions-management actions (PutBucketPolicy, AddPermission, CreateGrant, ...) on "*" let the ' +
    'function open any resource of the account to other accounts or the public.',
  fix: 'Remove the permissions-management actions, or name the resources they may change.',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_109' },
    { scanner: 'checkov', id: 'CKV_AWS_289' },
    { scanner: 'cloudsplaining', id: 'ResourceExposure' },
  ],
  check(estate, context) {
    const catalog = context.catalog.actions;
    return checkUnconstrainedRisk(estate, context, 'resource exposure', (grants) =>
      hitOfActions(
        grants,
        [...grants.values()]
          .map((g) => g.action)
          .filter(
            (a) =>
              isRestrictable(a, catalog) && accessLevelsOf(a, catalog).includes('Permissions management'),
          )
          .map((a) => a.toLowerCase()),
      ),
    );
  },
};

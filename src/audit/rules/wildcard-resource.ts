import { actionsGrantedBy } from '../../catalog/expand-action-pattern.js';
import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, notApplicable, roleSubject } from '../audit-rule.js';
import { isExecutionRole } from '../estate-index.js';
import { isVpcNetworkAction } from '../lambda-own-actions.js';
import { listSome } from '../list-some.js';
import {
  accessLevelsOf,
  isRestrictable,
  isUnconstrained,
  statementId,
  statementLabel,
  toPolicyStatement,
  unresolvedActions,
} from '../statement-grants.js';

/**
 * Write or permissions-management actions on `Resource: "*"` (or NotResource), where the action
 * could name its resources. Actions that take no resource type need `*` and are not findings;
 * tagging-only actions are left out, as cloudsplaining does, and so are the VPC network-interface
 * actions Lambda itself needs on `*`.
 */
export const wildcardResourceRule: AuditRule = {
  id: 'lambda-role-wildcard-resource',
  title: 'Execution role allows write or permissions-management actions on every resource',
  rationale:
    'Write and permissions-management actions on "*" let the function change or re-share every ' +
    'resource of that type in the account, not just the ones it works with.',
  fix: 'Name the resources (ARNs) the function writes to; `iamtrim suggest` scopes them from CloudTrail.',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_111' },
    { scanner: 'checkov', id: 'CKV_AWS_290' },
    { scanner: 'cfn-nag', id: 'W11' },
    { scanner: 'cfn-nag', id: 'W12' },
    { scanner: 'cfn-nag', id: 'W13' },
    { scanner: 'cdk-nag', id: 'AwsSolutions-IAM5' },
  ],
  check(estate, { catalog }) {
    const out: RuleOutcome[] = [];
    for (const role of estate.roles) {
      const subject = roleSubject(role.id);
      if (!isExecutionRole(estate, role)) {
        out.push(notApplicable(subject, 'not a Lambda execution role'));
        continue;
      }
      let found = false;
      const unresolved: string[] = [];
      for (const st of role.statements) {
        if (st.effect !== 'Allow' || !isUnconstrained(st)) continue;
        unresolved.push(...unresolvedActions(st));
        const writes = actionsGrantedBy(toPolicyStatement(st).actions, catalog.actions)
          .filter((a) => isRestrictable(a, catalog.actions) && !isVpcNetworkAction(a))
          .filter((a) => {
            const levels = accessLevelsOf(a, catalog.actions);
            return (
              !levels.includes('Tagging') &&
              (levels.includes('Write') || levels.includes('Permissions management'))
            );
          })
          .sort();
        if (!writes.length) continue;
        found = true;
        const on = st.resourceKey === 'NotResource' ? `NotResource ${st.resources.join(', ')}` : '"*"';
        out.push({
          kind: 'finding',
          subject,
          message: `${statementLabel(st)} allows ${writes.length} write action(s) on ${on}: ${listSome(writes)}`,
          evidence: [
            {
              source: 'policy',
              detail: `write actions on ${on}: ${writes.join(', ')}`,
              count: writes.length,
            },
          ],
          detail: {
            policy: st.policy,
            statement: statementId(st),
            resource: st.resourceKey === 'Resource' ? '*' : undefined,
          },
          location: st.place,
        });
      }
      if (!found)
        out.push(
          unresolved.length
            ? notApplicable(subject, `unresolved action values on "*": ${unresolved.join(', ')}`)
            : compliant(subject),
        );
    }
    return out;
  },
};

import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, notApplicable, roleSubject } from '../audit-rule.js';
import { isExecutionRole } from '../estate-index.js';
import { isLiteralAction, statementId, statementLabel, unresolvedActions } from '../statement-grants.js';

/** `*`, `service:*` (every action of a service), or an Allow with `NotAction`. */
export const wildcardActionRule: AuditRule = {
  id: 'lambda-role-wildcard-action',
  title: 'Execution role allows every action, or every action of a service',
  rationale:
    'A function needs a handful of named actions. `*`, `service:*` and Allow with NotAction grant ' +
    'every present and future action, so a flaw in the code reaches everything the role can touch.',
  fix: 'Name the actions the function calls (`iamtrim suggest` lists them from CloudTrail).',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_1' },
    { scanner: 'checkov', id: 'CKV_AWS_49' },
    { scanner: 'checkov', id: 'CKV_AWS_62' },
    { scanner: 'checkov', id: 'CKV_AWS_63' },
    { scanner: 'security-hub', id: 'IAM.1' },
    { scanner: 'security-hub', id: 'IAM.21' },
    { scanner: 'cfn-nag', id: 'F3' },
    { scanner: 'cfn-nag', id: 'F4' },
    { scanner: 'cfn-nag', id: 'F5' },
    { scanner: 'cdk-nag', id: 'AwsSolutions-IAM5' },
    { scanner: 'cdk-nag', id: 'LambdaStarPermissions' },
  ],
  check(estate) {
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
        if (st.effect !== 'Allow') continue;
        unresolved.push(...unresolvedActions(st));
        const detail = { policy: st.policy, statement: statementId(st) };
        if (st.actionKey === 'NotAction') {
          found = true;
          out.push({
            kind: 'finding',
            subject,
            message: `${statementLabel(st)} allows every action except ${st.actions.join(', ')} (Allow with NotAction)`,
            evidence: [{ source: 'policy', detail: `NotAction: ${st.actions.join(', ')}` }],
            detail,
            location: st.place,
          });
          continue;
        }
        for (const action of st.actions) {
          if (!isLiteralAction(action) || !(action === '*' || action.endsWith(':*'))) continue;
          found = true;
          out.push({
            kind: 'finding',
            subject,
            message:
              action === '*'
                ? `${statementLabel(st)} allows every action ("*")`
                : `${statementLabel(st)} allows every ${action.slice(0, -2)} action ("${action}")`,
            evidence: [
              { source: 'policy', detail: `Action: ${action}; Resource: ${st.resources.join(', ')}` },
            ],
            detail: { ...detail, action },
            location: st.place,
          });
        }
      }
      if (!found)
        out.push(
          unresolved.length
            ? notApplicable(subject, `unresolved action values: ${unresolved.join(', ')}`)
            : compliant(subject),
        );
    }
    return out;
  },
};

import { statementCoversAction } from '../../policy/match-statement.js';
import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, notApplicable, roleSubject } from '../audit-rule.js';
import { isExecutionRole } from '../estate-index.js';
import { statementId, statementLabel, toPolicyStatement, unresolvedActions } from '../statement-grants.js';

// Every role of an account (or of every account): `*`, `arn:aws:iam::123456789012:role/*`, `arn:*:iam::*:*`.
const ANY_ROLE = /^arn:[^:]*:iam::[^:]*:(\*|role\/\*)$/;

/** `iam:PassRole` on every role, without a Condition (such as `iam:PassedToService`) narrowing it. */
export const passRoleWildcardRule: AuditRule = {
  id: 'lambda-role-passrole-wildcard',
  title: 'Execution role may pass any role to a service',
  rationale:
    'iam:PassRole on "*" lets the function hand any role of the account, including an administrator ' +
    'role, to a service it can create resources in: a privilege escalation one call away.',
  fix: 'Name the roles the function passes, and add an iam:PassedToService condition.',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_110' },
    { scanner: 'checkov', id: 'CKV_AWS_286' },
    { scanner: 'prowler', id: 'iam_policy_allows_privilege_escalation' },
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
        if (st.effect !== 'Allow' || st.hasCondition) continue;
        unresolved.push(...unresolvedActions(st));
        if (!statementCoversAction(toPolicyStatement(st), 'iam:PassRole')) continue;
        const anyRole =
          st.resourceKey === 'NotResource' || st.resources.some((r) => r === '*' || ANY_ROLE.test(r));
        if (!anyRole) continue;
        found = true;
        out.push({
          kind: 'finding',
          subject,
          message: `${statementLabel(st)} allows iam:PassRole on ${st.resourceKey === 'NotResource' ? 'every role but a few' : 'every role'}`,
          evidence: [
            {
              source: 'policy',
              detail: `${st.actionKey}: ${st.actions.join(', ')}; ${st.resourceKey}: ${st.resources.join(', ')}`,
            },
          ],
          detail: { policy: st.policy, statement: statementId(st), action: 'iam:PassRole' },
          location: st.place,
        });
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

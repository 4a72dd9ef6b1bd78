import type { AuditRule } from '../audit-rule.js';
import { cloudsplainingCategories } from '../cloudsplaining-categories.js';
import { checkUnconstrainedRisk } from '../unconstrained-risk.js';

/** Every action of one of cloudsplaining's privilege-escalation methods, on every resource. */
export const privilegeEscalationRule: AuditRule = {
  id: 'lambda-role-privilege-escalation',
  title: 'Execution role allows a known privilege-escalation path',
  rationale:
    'Some combinations of actions let whoever holds them grant themselves more: attach a policy to ' +
    'their own role, pass a role to a new function and run it, create access keys. Code injected into ' +
    'the function inherits that path.',
  fix: 'Remove the actions of the path, or scope them to named resources with conditions.',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_110' },
    { scanner: 'checkov', id: 'CKV_AWS_286' },
    { scanner: 'prowler', id: 'iam_policy_allows_privilege_escalation' },
    { scanner: 'cloudsplaining', id: 'PrivilegeEscalation' },
  ],
  check(estate, context) {
    return checkUnconstrainedRisk(estate, context, 'privilege escalation', (grants) => {
      const methods = Object.entries(cloudsplainingCategories.privilegeEscalation)
        .filter(([, actions]) => actions.every((a) => grants.has(a)))
        .sort(([a], [b]) => (a < b ? -1 : 1));
      if (!methods.length) return undefined;
      return {
        items: methods.map(([name]) => name),
        evidence: methods.map(([name, actions]) => ({
          source: 'policy',
          detail: `${name}: ${actions.map((a) => grants.get(a)!.action).join(' + ')}`,
        })),
        statements: methods.flatMap(([, actions]) => actions.flatMap((a) => grants.get(a)!.statements)),
      };
    });
  },
};

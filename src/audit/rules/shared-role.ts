import type { AuditFunction } from '../../model/audit-estate.js';
import type { FindingEvidence } from '../../model/finding.js';
import type { AuditContext, AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, notApplicable, roleSubject } from '../audit-rule.js';
import { functionNameOf, isExecutionRole } from '../estate-index.js';
import { listSome } from '../list-some.js';
import { actionsByFunction, principalOfRole } from '../role-usage.js';

/**
 * One role for two or more functions: in the estate (same `AuditFunction.role`), or the same
 * role ARN written on functions whose role is outside the estate. With evidence, whether the
 * functions' used sets are disjoint, and the split: one policy per function from what it used.
 */
export const sharedRoleRule: AuditRule = {
  id: 'lambda-shared-role',
  title: 'Several functions share one execution role',
  rationale:
    "A shared role holds the union of every function's needs, so each function can do what all the " +
    'others do; least privilege per function is impossible.',
  fix: 'Give each function its own role with the permissions it uses (`iamtrim suggest` proposes one policy per function).',
  references: [{ scanner: 'cdk-nag', id: 'LambdaSharedRole' }],
  check(estate, context) {
    const out: RuleOutcome[] = [];
    for (const role of estate.roles) {
      const subject = roleSubject(role.id);
      const functions = estate.functions.filter((f) => f.role === role.id);
      if (functions.length >= 2)
        out.push(sharedFinding(role.id, role.arn ?? role.id, functions, context, role));
      else if (functions.length === 1) out.push(compliant(subject));
      else if (isExecutionRole(estate, role))
        out.push(notApplicable(subject, 'no function of the estate runs as it'));
      else out.push(notApplicable(subject, 'not a Lambda execution role'));
    }
    // Roles outside the estate, written as the same literal ARN on several functions.
    const byText = new Map<string, AuditFunction[]>();
    for (const f of estate.functions)
      if (f.role === undefined && f.roleText?.startsWith('arn:'))
        byText.set(f.roleText, [...(byText.get(f.roleText) ?? []), f]);
    for (const [arn, functions] of [...byText].sort(([a], [b]) => (a < b ? -1 : 1)))
      out.push(
        functions.length >= 2
          ? sharedFinding(arn, arn, functions, context, arn)
          : compliant(roleSubject(arn)),
      );
    return out;
  },
};

function sharedFinding(
  id: string,
  label: string,
  functions: readonly AuditFunction[],
  context: AuditContext,
  role: Parameters<typeof principalOfRole>[1],
): RuleOutcome {
  const names = functions.map((f) => functionNameOf(f) ?? f.id).sort();
  const evidence: FindingEvidence[] = [
    { source: 'estate', detail: `functions: ${names.join(', ')}`, count: names.length },
  ];
  let verdict = '';
  const principal = context.usage ? principalOfRole(context.usage, role) : undefined;
  if (principal) {
    const used = actionsByFunction(principal);
    const sets = functions.map((f) => used.get(functionNameOf(f) ?? f.id) ?? []);
    const seen = new Map<string, number>();
    for (const s of sets) for (const a of s) seen.set(a, (seen.get(a) ?? 0) + 1);
    const shared = [...seen]
      .filter(([, n]) => n > 1)
      .map(([a]) => a)
      .sort();
    verdict = shared.length
      ? `; the evidence shows them sharing ${shared.length} action(s): ${listSome(shared)}`
      : '; the evidence shows disjoint used sets, so the role splits cleanly';
    functions.forEach((f, i) => {
      const name = functionNameOf(f) ?? f.id;
      const set = sets[i]!;
      evidence.push({
        source: 'cloudtrail',
        detail: set.length
          ? `proposed policy for ${name}: ${set.join(', ')}`
          : `${name}: no calls seen (its policy cannot be proposed from this evidence)`,
        count: set.length,
      });
    });
  }
  return {
    kind: 'finding',
    subject: roleSubject(id),
    message: `${functions.length} functions run as ${label}: ${listSome(names)}${verdict}`,
    evidence,
    // A role outside the estate has no place of its own: point at the first function naming it.
    ...(typeof role === 'string' && functions[0] ? { location: functions[0].place } : {}),
  };
}

import type { AuditEstate, AuditFunction } from '../../model/audit-estate.js';
import type { FindingEvidence } from '../../model/finding.js';
import type { AuditContext, AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, notApplicable } from '../audit-rule.js';
import { functionNameOf, roleOfFunction } from '../estate-index.js';
import { isLambdaOwnManagedPolicy, managedPolicyName } from '../managed-policies.js';
import { actionsByFunction, principalOfRole } from '../role-usage.js';
import { isLambdaOwnAction } from '../lambda-own-actions.js';
import { isLiteralAction, statementLabel } from '../statement-grants.js';

/** `TracingConfig` not `Active` on a function that calls other AWS services or functions. */
export const tracingInactiveRule: AuditRule = {
  id: 'lambda-tracing-inactive',
  title: 'Function calls other services without active X-Ray tracing',
  rationale:
    'A function that calls other services or functions is one hop of a distributed request; without ' +
    'active tracing, a failure or a slow call downstream cannot be followed back to it.',
  fix: 'Set TracingConfig Mode to Active (and allow xray:PutTraceSegments and xray:PutTelemetryRecords).',
  references: [
    { scanner: 'checkov', id: 'CKV_AWS_50' },
    { scanner: 'security-hub', id: 'Lambda.7' },
    { scanner: 'cdk-nag', id: 'LambdaTracing' },
  ],
  check(estate, context) {
    const out: RuleOutcome[] = [];
    for (const fn of estate.functions) {
      const subject = functionSubject(fn.id);
      if (fn.tracing === 'Active') {
        out.push(compliant(subject));
        continue;
      }
      if (fn.tracing !== undefined && fn.tracing !== 'PassThrough') {
        out.push(notApplicable(subject, `unresolved TracingConfig mode: ${fn.tracing}`));
        continue;
      }
      const calls = callsOtherServices(estate, fn, context);
      if (calls.kind === 'yes')
        out.push({
          kind: 'finding',
          subject,
          message: `tracing is ${fn.tracing ?? 'not set (PassThrough)'}, yet the function calls other AWS services`,
          evidence: calls.evidence,
          detail: { action: 'xray:PutTraceSegments' },
        });
      else if (calls.kind === 'no') out.push(compliant(subject));
      else out.push(notApplicable(subject, calls.reason));
    }
    return out;
  },
};

type Calls =
  { kind: 'yes'; evidence: FindingEvidence[] } | { kind: 'no' } | { kind: 'unknown'; reason: string };

/** From the evidence (what it used) or, failing that, the role's grants. */
function callsOtherServices(estate: AuditEstate, fn: AuditFunction, context: AuditContext): Calls {
  const role = roleOfFunction(estate, fn);
  const evidence: FindingEvidence[] = [];
  const roleRef = role ?? (fn.roleText?.startsWith('arn:') ? fn.roleText : undefined);
  const principal = context.usage && roleRef ? principalOfRole(context.usage, roleRef) : undefined;
  const name = functionNameOf(fn);
  if (principal && name) {
    const used = (actionsByFunction(principal).get(name) ?? []).filter((a) => !isLambdaOwnAction(a));
    if (used.length)
      evidence.push({ source: 'cloudtrail', detail: `calls seen: ${used.join(', ')}`, count: used.length });
  }
  if (role) {
    for (const st of role.statements) {
      if (st.effect !== 'Allow') continue;
      const others =
        st.actionKey === 'NotAction'
          ? ['every action but ' + st.actions.join(', ')]
          : st.actions.filter((a) => isLiteralAction(a) && !isLambdaOwnAction(a));
      if (others.length)
        evidence.push({ source: 'policy', detail: `${statementLabel(st)} grants ${others.join(', ')}` });
    }
    // An unresolved reference (`data.aws_iam_policy.basic.arn`) may well be a Lambda-own policy: not evidence.
    for (const p of role.managedPolicies)
      if (managedPolicyName(p.ref) !== undefined && !isLambdaOwnManagedPolicy(p.ref))
        evidence.push({ source: 'policy', detail: `managed policy ${managedPolicyName(p.ref)}` });
  }
  if (evidence.length) return { kind: 'yes', evidence };
  if (!role)
    return {
      kind: 'unknown',
      reason: `its role is not in the estate and the evidence shows no calls (${fn.roleText ?? 'no role'})`,
    };
  const unresolved = [
    ...role.statements.flatMap((st) =>
      st.effect === 'Allow' ? st.actions.filter((a) => !isLiteralAction(a)) : [],
    ),
    ...role.managedPolicies.filter((p) => managedPolicyName(p.ref) === undefined).map((p) => p.ref),
  ];
  if (unresolved.length) return { kind: 'unknown', reason: `unresolved grants: ${unresolved.join(', ')}` };
  return { kind: 'no' };
}

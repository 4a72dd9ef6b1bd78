import type { AuditFunction } from '../../model/audit-estate.js';
import type { FindingEvidence } from '../../model/finding.js';
import type { AuditRule, RuleOutcome } from '../audit-rule.js';
import { compliant, functionSubject, notApplicable } from '../audit-rule.js';
import { functionNameOf } from '../estate-index.js';

/**
 * With Lambda data events in the evidence: `Invoke` calls from principals that are neither a
 * service (API Gateway and event sources call as AWS services, which the evidence keeps apart)
 * nor named by the function's configured invokers or resource policy.
 */
export const unexpectedInvokerRule: AuditRule = {
  id: 'lambda-unexpected-invoker',
  title: 'The function is invoked by callers it is not configured for',
  rationale:
    'The checklist allows invocation through API Gateway and the configured event sources only. Direct ' +
    'Invoke calls from other identities bypass the API layer; CloudTrail shows who they are.',
  fix: 'Confirm the caller is intended, then name it in a resource policy or trigger; otherwise remove its lambda:InvokeFunction grant.',
  references: [],
  check(estate, { usage }) {
    const out: RuleOutcome[] = [];
    const covered = usage?.stats.dataEventSources.includes('lambda.amazonaws.com') ?? false;
    for (const fn of estate.functions) {
      const subject = functionSubject(fn.id);
      if (!usage || !covered) {
        out.push(notApplicable(subject, 'no Lambda data events (Invoke) in the evidence'));
        continue;
      }
      const name = functionNameOf(fn);
      if (!name) {
        out.push(
          notApplicable(subject, 'the function name is not known, so its Invoke events cannot be matched'),
        );
        continue;
      }
      const callers: { arn: string; evidence: FindingEvidence }[] = [];
      let calls = 0;
      for (const p of usage.principals) {
        for (const a of p.actions) {
          if (
            a.action.toLowerCase() !== 'lambda:invokefunction' ||
            !a.resources.some((r) => namesFunction(r, fn, name))
          )
            continue;
          calls += a.count;
          if (isExpected(p.arn, fn)) continue;
          callers.push({
            arn: p.arn,
            evidence: {
              source: 'cloudtrail',
              detail: `lambda:InvokeFunction by ${p.arn}`,
              count: a.count,
              firstSeen: a.firstSeen,
              lastSeen: a.lastSeen,
              actor: p.arn,
            },
          });
        }
      }
      if (!calls) {
        out.push(
          notApplicable(
            subject,
            'no Invoke events for this function in the evidence (its data events may not be selected)',
          ),
        );
        continue;
      }
      if (!callers.length) {
        out.push(compliant(subject));
        continue;
      }
      for (const c of callers)
        out.push({
          kind: 'finding',
          subject,
          message: `${c.arn} invoked the function directly, and is neither a service nor a configured invoker`,
          evidence: [c.evidence],
          detail: { action: 'lambda:InvokeFunction', resource: c.arn },
        });
    }
    return out;
  },
};

/** `arn:...:function:<name>` with or without a qualifier, the name itself, or the function's ARN id. */
function namesFunction(resource: string, fn: AuditFunction, name: string): boolean {
  if (resource === fn.id || resource === name) return true;
  const m = /^arn:[\w-]+:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/.exec(resource);
  return m?.[1] === name;
}

/** Named by a configured invoker, or by a resource-policy principal (its ARN or its account). */
function isExpected(caller: string, fn: AuditFunction): boolean {
  if (fn.invokers.includes(caller)) return true;
  const account =
    /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(caller)?.[1] ?? /^account:(\d{12})$/.exec(caller)?.[1];
  return fn.permissions.some(
    (p) =>
      p.principal === caller ||
      (account !== undefined && (p.principal === account || p.principal === `arn:aws:iam::${account}:root`)),
  );
}

import type { AuditFunction, AuditRole } from '../model/audit-estate.js';
import { statementCoversAction } from '../policy/match-statement.js';
import { matchPattern } from '../policy/wildcard.js';
import { functionNameOf, functionScope } from './estate-index.js';
import { isAwsManaged, managedPolicyName, managedPolicyWritesLogs } from './managed-policies.js';
import {
  isLiteralResource,
  statementLabel,
  toPolicyStatement,
  unresolvedActions,
} from './statement-grants.js';

/** The two calls Lambda makes with the execution role to deliver a function's logs. */
export const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Can the role write to the log group? `unknown` carries why the estate cannot tell. */
export type LogWriteVerdict =
  | { readonly kind: 'yes'; readonly via: string }
  | { readonly kind: 'no'; readonly missing: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * A log stream ARN of the group to test `pattern` against. Where the function's region, account
 * or partition is unknown (a template), the pattern's own literal segment stands in, so only the
 * group name decides; `*` in an ARN crosses colons, so a wildcard target would match any group.
 */
function streamArn(
  pattern: string,
  group: string,
  scope: { partition: string; region: string; account: string } | undefined,
): string {
  const seg = pattern.split(':');
  const literal = (i: number, fallback: string): string => {
    const s = seg[i];
    return s && !/[*?$]/.test(s) ? s : fallback;
  };
  const partition = scope?.partition ?? literal(1, 'aws');
  const region = scope?.region ?? literal(3, 'us-east-1');
  const account = scope?.account ?? literal(4, '123456789012');
  return `arn:${partition}:logs:${region}:${account}:log-group:${group}:log-stream:iamtrim-sample`;
}

/** The log group a function writes to: its LoggingConfig group, else `/aws/lambda/<name>`. */
export function logGroupOf(fn: AuditFunction): string | undefined {
  if (fn.customLogGroup !== undefined) return fn.customLogGroup;
  const name = functionNameOf(fn);
  return name === undefined ? undefined : `/aws/lambda/${name}`;
}

/** Whether a log group name as written is literal (not an unresolved template value). */
export function isLiteralLogGroup(name: string): boolean {
  // `aws_cloudwatch_log_group.custom.name` is a Terraform reference, not a group named so.
  return /^[\w#/.-]+$/.test(name) && !/^(data|module|var|local|aws_\w+)\./.test(name);
}

/**
 * Whether the role's statements allow `logs:CreateLogStream` and `logs:PutLogEvents` on a
 * stream of the group, with the project's statement matching. Region and account come from a
 * live function's ARN; for a template function they are unknown, and only the group decides. Deny statements are not weighed:
 * the rule reports a missing grant, never a present one it might misjudge.
 */
export function canWriteLogGroup(role: AuditRole, fn: AuditFunction, group: string): LogWriteVerdict {
  const scope = functionScope(fn);
  const viaManaged = role.managedPolicies.find((p) => managedPolicyWritesLogs(p.ref) === 'yes');
  if (viaManaged) return { kind: 'yes', via: `managed policy ${managedPolicyName(viaManaged.ref)}` };
  const missing: string[] = [];
  const vias: string[] = [];
  let unknown: string | undefined;
  for (const action of LOG_WRITE_ACTIONS) {
    let granted: string | undefined;
    for (const st of role.statements) {
      if (st.effect !== 'Allow') continue;
      if (unresolvedActions(st).length) unknown ??= `${statementLabel(st)} has unresolved actions`;
      if (!statementCoversAction(toPolicyStatement(st), action)) continue;
      if (st.resourceKey === 'NotResource') {
        if (!st.resources.some((r) => matchPattern(r, streamArn(r, group, scope), false) === 'yes'))
          granted = statementLabel(st);
      } else if (
        st.resources.some(
          (r) => isLiteralResource(r) && matchPattern(r, streamArn(r, group, scope), false) !== 'no',
        )
      ) {
        granted = statementLabel(st);
      } else if (st.resources.some((r) => !isLiteralResource(r))) {
        unknown ??= `${statementLabel(st)} grants ${action} on unresolved resources`;
      }
      if (granted) break;
    }
    if (granted) vias.push(granted);
    else missing.push(action);
  }
  if (!missing.length) return { kind: 'yes', via: [...new Set(vias)].join(', ') };
  // A customer-managed policy's statements are in the estate; any other reference (an AWS
  // managed policy not listed, or an unresolved `data.aws_iam_policy.x.arn`) may grant it.
  const opaque = role.managedPolicies.filter((p) => !(p.ref.startsWith('arn:') && !isAwsManaged(p.ref)));
  if (opaque.length)
    return {
      kind: 'unknown',
      reason: `attached managed policies whose statements are not known: ${opaque.map((p) => p.ref).join(', ')}`,
    };
  return unknown ? { kind: 'unknown', reason: unknown } : { kind: 'no', missing };
}

import { diffPolicies } from '../diff/policy-diff.js';
import type { ApplyPlan, PolicyChange } from '../model/apply-plan.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { renderPolicyDiff } from './policy-diff-text.js';
import { terminalSafe } from './terminal-safe.js';

/** One line per change, as the plan output and the progress log say it. */
export function describeChange(change: PolicyChange): string[] {
  switch (change.kind) {
    case 'put-inline':
      return [`replace inline policy ${change.name} (PutRolePolicy)`];
    case 'delete-inline':
      return [`delete inline policy ${change.name}: nothing in it is needed (DeleteRolePolicy)`];
    case 'new-version':
      return [
        `replace ${change.arn} with a new default version (CreatePolicyVersion; the oldest non-default version is deleted when five exist)`,
      ];
    case 'replace-aws-managed':
      return [
        `create ${change.copyArn}, the tightened copy of AWS-managed ${change.name} (CreatePolicy)`,
        `attach ${change.copyArn} (AttachRolePolicy)`,
        `detach ${change.arn} (DetachRolePolicy)`,
      ];
    case 'detach':
      return [`detach ${change.arn}: nothing in it is needed (DetachRolePolicy)`];
  }
}

/**
 * The plan for people, as `apply` prints it without `--yes`: what is created, replaced,
 * deleted or detached, then the statement-level diff of each changed policy. Every value
 * from a policy or a name is made terminal-safe.
 */
export function renderApplyPlan(plan: ApplyPlan, options: { readonly color: boolean }): string {
  const s = terminalSafe;
  const out: string[] = [`Plan for role ${s(plan.roleArn)} (made ${s(plan.createdAt)})`];
  if (plan.changes.length === 0) {
    out.push('  nothing to change: every policy is already as tight as the evidence allows');
    return out.join('\n') + '\n';
  }
  for (const c of plan.changes) for (const line of describeChange(c)) out.push(`  - ${s(line)}`);
  out.push('');
  const diffs = plan.changes.flatMap((c) => {
    const source = c.kind === 'put-inline' || c.kind === 'delete-inline' ? `inline policy ${c.name}` : c.arn;
    const before = parsePolicy(c.before, source);
    const after = parsePolicy('after' in c ? c.after : { Version: '2012-10-17', Statement: [] }, source);
    return before.kind === 'policy' && after.kind === 'policy'
      ? [diffPolicies(before.policy, after.policy)]
      : [];
  });
  out.push(renderPolicyDiff(diffs, { color: options.color }).trimEnd());
  return out.join('\n') + '\n';
}

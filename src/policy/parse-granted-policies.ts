import type { AccountRole } from '../model/account-role.js';
import { parsePolicy, type PolicyProblem } from './parse-policy.js';
import type { Policy } from './policy.js';

/** Which IAM size limit applies (verify's `PolicyKind`): inline ones share one per role, managed ones have their own. */
type PolicyKind = 'managed' | 'inline';

/** One role's grants in the form `suggestRole` takes. */
export interface GrantedPolicies {
  /** Inline and attached policies, in IAM's order; the boundary is not among them. */
  readonly policies: readonly Policy[];
  /** Policy source → its kind, keyed by `Policy.source`. */
  readonly kinds: ReadonlyMap<string, PolicyKind>;
  /** What the user should know (an AWS-managed policy, a boundary, no policy at all). */
  readonly notes: readonly string[];
  /** Policies that do not parse, by source: nothing can be tightened from them. */
  readonly invalid: readonly { readonly source: string; readonly problems: readonly PolicyProblem[] }[];
}

/**
 * The source label of a granted policy: the managed policy's ARN, or where the inline one
 * lives. The same labels whether the role was read live or from a file, so output is identical.
 */
export function grantedPolicySource(
  roleArn: string,
  policy: { readonly name: string; readonly arn?: string },
): string {
  return policy.arn ?? `${roleArn} inline policy ${policy.name}`;
}

/**
 * Parses a role's inline and attached policies for `suggestRole`. The permissions boundary
 * only caps, so it is noted, not tightened (a boundary is not a grant); an AWS-managed policy
 * cannot be edited, which the notes say.
 */
export function parseGrantedPolicies(role: AccountRole): GrantedPolicies {
  const policies: Policy[] = [];
  const kinds = new Map<string, PolicyKind>();
  const notes: string[] = [];
  const invalid: { source: string; problems: readonly PolicyProblem[] }[] = [];
  for (const p of role.policies) {
    const source = grantedPolicySource(role.arn, p);
    const parsed = parsePolicy(p.document, source);
    if (parsed.kind !== 'policy') {
      invalid.push({ source, problems: parsed.problems });
      continue;
    }
    kinds.set(source, p.kind === 'inline' ? 'inline' : 'managed');
    policies.push(parsed.policy);
    if (p.kind === 'aws-managed')
      notes.push(
        `${p.arn ?? p.name} is AWS-managed and cannot be edited: detach it and attach a customer-managed policy with the tightened content`,
      );
  }
  if (role.boundary)
    notes.push(
      `permissions boundary ${role.boundary.arn ?? role.boundary.name} caps the role; it is not tightened`,
    );
  if (role.policies.length === 0) notes.push(`${role.arn} has no inline or attached policies`);
  return { policies, kinds, notes, invalid };
}

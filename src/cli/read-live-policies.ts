import type { AwsClientConfig } from '../aws/aws-config.js';
import { chainRegion } from './aws-options.js';
import { readRolePolicies, type RolePolicies, type RolePolicy } from '../aws/read-role-policies.js';
import { InputError } from '../errors/iamtrim-error.js';
import type { AccountRole, GrantedPolicy } from '../model/account-role.js';
import { parseGrantedPolicies } from '../policy/parse-granted-policies.js';
import type { Policy } from '../policy/policy.js';
import { sdk } from '../sdk/require-sdk.js';

/**
 * The role's policies as IAM has them: inline and attached, each parsed as if read from a
 * file named after where it lives. The permissions boundary only caps, so it is reported,
 * not tightened; an AWS-managed policy cannot be edited, which the notes say.
 */
export async function readLivePolicies(
  role: string,
  config: AwsClientConfig,
): Promise<{ policies: Policy[]; notes: string[]; kinds: Map<string, 'managed' | 'inline'> }> {
  // IAM is global, but its endpoint is per partition: the configured region picks it
  // (cn-north-1 → aws-cn); us-east-1 only when nothing is configured.
  const { IAMClient } = sdk('@aws-sdk/client-iam');
  const client = new IAMClient({ ...config, region: (await chainRegion(config)) ?? 'us-east-1' });
  try {
    // The same parsing as --account-authorization, so both give the same suggestion.
    const granted = parseGrantedPolicies(accountRoleOf(await readRolePolicies(client, role)));
    const bad = granted.invalid[0];
    if (bad)
      throw new InputError(
        `the policy IAM returned does not parse: ${bad.problems.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
        bad.source,
      );
    return { policies: [...granted.policies], notes: [...granted.notes], kinds: new Map(granted.kinds) };
  } finally {
    client.destroy();
  }
}

/** What the per-role IAM calls read, in the shape the account-wide readers give. */
export function accountRoleOf(found: RolePolicies): AccountRole {
  const granted = (p: RolePolicy): GrantedPolicy => ({
    kind: p.kind,
    name: p.name,
    ...(p.arn !== undefined ? { arn: p.arn } : {}),
    ...(p.versionId !== undefined ? { versionId: p.versionId } : {}),
    document: p.document,
  });
  return {
    arn: found.roleArn,
    name: found.roleName,
    path: found.path,
    policies: found.policies.map(granted),
    ...(found.boundary ? { boundary: granted(found.boundary) } : {}),
  };
}

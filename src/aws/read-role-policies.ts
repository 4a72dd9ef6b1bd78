import type { IAMClient } from '@aws-sdk/client-iam';
import { AwsError } from '../errors/iamtrim-error.js';
import { managedPolicyKind } from '../policy/account-authorization-details.js';
import { decodePolicyText } from '../policy/decode-policy-text.js';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

export type RolePolicyKind = 'inline' | 'customer-managed' | 'aws-managed';

/** One policy that applies to the role, with its document parsed. */
export interface RolePolicy {
  readonly kind: RolePolicyKind;
  readonly name: string;
  /** Undefined for inline policies, which have no ARN of their own. */
  readonly arn: string | undefined;
  /** The managed policy's default version, e.g. `v3`. */
  readonly versionId: string | undefined;
  readonly document: unknown;
}

/** What IAM says about a role's permissions. */
export interface RolePolicies {
  readonly roleName: string;
  readonly roleArn: string;
  readonly path: string;
  readonly partition: string;
  readonly account: string;
  readonly policies: readonly RolePolicy[];
  /** The permissions boundary, when the role has one: it caps but grants nothing. */
  readonly boundary: RolePolicy | undefined;
}

/** `arn:aws:iam::123456789012:role/path/name` or a bare name → the role name. */
export function roleNameOf(roleArnOrName: string): string {
  if (!roleArnOrName.startsWith('arn:')) return roleArnOrName;
  const resource = roleArnOrName.split(':').slice(5).join(':');
  if (!resource.startsWith('role/'))
    throw new AwsError(`${roleArnOrName} is not an IAM role ARN (expected ...:role/<name>)`);
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** AWS-managed policies live in the pseudo-account `aws` of each partition. */
export function policyKind(policyArn: string): 'customer-managed' | 'aws-managed' {
  return managedPolicyKind(policyArn);
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986) inside the XML. The SDK does not decode
 * them; `decodePolicyText` (shared with the offline account file) does.
 */
export function decodePolicyDocument(encoded: string, where: string): unknown {
  const decoded = decodePolicyText(encoded);
  if (decoded.kind === 'invalid') throw new AwsError(`${where}: ${decoded.reason}`);
  return decoded.document;
}

/**
 * Reads every policy that shapes the role's permissions: inline, attached managed (default
 * version) and the permissions boundary. Calls are sequential: IAM throttles hard.
 */
export async function readRolePolicies(client: IAMClient, roleArnOrName: string): Promise<RolePolicies> {
  const { GetRoleCommand, GetRolePolicyCommand, paginateListAttachedRolePolicies, paginateListRolePolicies } =
    sdk('@aws-sdk/client-iam');
  const roleName = roleNameOf(roleArnOrName);
  const got = await awsCall(
    'GetRoleCommand',
    () => client.send(new GetRoleCommand({ RoleName: roleName })),
    roleName,
  );
  const role = got.Role;
  if (!role?.Arn) throw new AwsError(`iam GetRole for ${roleName} returned no role`);
  const [, partition = 'aws', , , account = ''] = role.Arn.split(':');

  const policies: RolePolicy[] = [];
  const inlineNames: string[] = [];
  await awsCall(
    'ListRolePoliciesCommand',
    async () => {
      for await (const page of paginateListRolePolicies({ client }, { RoleName: roleName }))
        inlineNames.push(...(page.PolicyNames ?? []));
    },
    roleName,
  );
  for (const policyName of inlineNames) {
    const p = await awsCall(
      'GetRolePolicyCommand',
      () => client.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
      `${roleName}/${policyName}`,
    );
    policies.push({
      kind: 'inline',
      name: policyName,
      arn: undefined,
      versionId: undefined,
      document: decodePolicyDocument(p.PolicyDocument ?? '', `inline policy ${policyName} of ${roleName}`),
    });
  }

  const attached: string[] = [];
  await awsCall(
    'ListAttachedRolePoliciesCommand',
    async () => {
      for await (const page of paginateListAttachedRolePolicies({ client }, { RoleName: roleName }))
        for (const a of page.AttachedPolicies ?? []) if (a.PolicyArn) attached.push(a.PolicyArn);
    },
    roleName,
  );
  for (const arn of attached) policies.push(await readManagedPolicy(client, arn));

  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  return {
    roleName,
    roleArn: role.Arn,
    path: role.Path ?? '/',
    partition,
    account,
    policies,
    boundary: boundaryArn ? await readManagedPolicy(client, boundaryArn) : undefined,
  };
}

/** A managed policy's default version. */
async function readManagedPolicy(client: IAMClient, policyArn: string): Promise<RolePolicy> {
  const { GetPolicyCommand, GetPolicyVersionCommand } = sdk('@aws-sdk/client-iam');
  const meta = await awsCall(
    'GetPolicyCommand',
    () => client.send(new GetPolicyCommand({ PolicyArn: policyArn })),
    policyArn,
  );
  const versionId = meta.Policy?.DefaultVersionId;
  if (!versionId) throw new AwsError(`iam GetPolicy for ${policyArn} returned no default version`);
  const version = await awsCall(
    'GetPolicyVersionCommand',
    () => client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
    `${policyArn} ${versionId}`,
  );
  return {
    kind: policyKind(policyArn),
    name: meta.Policy?.PolicyName ?? policyArn.slice(policyArn.lastIndexOf('/') + 1),
    arn: policyArn,
    versionId,
    document: decodePolicyDocument(version.PolicyVersion?.Document ?? '', `${policyArn} ${versionId}`),
  };
}

import { IAMClient } from '@aws-sdk/client-iam';
import type { AwsClientConfig } from '../aws/aws-config.js';
import { chainRegion } from './aws-options.js';
import { readRolePolicies } from '../aws/read-role-policies.js';
import { InputError } from '../errors/iamtrim-error.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';

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
  const client = new IAMClient({ ...config, region: (await chainRegion(config)) ?? 'us-east-1' });
  try {
    const found = await readRolePolicies(client, role);
    const policies: Policy[] = [];
    const notes: string[] = [];
    // Which IAM size limit applies: inline policies share one per role, managed ones have their own.
    const kinds = new Map<string, 'managed' | 'inline'>();
    for (const p of found.policies) {
      const source = p.arn ?? `${found.roleArn} inline policy ${p.name}`;
      kinds.set(source, p.kind === 'inline' ? 'inline' : 'managed');
      const parsed = parsePolicy(p.document, source);
      if (parsed.kind !== 'policy')
        throw new InputError(
          `the policy IAM returned does not parse: ${parsed.problems.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
          source,
        );
      policies.push(parsed.policy);
      if (p.kind === 'aws-managed')
        notes.push(
          `${p.arn ?? p.name} is AWS-managed and cannot be edited: detach it and attach a customer-managed policy with the tightened content`,
        );
    }
    if (found.boundary)
      notes.push(
        `permissions boundary ${found.boundary.arn ?? found.boundary.name} caps the role; it is not tightened`,
      );
    if (policies.length === 0) notes.push(`${found.roleArn} has no inline or attached policies`);
    return { policies, notes, kinds };
  } finally {
    client.destroy();
  }
}

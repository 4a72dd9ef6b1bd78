import type { PolicyKind } from '../verify/iam-limits.js';
import type { TemplateResource } from './cloudformation/template-resources.js';
import type { LocatedPolicy } from './template-policy.js';

/**
 * Which IAM size limit a template policy answers to. Managed: `AWS::IAM::ManagedPolicy`,
 * Terraform `aws_iam_policy` (and documents it uses), a bare policy file. Inline: a role's
 * or SAM function's `Policies:`, `AWS::IAM::Policy`, Serverless `iamRoleStatements`,
 * Terraform `aws_iam_role_policy` and `inline_policy`.
 */
export function templatePolicyKind(
  policy: LocatedPolicy,
  resources: ReadonlyMap<string, TemplateResource>,
): PolicyKind {
  switch (policy.format) {
    case 'policy-file':
      return 'managed';
    case 'serverless':
      return 'inline';
    case 'terraform':
      return /^aws_iam_policy\./.test(policy.path) || policy.managedPolicy !== undefined
        ? 'managed'
        : 'inline';
    case 'cloudformation': {
      const id = /^Resources\.([^.]+)\.Properties\.PolicyDocument(?:\.Statement)?$/.exec(policy.path)?.[1];
      return id !== undefined && resources.get(id)?.type === 'AWS::IAM::ManagedPolicy' ? 'managed' : 'inline';
    }
  }
}

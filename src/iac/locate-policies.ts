import { basename } from 'node:path';
import { locateCloudFormationPolicies } from './cloudformation.js';
import { locatePolicyFilePolicies } from './policy-file.js';
import { locateServerlessPolicies } from './serverless/locate-serverless.js';
import { locateTerraformPolicies } from './terraform/locate-terraform.js';
import type { LocatedPolicy } from './template-policy.js';

/** The template formats iamtrim can read, chosen by file name and content. */
export function locatePolicies(file: string, text: string): LocatedPolicy[] {
  const name = basename(file).toLowerCase();
  if (/^serverless\.ya?ml$/.test(name)) return locateServerlessPolicies(file, text);
  if (name.endsWith('.tf')) return locateTerraformPolicies(file, text).map(withAttachedRoles);
  if (/"Statement"\s*:/.test(text) && !/"Resources"\s*:/.test(text) && /^\s*\{/.test(text))
    return locatePolicyFilePolicies(file, text);
  return locateCloudFormationPolicies(file, text);
}

/**
 * The `aws_iam_role.x` addresses a Terraform policy's note names (where it is attached).
 * The Terraform locator writes them only into its note today; once it returns them itself
 * (see the split of terraform.ts), this goes.
 */
function withAttachedRoles(p: LocatedPolicy): LocatedPolicy {
  const roles = [...(p.note ?? '').matchAll(/\baws_iam_role\.([\w-]+)/g)].map(
    (m) => `aws_iam_role.${m[1] as string}`,
  );
  return roles.length > 0 ? { ...p, attachedRoles: roles } : p;
}

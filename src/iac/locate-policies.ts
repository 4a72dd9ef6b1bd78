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
  if (name.endsWith('.tf')) return locateTerraformPolicies(file, text);
  if (/"Statement"\s*:/.test(text) && !/"Resources"\s*:/.test(text) && /^\s*\{/.test(text))
    return locatePolicyFilePolicies(file, text);
  return locateCloudFormationPolicies(file, text);
}

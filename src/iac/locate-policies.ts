import { basename } from 'node:path';
import { locateCloudFormationPolicies } from './cloudformation/locate-cloudformation.js';
import { locatePolicyFilePolicies } from './policy-file.js';
import { locateServerlessPolicies } from './serverless/locate-serverless.js';
import { locateTerraformPolicies } from './terraform/locate-terraform.js';
import { findBoundProblem } from './template-bounds.js';
import type { IacFormat, LocatedPolicy } from './template-policy.js';
import { unreadableTemplate } from './unreadable-template.js';

/**
 * The template formats iamtrim can read, chosen by file name and content. A file that
 * cannot be read at all (empty, not valid YAML/JSON/HCL, over a bound of
 * `TEMPLATE_LIMITS`) is one `unreadable` entry, the same shape for every format.
 */
export function locatePolicies(file: string, text: string): LocatedPolicy[] {
  const format = formatOf(file, text);
  const problem =
    text.trim() === '' ? { reason: 'the file is empty' } : findBoundProblem(text, format !== 'terraform');
  if (problem) return [unreadableTemplate(file, format, text, problem)];
  try {
    switch (format) {
      case 'serverless':
        return locateServerlessPolicies(file, text);
      case 'terraform':
        return locateTerraformPolicies(file, text);
      case 'policy-file':
        return locatePolicyFilePolicies(file, text);
      case 'cloudformation':
        return locateCloudFormationPolicies(file, text);
    }
  } catch (error) {
    // The last guard against nesting the bounds above do not see (deep block YAML).
    if (!(error instanceof RangeError)) throw error;
    const reason = 'nested too deeply to read';
    return [unreadableTemplate(file, format, text, { reason })];
  }
}

/** The format of a template, chosen the way `locatePolicies` chooses it (file name, then content). */
export function formatOf(file: string, text: string): IacFormat {
  const name = basename(file).toLowerCase();
  if (/^serverless\.ya?ml$/.test(name)) return 'serverless';
  if (name.endsWith('.tf')) return 'terraform';
  if (/"Statement"\s*:/.test(text) && !/"Resources"\s*:/.test(text) && /^\s*\{/.test(text))
    return 'policy-file';
  return 'cloudformation';
}

import { InputError } from '../errors/iamtrim-error.js';
import { formatPolicyProblems, parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { readTextFile } from './read-text-file.js';

/** Reads and parses a policy file; a malformed policy is an error naming file and JSON path. */
export async function readPolicyFile(path: string): Promise<Policy> {
  const text = await readTextFile(path, 'policy');
  const result = parsePolicy(text, path);
  if (result.kind === 'invalid')
    throw new InputError(formatPolicyProblems(path, result.problems).slice(path.length + 2), path);
  return result.policy;
}

import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/iamtrim-error.js';
import { formatPolicyProblems, parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';

/** Reads and parses a policy file; a malformed policy is an error naming file and JSON path. */
export async function readPolicyFile(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read policy: ${(e as Error).message}`, path, { cause: e });
  }
  const result = parsePolicy(text, path);
  if (result.kind === 'invalid')
    throw new InputError(formatPolicyProblems(path, result.problems).slice(path.length + 2), path);
  return result.policy;
}

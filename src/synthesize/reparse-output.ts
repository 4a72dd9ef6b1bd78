import { InvariantError } from '../errors/iamtrim-error.js';
import { formatPolicyProblems, parsePolicy } from '../policy/parse-policy.js';
import type { PolicyDocumentJson } from '../policy/policy-json.js';
import type { Policy } from '../policy/policy.js';

/**
 * Parses a policy iamtrim itself wrote. It must parse: a document that does not is a bug in
 * the step named by `step`, never a user error.
 */
export function reparseOutput(doc: PolicyDocumentJson, source: string, step: string): Policy {
  const parsed = parsePolicy(doc, source);
  if (parsed.kind === 'invalid')
    throw new InvariantError(
      `${step} produced an invalid policy: ${formatPolicyProblems(source, parsed.problems)}`,
    );
  return parsed.policy;
}

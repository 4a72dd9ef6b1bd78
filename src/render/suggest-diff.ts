import { diffPolicies } from '../diff/policy-diff.js';
import { InvariantError } from '../errors/iamtrim-error.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { renderPolicyDiff } from './policy-diff-text.js';
import type { SuggestRenderer } from './suggest-renderer.js';

/** A statement- and action-level diff of each policy, with the decisions behind it. */
export const renderSuggestDiff: SuggestRenderer = ({ outcome, policies }, { color }) => {
  const { results } = outcome;
  const diffs = results.map((r, i) => {
    const before = policies[i] ?? mustParse(r.before, r.source);
    return diffPolicies(before, mustParse(r.after, r.source));
  });
  return renderPolicyDiff(diffs, { color, decisions: results.flatMap((r) => r.decisions) });
};

function mustParse(doc: unknown, source: string): Policy {
  const p = parsePolicy(doc, source);
  if (p.kind === 'invalid') throw new InvariantError(`internal: ${source} did not parse`);
  return p.policy;
}

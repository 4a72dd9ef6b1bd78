import { jsonText } from './json-text.js';
import type { SuggestRenderer } from './suggest-renderer.js';

/**
 * The tightened policies as JSON. One policy is printed as exactly the document, so
 * scripts can pipe it straight into IAM; several (or split parts) are wrapped.
 */
export const renderSuggestJson: SuggestRenderer = ({ outcome }) => {
  const { results } = outcome;
  if (outcome.parts)
    return (
      jsonText({
        policies: outcome.parts.map((p) => ({ name: p.name, source: p.source, policy: p.policy })),
      }) + '\n'
    );
  if (results.length === 1) return jsonText(results[0]?.after) + '\n';
  return jsonText({ policies: results.map((r) => ({ source: r.source, policy: r.after })) }) + '\n';
};

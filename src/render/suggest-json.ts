import type { SuggestRenderer } from './suggest-renderer.js';

/**
 * The tightened policies as JSON. One policy is printed as exactly the document, so
 * scripts can pipe it straight into IAM; several (or split parts) are wrapped.
 */
export const renderSuggestJson: SuggestRenderer = ({ outcome }) => {
  const { results } = outcome;
  if (outcome.parts)
    return (
      JSON.stringify(
        { policies: outcome.parts.map((p) => ({ name: p.name, source: p.source, policy: p.policy })) },
        null,
        2,
      ) + '\n'
    );
  if (results.length === 1) return JSON.stringify(results[0]?.after, null, 2) + '\n';
  return (
    JSON.stringify({ policies: results.map((r) => ({ source: r.source, policy: r.after })) }, null, 2) + '\n'
  );
};

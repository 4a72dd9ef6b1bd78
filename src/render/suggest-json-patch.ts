import { toJsonPatch } from '../diff/json-patch.js';
import type { SuggestRenderer } from './suggest-renderer.js';

/** RFC 6902 patches from each input policy to its tightened form; one policy: the bare patch. */
export const renderSuggestJsonPatch: SuggestRenderer = ({ outcome }) => {
  const { results } = outcome;
  if (results.length === 1)
    return JSON.stringify(toJsonPatch(results[0]?.before, results[0]?.after), null, 2) + '\n';
  return (
    JSON.stringify(
      { patches: results.map((r) => ({ source: r.source, patch: toJsonPatch(r.before, r.after) })) },
      null,
      2,
    ) + '\n'
  );
};

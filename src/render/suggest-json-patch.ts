import { jsonText } from './json-text.js';
import { toJsonPatch } from '../diff/json-patch.js';
import type { SuggestRenderer } from './suggest-renderer.js';

/** RFC 6902 patches from each input policy to its tightened form; one policy: the bare patch. */
export const renderSuggestJsonPatch: SuggestRenderer = ({ outcome }) => {
  const { results } = outcome;
  if (results.length === 1) return jsonText(toJsonPatch(results[0]?.before, results[0]?.after)) + '\n';
  return (
    jsonText({ patches: results.map((r) => ({ source: r.source, patch: toJsonPatch(r.before, r.after) })) }) +
    '\n'
  );
};

import type { ActionCatalog } from '../catalog/action-catalog.js';
import { actionsGrantedBy } from '../catalog/expand-action-pattern.js';
import type { Policy } from '../policy/policy.js';

/**
 * Every catalog action some Allow statement of the policies grants (wildcards and NotAction
 * expanded), lower-cased to compare, with the catalog's spelling as the value. Deny
 * statements are not subtracted: this counts what the policies name, as `suggest` edits it.
 */
export function grantedActions(policies: readonly Policy[], catalog: ActionCatalog): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of policies.flatMap((p) => p.statements)) {
    if (s.effect !== 'Allow') continue;
    for (const a of actionsGrantedBy(s.actions, catalog)) out.set(a.toLowerCase(), a);
  }
  return out;
}

/** What `before` grants that `after` no longer does: the actions a tightening removes (sorted). */
export function actionsRemoved(
  before: readonly Policy[],
  after: readonly Policy[],
  catalog: ActionCatalog,
): string[] {
  const kept = grantedActions(after, catalog);
  return [...grantedActions(before, catalog)]
    .filter(([k]) => !kept.has(k))
    .map(([, a]) => a)
    .sort();
}

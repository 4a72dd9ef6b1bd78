import type { ActionCatalog } from './action-catalog.js';
import { matchesAction } from '../policy/match-statement.js';

/**
 * The catalog actions an Action pattern names: `s3:Get*` → every S3 action starting
 * with Get; `*` → every action of every service. A pattern without wildcards that the
 * catalog does not know (a new or misspelt action), or any pattern over a service it does
 * not know (`newsvc:Get*`), comes back as itself, so it is never silently lost.
 */
export function expandActionPattern(pattern: string, catalog: ActionCatalog): string[] {
  if (!/[*?]/.test(pattern)) return [catalog.action(pattern)?.action ?? pattern];
  const colon = pattern.indexOf(':');
  const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
  const wildService = /[*?]/.test(servicePart);
  // A service the catalog does not know has no actions to list: the pattern stands for
  // itself, as an unknown action does, so it is kept and reported rather than lost.
  if (!wildService && catalog.actionsOfService(servicePart.toLowerCase()).length === 0) return [pattern];
  const services = wildService
    ? catalog.services().filter((s) => matchesAction(servicePart, s))
    : [servicePart.toLowerCase()];
  const out: string[] = [];
  for (const service of services) {
    for (const info of catalog.actionsOfService(service))
      if (matchesAction(pattern, info.action)) out.push(info.action);
  }
  return out;
}

/**
 * Every catalog action a statement's Action or NotAction grants (NotAction: all the
 * catalog's actions it does not exclude).
 */
export function actionsGrantedBy(
  actions: { kind: 'Action' | 'NotAction'; patterns: readonly string[] },
  catalog: ActionCatalog,
): string[] {
  const out = new Set<string>();
  if (actions.kind === 'Action') {
    for (const p of actions.patterns) for (const a of expandActionPattern(p, catalog)) out.add(a);
    return [...out];
  }
  for (const service of catalog.services()) {
    for (const info of catalog.actionsOfService(service)) {
      if (!actions.patterns.some((p) => matchesAction(p, info.action))) out.add(info.action);
    }
  }
  return [...out];
}

import type { ActionCatalog } from '../catalog/action-catalog.js';
import { patternSubsumes } from '../policy/wildcard.js';

/**
 * Writes a long list of actions more compactly, without granting anything more: a whole
 * service becomes `svc:*`, and a run of actions sharing a word prefix becomes `svc:Prefix*`,
 * but only when every catalog action the wildcard matches is already in the list, and the
 * wildcard stays inside the statement's original patterns (so an action AWS adds later is
 * granted only if the original policy granted it too).
 */
export function compactActions(
  actions: readonly string[],
  original: readonly string[],
  catalog: ActionCatalog,
): string[] {
  const byService = new Map<string, string[]>();
  for (const a of actions) {
    const service = a.slice(0, a.indexOf(':')).toLowerCase();
    byService.set(service, [...(byService.get(service) ?? []), a]);
  }
  const out: string[] = [];
  for (const [service, list] of byService) {
    const wanted = new Set(list.map((a) => a.toLowerCase()));
    const all = catalog.actionsOfService(service).map((i) => i.action);
    const inside = (pattern: string): boolean => original.some((o) => patternSubsumes(o, pattern, true));
    if (all.length > 1 && all.every((a) => wanted.has(a.toLowerCase())) && inside(`${service}:*`)) {
      out.push(`${service}:*`);
      continue;
    }
    const covered = new Set<string>();
    for (const action of [...list].sort()) {
      if (covered.has(action.toLowerCase())) continue;
      const name = action.slice(action.indexOf(':') + 1);
      let chosen: string | undefined;
      for (const prefix of wordPrefixes(name)) {
        const matched = all.filter((a) =>
          a
            .slice(a.indexOf(':') + 1)
            .toLowerCase()
            .startsWith(prefix.toLowerCase()),
        );
        const pattern = `${service}:${prefix}*`;
        if (matched.length >= 2 && matched.every((a) => wanted.has(a.toLowerCase())) && inside(pattern)) {
          chosen = pattern;
          for (const m of matched) covered.add(m.toLowerCase());
          break;
        }
      }
      if (chosen) out.push(chosen);
      else {
        covered.add(action.toLowerCase());
        out.push(action);
      }
    }
  }
  return [...new Set(out)].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

/** "DescribeReservedCapacity" → ["Describe", "DescribeReserved"] (proper prefixes at word starts). */
function wordPrefixes(name: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const isUpper = c >= 65 && c <= 90;
    const prevLower = /[a-z0-9]/.test(name.charAt(i - 1));
    if (isUpper && prevLower) out.push(name.slice(0, i));
  }
  return out;
}

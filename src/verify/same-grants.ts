import type { ActionCatalog } from '../catalog/action-catalog.js';
import { expandActionPattern } from '../catalog/expand-action-pattern.js';
import { InvariantError } from '../errors/iamtrim-error.js';
import type { Policy } from '../policy/policy.js';

/**
 * Proof that two policy sets say the same thing, written differently (compacted, merged,
 * split into parts): every catalog action (and every pattern the catalog does not know) is
 * granted or denied on the same resources, under the same conditions, in both. Throws
 * `InvariantError` naming the first difference; `what` says which rewrite it was.
 */
export function assertSameGrants(
  before: readonly Policy[],
  after: readonly Policy[],
  catalog: ActionCatalog,
  what: string,
): void {
  const a = grantsOf(before, catalog);
  const b = grantsOf(after, catalog);
  const check = (x: Map<string, Set<string>>, y: Map<string, Set<string>>, verb: string): void => {
    for (const [action, keys] of x) {
      const other = y.get(action);
      for (const k of keys)
        if (!other?.has(k)) throw new InvariantError(`${what} would ${verb} ${action} (${k})`);
    }
  };
  check(a, b, 'drop');
  check(b, a, 'add');
}

function grantsOf(policies: readonly Policy[], catalog: ActionCatalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of policies.flatMap((p) => p.statements)) {
    const actions =
      s.actions.kind === 'Action'
        ? s.actions.patterns.flatMap((p) => {
            const expanded = expandActionPattern(p, catalog);
            return expanded.length > 0 ? expanded : [p];
          })
        : [`(NotAction ${JSON.stringify([...s.actions.patterns].sort())})`];
    // Each key is JSON.stringify([effect, kind, resource, condition]), with the parts that do
    // not depend on the resource serialized once per statement.
    const head = `[${JSON.stringify(s.effect)},${JSON.stringify(s.resources.kind)},`;
    const tail = `,${JSON.stringify(s.condition ?? null)}]`;
    const keys = s.resources.patterns.map((r) => `${head}${JSON.stringify(r)}${tail}`);
    for (const action of actions) {
      const set = out.get(action.toLowerCase()) ?? new Set<string>();
      for (const k of keys) set.add(k);
      out.set(action.toLowerCase(), set);
    }
  }
  return out;
}

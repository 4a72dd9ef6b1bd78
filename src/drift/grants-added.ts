import type { ActionCatalog } from '../catalog/action-catalog.js';
import { actionsGrantedBy } from '../catalog/expand-action-pattern.js';
import { statementCoversAction, statementCoversEvidence } from '../policy/match-statement.js';
import type { Policy, Statement } from '../policy/policy.js';
import { canonicalJson } from './canonical-json.js';

/** What one policy set allows that another does not. */
export interface GrantsAdded {
  /** Catalog actions (canonical spelling, sorted) allowed somewhere `from` did not allow them. */
  readonly actions: readonly string[];
  /** How many (action, resource pattern) pairs are new. */
  readonly pairs: number;
  /** A few of those pairs, for the evidence (`s3:PutObject on arn:aws:s3:::b/*`). */
  readonly examples: readonly string[];
  /** Deny statements of `from` that `to` no longer has (a removed Deny widens too). */
  readonly deniesDropped: readonly string[];
}

const EXAMPLES = 5;

/**
 * What `to` allows that `from` did not, judged with the project's matcher: for every catalog
 * action an Allow statement of `to` grants (wildcards and NotAction expanded), each of its
 * resource patterns must be inside an Allow statement of `from` that covers the action under
 * the same (or no) condition. A pair no statement of `from` contains is added. Call it both
 * ways: `grantsAdded(old, new)` is widening, `grantsAdded(new, old)` narrowing.
 */
export function grantsAdded(
  from: readonly Policy[],
  to: readonly Policy[],
  catalog: ActionCatalog,
): GrantsAdded {
  const fromAllows = from.flatMap((p) => p.statements).filter((s) => s.effect === 'Allow');
  const actions = new Set<string>();
  const examples: string[] = [];
  let pairs = 0;
  for (const n of to.flatMap((p) => p.statements)) {
    if (n.effect !== 'Allow') continue;
    const resources = n.resources.kind === 'Resource' ? n.resources.patterns : ['*'];
    for (const action of actionsGrantedBy(n.actions, catalog)) {
      const candidates = fromAllows.filter((o) => statementCoversAction(o, action) && sameCondition(o, n));
      for (const r of resources) {
        if (candidates.some((o) => contains(o, n, r))) continue;
        pairs++;
        actions.add(action);
        if (examples.length < EXAMPLES) examples.push(`${action} on ${describeResource(n, r)}`);
      }
    }
  }
  const toDenies = new Set(
    to
      .flatMap((p) => p.statements)
      .filter((s) => s.effect === 'Deny')
      .map((s) => canonicalJson(s.raw)),
  );
  const deniesDropped = from
    .flatMap((p) => p.statements)
    .filter((s) => s.effect === 'Deny' && !toDenies.has(canonicalJson(s.raw)))
    .map((s) => `Deny ${s.actions.kind === 'NotAction' ? 'NotAction ' : ''}${s.actions.patterns.join(', ')}`);
  return { actions: [...actions].sort(), pairs, examples, deniesDropped };
}

/** Does `o` cover resource pattern `r` of statement `n` entirely? */
function contains(o: Statement, n: Statement, r: string): boolean {
  if (n.resources.kind === 'NotResource') {
    // "everything except ..." is inside only "everything", or the same exclusion (or a smaller one).
    if (o.resources.kind === 'Resource') return o.resources.patterns.includes('*');
    return o.resources.patterns.every((p) => n.resources.patterns.includes(p));
  }
  if (r === '*') return o.resources.kind === 'Resource' && o.resources.patterns.includes('*');
  return statementCoversEvidence(o, r) === 'yes';
}

// A condition limits a grant; one the old statement did not have (or a different one) is not
// the same grant, but a statement with no condition contains any conditioned one.
function sameCondition(o: Statement, n: Statement): boolean {
  if (o.condition === undefined) return true;
  return n.condition !== undefined && canonicalJson(o.condition) === canonicalJson(n.condition);
}

function describeResource(n: Statement, r: string): string {
  return n.resources.kind === 'NotResource' ? `everything except ${n.resources.patterns.join(', ')}` : r;
}

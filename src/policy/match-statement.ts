import type { Statement } from './policy.js';
import { isPattern, matchPattern, patternSubsumes, patternsOverlap, type MatchResult } from './wildcard.js';

/** Action names are case-insensitive in IAM. */
export function matchesAction(pattern: string, action: string): boolean {
  return matchPattern(pattern, action, true) === 'yes';
}

/** ARNs are compared case-sensitively; variables make a match only `maybe`. */
export function matchArn(pattern: string, arn: string): MatchResult {
  return matchPattern(pattern, arn, false);
}

// A statement may list thousands of actions: split once into a set of plain names and
// the few wildcard patterns, so a look-up does not scan them all.
interface ActionIndex {
  names: Set<string>;
  /** Wildcard patterns by their (literal) service prefix. */
  byService: Map<string, string[]>;
  /** Patterns whose service part has a wildcard too (`*`, `s?s:*`). */
  anyService: string[];
}
const actionIndex = new WeakMap<Statement, ActionIndex>();

/** Does the statement's Action/NotAction cover this concrete action? */
export function statementCoversAction(st: Statement, action: string): boolean {
  let index = actionIndex.get(st);
  if (!index) {
    index = { names: new Set(), byService: new Map(), anyService: [] };
    for (const p of st.actions.patterns) {
      if (!/[*?]|\$\{/.test(p)) {
        index.names.add(p.toLowerCase());
        continue;
      }
      const service = p.slice(0, Math.max(p.indexOf(':'), 0)).toLowerCase();
      if (!service || /[*?$]/.test(service)) index.anyService.push(p);
      else index.byService.set(service, [...(index.byService.get(service) ?? []), p]);
    }
    actionIndex.set(st, index);
  }
  const lower = action.toLowerCase();
  const service = lower.slice(0, Math.max(lower.indexOf(':'), 0));
  const hit =
    index.names.has(lower) ||
    (index.byService.get(service) ?? []).some((p) => matchesAction(p, action)) ||
    index.anyService.some((p) => matchesAction(p, action));
  return st.actions.kind === 'Action' ? hit : !hit;
}

/**
 * Like `statementCoversResource` for a resource that is itself a pattern (evidence
 * folded to `bucket/2026/*`): `yes` when the statement covers all of it, `maybe` when
 * it covers some of it.
 */
function statementCoversResourcePattern(st: Statement, pattern: string): MatchResult {
  const inside = st.resources.patterns.some((p) => patternSubsumes(p, pattern, false));
  const touches = inside || st.resources.patterns.some((p) => patternsOverlap(p, pattern, false));
  if (st.resources.kind === 'Resource') return inside ? 'yes' : touches ? 'maybe' : 'no';
  return touches ? (inside ? 'no' : 'maybe') : 'yes';
}

/** Covers for a concrete ARN or, when the evidence holds a pattern, for the pattern. */
export function statementCoversEvidence(st: Statement, resource: string): MatchResult {
  // "*" is the literal resource of a request for an action that takes no resource type.
  return resource !== '*' && isPattern(resource)
    ? statementCoversResourcePattern(st, resource)
    : statementCoversResource(st, resource);
}

/**
 * Does the statement's Resource/NotResource cover this resource? `*` stands for the
 * resource of an action that supports only `*`. With NotResource a variable makes
 * the exclusion uncertain, so a `maybe` there is `maybe` overall.
 */
export function statementCoversResource(st: Statement, resource: string): MatchResult {
  let best: MatchResult = 'no';
  for (const p of st.resources.patterns) {
    const m = matchArn(p, resource);
    if (m === 'yes') {
      best = 'yes';
      break;
    }
    if (m === 'maybe') best = 'maybe';
  }
  if (st.resources.kind === 'Resource') return best;
  return best === 'yes' ? 'no' : best === 'maybe' ? 'maybe' : 'yes';
}

/** Whether a statement applies to a request, ignoring its Condition. */
export function statementMatches(st: Statement, action: string, resource: string): MatchResult {
  if (!statementCoversAction(st, action)) return 'no';
  return statementCoversResource(st, resource);
}

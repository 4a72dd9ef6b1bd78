import { createPatternIndex, type PatternIndex } from './pattern-index.js';
import type { Statement } from './policy.js';
import {
  isPattern,
  literalPrefix,
  matchPattern,
  patternSubsumes,
  patternsOverlap,
  type MatchResult,
} from './wildcard.js';

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
  // Only patterns whose literal prefix starts `resource` can match it.
  for (const p of resourceIndexOf(st)?.forValue(resource) ?? st.resources.patterns) {
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

// A statement may list thousands of resources: file them by literal prefix once, so a
// look-up tries only the few that can match. Short lists are scanned as they are.
const resourceIndex = new WeakMap<Statement, PatternIndex<string>>();
const INDEX_FROM = 8;

function resourceIndexOf(st: Statement): PatternIndex<string> | undefined {
  if (st.resources.patterns.length < INDEX_FROM) return undefined;
  let index = resourceIndex.get(st);
  if (!index) {
    index = createPatternIndex(
      st.resources.patterns.map((p) => [p, p] as const),
      false,
    );
    resourceIndex.set(st, index);
  }
  return index;
}

/** Does one of the statement's Resource/NotResource patterns subsume `pattern` (case-sensitive)? */
export function resourcePatternsSubsume(st: Statement, pattern: string): boolean {
  const candidates = resourceIndexOf(st)?.forPattern(pattern) ?? st.resources.patterns;
  return candidates.some((p) => patternSubsumes(p, pattern, false));
}

/** One resource of a list that a statement covers (`yes` or `maybe`), by its position in the list. */
export interface CoveredResource {
  readonly index: number;
  readonly match: 'yes' | 'maybe';
}

// Evidence lists are shared by every statement they are checked against: sort them once.
interface SortedEvidence {
  /** Concrete resources (and "*") with their positions, sorted by text. */
  readonly concrete: readonly { readonly text: string; readonly index: number }[];
  /** Positions of the resources that are patterns (folded evidence). */
  readonly patterns: readonly number[];
}
const sortedEvidence = new WeakMap<readonly string[], SortedEvidence>();

function sortEvidence(resources: readonly string[]): SortedEvidence {
  let sorted = sortedEvidence.get(resources);
  // A list is readonly by type; should one still grow, sort it again.
  if (!sorted || sorted.concrete.length + sorted.patterns.length !== resources.length) {
    const concrete: { text: string; index: number }[] = [];
    const patterns: number[] = [];
    resources.forEach((text, index) => {
      if (text !== '*' && isPattern(text)) patterns.push(index);
      else concrete.push({ text, index });
    });
    concrete.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.index - b.index));
    sorted = { concrete, patterns };
    sortedEvidence.set(resources, sorted);
  }
  return sorted;
}

/**
 * `statementCoversEvidence(st, r)` for every `r` of `resources`, listing only those it does
 * not answer `no` for, in list order. For a Resource block each pattern looks only at the
 * resources that start with its literal prefix (a sorted range), so a statement is checked
 * against a long evidence list without trying every pair.
 */
export function statementCoversEvidenceList(st: Statement, resources: readonly string[]): CoveredResource[] {
  const out: CoveredResource[] = [];
  const push = (index: number, match: MatchResult): void => {
    if (match !== 'no') out.push({ index, match });
  };
  if (st.resources.kind !== 'Resource' || resources.length < INDEX_FROM) {
    resources.forEach((r, i) => push(i, statementCoversEvidence(st, r)));
    return out;
  }
  const { concrete, patterns } = sortEvidence(resources);
  const best = new Map<number, MatchResult>();
  for (const p of st.resources.patterns) {
    const prefix = literalPrefix(p);
    for (let at = firstAtLeast(concrete, prefix); at < concrete.length; at++) {
      const entry = concrete[at]!;
      if (!entry.text.startsWith(prefix)) break;
      if (best.get(entry.index) === 'yes') continue;
      const m = matchArn(p, entry.text);
      if (m !== 'no') best.set(entry.index, m);
    }
  }
  for (const [index, match] of best) push(index, match);
  for (const i of patterns) push(i, statementCoversEvidence(st, resources[i]!));
  return out.sort((a, b) => a.index - b.index);
}

function firstAtLeast(sorted: readonly { readonly text: string }[], text: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.text < text) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a statement applies to a request, ignoring its Condition. */
export function statementMatches(st: Statement, action: string, resource: string): MatchResult {
  if (!statementCoversAction(st, action)) return 'no';
  return statementCoversResource(st, resource);
}

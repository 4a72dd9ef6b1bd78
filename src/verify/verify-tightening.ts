import type { ActionCatalog } from '../catalog/action-catalog.js';
import { actionsGrantedBy } from '../catalog/expand-action-pattern.js';
import { InvariantError } from '../errors/iamtrim-error.js';
import {
  resourcePatternsSubsume,
  statementCoversAction,
  statementCoversEvidence,
} from '../policy/match-statement.js';
import { createPatternIndex, type PatternIndex } from '../policy/pattern-index.js';
import type { Policy, Statement } from '../policy/policy.js';
import { isPattern, patternSubsumes, patternsOverlap, type MatchResult } from '../policy/wildcard.js';
import type { ActionReport } from '../usage/usage-report.js';

/** What the proof needs: both policy sets, what was observed, and the catalog. */
export interface VerifyInput {
  readonly before: readonly Policy[];
  readonly after: readonly Policy[];
  /** Successful use, as in the usage report. */
  readonly used: readonly ActionReport[];
  readonly catalog: ActionCatalog;
  /** Partition, region and account for representative ARNs. */
  readonly sample: { readonly partition: string; readonly region: string; readonly account: string };
  /** Check 2 (no widening). Off only for a policy written from scratch, which has no "before". Default on. */
  readonly checkWidening?: boolean;
}

export interface VerifyReport {
  readonly observedPairs: number;
  readonly samplePairs: number;
  readonly statementsChecked: number;
}

const RANK: Record<MatchResult, number> = { no: 0, maybe: 1, yes: 2 };

/**
 * The project's own evaluator, run on every result before it is shown:
 * 1. every observed successful (action, resource) is still allowed, at least as
 *    unconditionally as before;
 * 2. the new set allows nothing the old one did not: proved per statement by pattern
 *    containment, and checked again on every observed pair and on every catalog action
 *    the old set granted, against a representative ARN of each of its resource types;
 * 3. Deny statements are carried over unchanged.
 * A failure throws `InvariantError` naming the offending pair; it is never a warning.
 */
export function verifyTightening(input: VerifyInput): VerifyReport {
  const beforeSt = input.before.flatMap((p) => p.statements);
  const afterSt = input.after.flatMap((p) => p.statements);
  const oldAllows = beforeSt.filter((s) => s.effect === 'Allow');
  const newAllows = afterSt.filter((s) => s.effect === 'Allow');
  // Each check below asks "which statements cover this resource": ask an index, not every statement.
  const oldIndex = indexStatements(oldAllows);
  const newIndex = indexStatements(newAllows);

  checkDeniesKept(beforeSt, afterSt);

  // 1. Observed use stays allowed.
  let observedPairs = 0;
  for (const used of input.used) {
    const resources = pairsOf(used, input.catalog);
    for (const r of resources) {
      observedPairs++;
      if (r === undefined) {
        checkUnresolvedUse(used.action, oldAllows, newAllows, newIndex);
        continue;
      }
      for (const o of coveringCandidates(oldIndex, oldAllows, r)) {
        const before = coverage(o, used.action, r);
        if (before === 'no') continue;
        // A full cover must come from a statement that covers `r`; a partial one is checked on all.
        const keepers = before === 'yes' ? coveringCandidates(newIndex, newAllows, r) : newAllows;
        const kept = keepers.some(
          (n) =>
            conditionNoStricter(n, o) &&
            (before === 'yes'
              ? coverage(n, used.action, r) === 'yes'
              : keepsPartialCover(o, n, used.action, r)),
        );
        if (!kept) {
          throw new InvariantError(
            `tightening would break observed use: ${used.action} on ${r} was allowed by ${describe(o)} and the new policy does not allow it as before`,
          );
        }
      }
    }
  }

  if (input.checkWidening === false)
    return { observedPairs, samplePairs: 0, statementsChecked: newAllows.length };

  // 2a. Every new Allow statement is contained in some old one.
  for (const n of newAllows) {
    // The same resources are checked for each action: look their candidates up once.
    const candidatesOf = new Map<string, readonly Statement[]>();
    for (const a of n.actions.kind === 'Action' ? n.actions.patterns : ['(NotAction)']) {
      for (const r of n.resources.kind === 'Resource' ? n.resources.patterns : ['(NotResource)']) {
        let candidates = candidatesOf.get(r);
        if (!candidates) {
          candidates = r === '(NotResource)' ? oldAllows : oldIndex.forPattern(r);
          candidatesOf.set(r, candidates);
        }
        const contained = candidates.some(
          (o) => conditionNoWeaker(n, o) && containsStatementPart(o, n, a, r),
        );
        if (!contained) {
          throw new InvariantError(
            `tightening would widen access: ${describe(n)} grants ${a} on ${r}, which no statement of the original policy granted`,
          );
        }
      }
    }
  }

  // 2b. Samples: observed pairs and every catalog action the old policy granted.
  let samplePairs = 0;
  const samples = new Map<string, Set<string>>();
  const addSample = (action: string, resource: string): void => {
    const set = samples.get(action) ?? new Set<string>();
    set.add(resource);
    samples.set(action, set);
  };
  for (const used of input.used) for (const r of used.resources) addSample(used.action, r);
  for (const o of oldAllows) {
    for (const action of actionsGrantedBy(o.actions, input.catalog))
      for (const r of representativeResources(action, input)) addSample(action, r);
  }
  for (const [action, resources] of samples) {
    for (const r of resources) {
      samplePairs++;
      for (const n of coveringCandidates(newIndex, newAllows, r)) {
        const now = coverage(n, action, r);
        if (now === 'no') continue;
        const before = coveringCandidates(oldIndex, oldAllows, r).some(
          (o) => conditionNoWeaker(n, o) && RANK[coverage(o, action, r)] >= RANK[now],
        );
        if (!before) {
          throw new InvariantError(
            `tightening would widen access: ${describe(n)} allows ${action} on ${r}, which the original policy did not`,
          );
        }
      }
    }
  }
  return { observedPairs, samplePairs, statementsChecked: newAllows.length };
}

/**
 * Statements filed by their resource patterns' literal prefixes; a NotResource statement
 * as `*` (the empty prefix), so that it is a candidate for every resource.
 */
function indexStatements(statements: readonly Statement[]): PatternIndex<Statement> {
  return createPatternIndex(
    statements.flatMap((st) =>
      st.resources.kind === 'Resource'
        ? st.resources.patterns.map((p) => [p, st] as const)
        : [['*', st] as const],
    ),
    false,
  );
}

/**
 * The statements (in order) that may cover `resource`, a superset of those whose coverage
 * is not `no`. Evidence that is itself a pattern may overlap any statement: all of them.
 */
function coveringCandidates(
  index: PatternIndex<Statement>,
  all: readonly Statement[],
  resource: string,
): readonly Statement[] {
  return resource !== '*' && isPattern(resource) ? all : index.forValue(resource);
}

function coverage(st: Statement, action: string, resource: string): MatchResult {
  if (!statementCoversAction(st, action)) return 'no';
  return statementCoversEvidence(st, resource);
}

/**
 * The old statement covers `r` only in part (a folded pattern it overlaps) or only for some
 * values of a policy variable: the new statement must cover `r` wholly, or keep every old
 * pattern that could have matched it.
 */
function keepsPartialCover(o: Statement, n: Statement, action: string, r: string): boolean {
  if (!statementCoversAction(n, action)) return false;
  if (statementCoversEvidence(n, r) === 'yes') return true;
  if (o.resources.kind !== 'Resource' || n.resources.kind !== 'Resource') {
    return (
      o.resources.kind === n.resources.kind &&
      excludesNoMore(n.resources.patterns, o.resources.patterns, false)
    );
  }
  const couldMatch = o.resources.patterns.filter((p) => patternsOverlap(p, r, false));
  return couldMatch.every((p) => resourcePatternsSubsume(n, p));
}

/** The resources to check an observed action on; `undefined` stands for "unknown". */
function pairsOf(used: ActionReport, catalog: ActionCatalog): (string | undefined)[] {
  const info = catalog.action(used.action);
  // An action the catalog does not know: check what was used, whatever its type.
  if (!info) return used.resources.length > 0 ? [...used.resources] : ['*'];
  if (info.resourceTypes.length === 0) return ['*'];
  const out: (string | undefined)[] = [...used.resources];
  if (used.unresolved || used.resources.length === 0) out.push(undefined);
  return out;
}

/**
 * A use whose resource is unknown may have touched anything an old statement granted,
 * so each old statement granting the action must survive with its resources whole.
 */
function checkUnresolvedUse(
  action: string,
  oldAllows: readonly Statement[],
  newAllows: readonly Statement[],
  newIndex: PatternIndex<Statement>,
): void {
  for (const o of oldAllows) {
    if (!statementCoversAction(o, action)) continue;
    // A keeper subsumes o's first resource pattern (or is a NotResource, filed as `*`).
    const first = o.resources.patterns[0];
    const candidates = first === undefined ? newAllows : newIndex.forPattern(first);
    const kept = candidates.some(
      (n) => conditionNoStricter(n, o) && statementCoversAction(n, action) && resourcesContain(n, o),
    );
    if (!kept) {
      throw new InvariantError(
        `tightening would break observed use: ${action} (resource unknown) was allowed by ${describe(o)} and the new policy narrows it`,
      );
    }
  }
}

/** Does `outer`'s resource block cover all of `inner`'s? */
function resourcesContain(outer: Statement, inner: Statement): boolean {
  if (inner.resources.kind === 'NotResource' || outer.resources.kind === 'NotResource') {
    return (
      outer.resources.kind === inner.resources.kind &&
      sameSet(outer.resources.patterns, inner.resources.patterns)
    );
  }
  return inner.resources.patterns.every((r) => resourcePatternsSubsume(outer, r));
}

/**
 * Is the part (action pattern `a`, resource pattern `r`) of new statement `n` inside old
 * statement `o`? `(NotAction)` / `(NotResource)` stand for `n`'s whole Not-block: it is
 * inside `o` when `o` excludes no more than `n` does.
 */
function containsStatementPart(o: Statement, n: Statement, a: string, r: string): boolean {
  const actionInside =
    a === '(NotAction)'
      ? (o.actions.kind === 'NotAction' && excludesNoMore(o.actions.patterns, n.actions.patterns, true)) ||
        (o.actions.kind === 'Action' && o.actions.patterns.includes('*'))
      : o.actions.kind === 'Action'
        ? o.actions.patterns.some((p) => patternSubsumes(p, a, true))
        : !o.actions.patterns.some((p) => patternsOverlap(p, a, true));
  if (!actionInside) return false;
  if (r === '(NotResource)') {
    return (
      (o.resources.kind === 'NotResource' &&
        excludesNoMore(o.resources.patterns, n.resources.patterns, false)) ||
      (o.resources.kind === 'Resource' && o.resources.patterns.includes('*'))
    );
  }
  if (o.resources.kind === 'Resource') return resourcePatternsSubsume(o, r);
  return !o.resources.patterns.some((p) => patternsOverlap(p, r, false));
}

/** Every exclusion of the old block is also excluded by the new one. */
function excludesNoMore(
  oldExcluded: readonly string[],
  newExcluded: readonly string[],
  ignoreCase: boolean,
): boolean {
  return oldExcluded.every((x) => newExcluded.some((y) => patternSubsumes(y, x, ignoreCase)));
}

function representativeResources(action: string, input: VerifyInput): string[] {
  const info = input.catalog.action(action);
  if (!info || info.resourceTypes.length === 0) return ['*'];
  const { partition, region, account } = input.sample;
  return info.resourceTypes.map((t) =>
    t.arnFormat
      .replace(/\$\{Partition\}/g, partition)
      .replace(/\$\{Region\}/g, region)
      .replace(/\$\{Account\}/g, account)
      .replace(/\$\{[^}]+\}/g, 'iamtrim-sample'),
  );
}

function checkDeniesKept(before: readonly Statement[], after: readonly Statement[]): void {
  const key = (s: Statement): string => JSON.stringify(s.raw);
  const afterDenies = after.filter((s) => s.effect === 'Deny');
  // The new Denies as a multiset: each old Deny takes one equal to it.
  const remaining = new Map<string, number>();
  for (const s of afterDenies) remaining.set(key(s), (remaining.get(key(s)) ?? 0) + 1);
  for (const d of before.filter((s) => s.effect === 'Deny')) {
    const left = remaining.get(key(d)) ?? 0;
    if (left === 0) {
      throw new InvariantError(
        `tightening changed or dropped a Deny statement: ${describe(d)} (${denySummary(d)})`,
      );
    }
    remaining.set(key(d), left - 1);
  }
  const added = afterDenies.find((s) => (remaining.get(key(s)) ?? 0) > 0);
  if (added)
    throw new InvariantError(`tightening added a Deny statement: ${describe(added)} (${denySummary(added)})`);
}

function denySummary(s: Statement): string {
  const actions = `${s.actions.kind === 'NotAction' ? 'all but ' : ''}${s.actions.patterns.join(', ')}`;
  const resources = `${s.resources.kind === 'NotResource' ? 'all but ' : ''}${s.resources.patterns.join(', ')}`;
  return `Deny ${actions} on ${resources}`;
}

/** New statement `n` is no harder to satisfy than old `o`: no condition, or the same one. */
function conditionNoStricter(n: Statement, o: Statement): boolean {
  return n.condition === undefined || sameCondition(n, o);
}

/** New statement `n` is no easier to satisfy than old `o`: `o` has no condition, or the same one. */
function conditionNoWeaker(n: Statement, o: Statement): boolean {
  return o.condition === undefined || sameCondition(n, o);
}

function sameCondition(a: Statement, b: Statement): boolean {
  return conditionText(a) === conditionText(b);
}

// Compared once per pair of statements many times over: serialize each condition once.
const conditionTexts = new WeakMap<Statement, string>();

function conditionText(st: Statement): string {
  let text = conditionTexts.get(st);
  if (text === undefined) {
    text = JSON.stringify(st.condition ?? null);
    conditionTexts.set(st, text);
  }
  return text;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function describe(st: Statement): string {
  return `statement ${st.sid ? `"${st.sid}"` : `#${st.index + 1}`}`;
}

import type { ActionCatalog } from '../catalog/action-catalog.js';
import type { PolicyDocumentJson, StatementJson } from '../policy/policy-json.js';
import { resourcePatternsSubsume } from '../policy/match-statement.js';
import { createPatternIndex, type PatternIndex } from '../policy/pattern-index.js';
import type { Policy, Statement } from '../policy/policy.js';
import { patternSubsumes, patternsOverlap } from '../policy/wildcard.js';
import { assertSameGrants } from '../verify/same-grants.js';
import { reparseOutput } from './reparse-output.js';
import { checkLimits, overLimits, type PolicyKind } from '../verify/iam-limits.js';
import { compactActions } from './compact-actions.js';
import type { TightenResult } from './tighten-policy.js';

/**
 * Rewrites a tightened policy in fewer characters without changing what it allows:
 * Allow statements with the same Effect, resources and Condition become one, and every
 * Action list is compacted (`compactActions`: a wildcard only where every catalog action
 * it matches is already listed, and only inside the original statement's patterns, so an
 * action AWS adds later is granted only if the original granted it too). Deny statements
 * and NotAction statements are left as they are. The result is checked to grant exactly
 * the same catalog actions on the same resources under the same conditions, and this
 * throws `InvariantError` if it does not.
 *
 * `original`: the policy the tightening started from; none (a new policy) means no
 * wildcard is introduced, only merging.
 */
export function compactPolicy(
  doc: PolicyDocumentJson,
  original: Policy | undefined,
  catalog: ActionCatalog,
  source = '(compacted policy)',
): PolicyDocumentJson {
  const before = reparseOutput(doc, source, 'compacting');
  const merged = mergeStatements(before.statements);
  const statements = merged.map((m) => {
    if (m.raw.Effect !== 'Allow' || m.raw.Action === undefined) return m.raw;
    const list = asList(m.raw.Action);
    if (list.length < 2) return m.raw;
    const compacted = dropCovered(
      compactActions(list, originalPatternsFor(m.parsed, list, original), catalog),
    );
    return compacted.length < list.length ? { ...m.raw, Action: compacted } : m.raw;
  });
  const out: PolicyDocumentJson = {
    ...doc,
    Statement:
      Array.isArray(doc.Statement) || statements.length !== 1 ? statements : (statements[0] as StatementJson),
  };
  const after = reparseOutput(out, source, 'compacting');
  assertSameGrants([before], [after], catalog, `compacting ${source}`);
  return out;
}

/**
 * Compacts the results that break a limit (each managed policy over 6,144; every inline
 * policy when their total is over 10,240). Results within their limits are returned as
 * they are, so a policy that fits is never rewritten.
 */
export function compactToFit(
  results: readonly TightenResult[],
  originals: ReadonlyMap<string, Policy>,
  kindOf: (source: string) => PolicyKind,
  catalog: ActionCatalog,
): TightenResult[] {
  const over = overLimits(
    checkLimits(results.map((r) => ({ source: r.source, kind: kindOf(r.source), doc: r.after }))),
  );
  const toCompact = new Set(over.flatMap((c) => c.sources));
  return results.map((r) =>
    toCompact.has(r.source)
      ? { ...r, after: compactPolicy(r.after, originals.get(r.source), catalog, r.source) }
      : r,
  );
}

interface Merged {
  readonly raw: StatementJson;
  readonly parsed: Statement;
}

/** Allow statements with equal resource blocks and conditions become one (the first keeps its Sid and place). */
function mergeStatements(statements: readonly Statement[]): Merged[] {
  const out: { raw: StatementJson; parsed: Statement; actions: string[] }[] = [];
  const byKey = new Map<string, number>();
  for (const s of statements) {
    if (s.effect !== 'Allow' || s.actions.kind !== 'Action') {
      out.push({ raw: s.raw, parsed: s, actions: [] });
      continue;
    }
    const key = JSON.stringify([s.resources.kind, [...s.resources.patterns].sort(), s.condition ?? null]);
    const at = byKey.get(key);
    const target = at === undefined ? undefined : out[at];
    if (target === undefined) {
      byKey.set(key, out.length);
      out.push({ raw: s.raw, parsed: s, actions: [...s.actions.patterns] });
      continue;
    }
    const seen = new Set(target.actions.map((a) => a.toLowerCase()));
    for (const a of s.actions.patterns) if (!seen.has(a.toLowerCase())) target.actions.push(a);
    target.raw = { ...target.raw, Action: [...target.actions].sort(byLowerCase) };
  }
  return out.map(({ raw, parsed }) => ({ raw, parsed }));
}

/**
 * The action patterns a wildcard must stay inside: those of the original Allow statements
 * that cover this statement's resources at least as loosely (same or no condition). A
 * NotAction original contributes the services it grants whole.
 */
function originalPatternsFor(
  st: Statement,
  actions: readonly string[],
  original: Policy | undefined,
): string[] {
  if (!original || st.resources.kind !== 'Resource') return [];
  const out: string[] = [];
  const services = new Set(actions.map((a) => a.slice(0, a.indexOf(':')).toLowerCase()));
  const [first, ...rest] = st.resources.patterns;
  const allows = allowIndexOf(original);
  // Only statements with a pattern subsuming the first resource can cover them all.
  const candidates = first === undefined ? allows.all : allows.index.forPattern(first);
  for (const o of candidates) {
    if (o.condition !== undefined && JSON.stringify(o.condition) !== JSON.stringify(st.condition ?? null))
      continue;
    const covers =
      first === undefined ||
      (resourcePatternsSubsume(o, first) && rest.every((r) => resourcePatternsSubsume(o, r)));
    if (!covers) continue;
    if (o.actions.kind === 'Action') out.push(...o.actions.patterns);
    else
      for (const svc of services)
        if (!o.actions.patterns.some((x) => patternsOverlap(x, `${svc}:*`, true))) out.push(`${svc}:*`);
  }
  return out;
}

interface AllowIndex {
  /** The original's Allow statements with a Resource block, in order. */
  readonly all: readonly Statement[];
  /** The same, filed by their resource patterns. */
  readonly index: PatternIndex<Statement>;
}
const allowIndexes = new WeakMap<Policy, AllowIndex>();

function allowIndexOf(original: Policy): AllowIndex {
  let found = allowIndexes.get(original);
  if (!found) {
    const all = original.statements.filter((o) => o.effect === 'Allow' && o.resources.kind === 'Resource');
    const index = createPatternIndex(
      all.flatMap((o) => o.resources.patterns.map((p) => [p, o] as const)),
      false,
    );
    found = { all, index };
    allowIndexes.set(original, found);
  }
  return found;
}

/** Entries another wildcard of the same list already matches (`kms:Verify` next to `kms:Verify*`) say nothing. */
function dropCovered(list: readonly string[]): string[] {
  const wildcards = list.map((a, i) => ({ a, i })).filter(({ a }) => /[*?]/.test(a));
  // Of two patterns that match the same actions, the first stays.
  return list.filter(
    (a, i) =>
      !wildcards.some(
        (w) => w.i !== i && patternSubsumes(w.a, a, true) && (!patternSubsumes(a, w.a, true) || w.i < i),
      ),
  );
}

function asList(v: string | string[]): string[] {
  return typeof v === 'string' ? [v] : v;
}

function byLowerCase(a: string, b: string): number {
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

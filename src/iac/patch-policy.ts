import { InvariantError } from '../errors/iamtrim-error.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { PolicyDocumentJson, StatementJson } from '../policy/policy-json.js';
import type { Policy } from '../policy/policy.js';
import { patternSubsumes } from '../policy/wildcard.js';
import type { Decision } from '../synthesize/decision.js';
import { sampleContext, type RoleEvidence } from '../synthesize/role-evidence.js';
import { tightenPolicy, type TightenContext, type TightenOptions } from '../synthesize/tighten-policy.js';
import { verifyTightening } from '../verify/verify-tightening.js';
import { resolveExpression, type ResolveContext } from './resolve-expression.js';
import type { LocatedPolicy, TemplateStatement, TemplateValue } from './template-policy.js';

/** A statement to write: each value is exact source text (kept) or new literal text. */
export interface StatementToWrite {
  /** Set when the statement is unchanged: write its original text. */
  readonly original: TemplateStatement | undefined;
  /** The template statement this one was tightened from (for renderers that copy its style). */
  readonly from?: TemplateStatement;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly actionKey: 'Action' | 'NotAction';
  readonly actions: readonly WriteValue[];
  readonly resourceKey: 'Resource' | 'NotResource';
  readonly resources: readonly WriteValue[];
  readonly conditionSource: string | undefined;
  readonly conditionOffset?: number;
  /** The template wrote several values as a list: a single value stays a list item. */
  readonly actionsAsList?: boolean;
  readonly resourcesAsList?: boolean;
}

/** `kept`: the template's own text (an expression stays an expression); `literal`: a new string. */
export type WriteValue =
  | { readonly kind: 'kept'; readonly value: TemplateValue }
  | { readonly kind: 'literal'; readonly text: string };

export interface PatchedPolicy {
  readonly policy: LocatedPolicy;
  readonly statements: readonly StatementToWrite[];
  readonly changed: boolean;
  readonly decisions: readonly Decision[];
  /** Expressions iamtrim could not resolve: kept as written, and said so. */
  readonly unresolved: readonly string[];
  /** The resolved before/after, as the proof saw them. */
  readonly before: PolicyDocumentJson;
  readonly after: PolicyDocumentJson;
}

const PLACEHOLDER = (n: number): string => `\${iamtrim:unresolved${n}}`;

/**
 * Tightens a policy written in a template. Expressions are resolved only to match the
 * evidence: every value written back is either the template's own text or, where a literal
 * (`*`, a literal ARN pattern) narrows, a literal. An expression whose resource is used is
 * kept as written, never replaced by the ARN it resolved to. The result is proved with the
 * evaluator on the resolved policies before it is returned.
 */
export function patchPolicy(
  policy: LocatedPolicy,
  evidence: RoleEvidence,
  ctx: TightenContext,
  resolve: ResolveContext,
  options?: TightenOptions,
): PatchedPolicy {
  const unresolved: string[] = [];
  const out: StatementToWrite[] = [];
  const decisions: Decision[] = [];
  const beforeStatements: StatementJson[] = [];
  const afterStatements: StatementJson[] = [];
  let changed = false;
  let placeholder = 0;
  const usedResources = [...evidence.used.values()].flatMap((u) => u.resources);

  policy.statements.forEach((st, index) => {
    // Resolved value of each template value, for matching evidence.
    const resolved = new Map<TemplateValue, string>();
    for (const v of st.resources) {
      if (v.kind === 'literal') resolved.set(v, v.value);
      else {
        const r = resolveExpression(v.expression, resolve);
        // A guess (no physical id, or unknown account/region) counts only when some evidence
        // fits it; otherwise the value is left unresolved, which keeps it as written.
        const fits = r && (r.exact || usedResources.some((u) => patternSubsumes(r.value, u, false)));
        if (r && fits) resolved.set(v, r.value);
        else {
          resolved.set(v, PLACEHOLDER(placeholder++));
          unresolved.push(v.source);
        }
      }
    }
    // An action written as an expression (`compact([...])`, a variable) is opaque: it stands
    // in the proof as an action no catalog knows, identical before and after.
    const actionOf = (v: TemplateValue): string => {
      if (v.kind === 'literal') return v.value;
      if (!resolved.has(v)) {
        resolved.set(v, `iamtrim-unresolved:Expression${placeholder++}`);
        unresolved.push(v.source);
      }
      return resolved.get(v) as string;
    };
    const json = toStatementJson(st, (v) => resolved.get(v) ?? v.source, actionOf);
    beforeStatements.push(json);
    const single = parseSingle(json, `${policy.file}:${policy.path}[${index}]`);
    if (!single || st.actions.some((a) => a.kind !== 'literal')) {
      // Not something iamtrim can reason about: left exactly as written.
      out.push(unchanged(st));
      afterStatements.push(json);
      return;
    }
    const result = tightenPolicy(single, evidence, ctx, options);
    decisions.push(...result.decisions.map((d) => relabel(d, policy, index, st)));
    const after = Array.isArray(result.after.Statement) ? result.after.Statement : [result.after.Statement];
    if (after.length === 1 && JSON.stringify(after[0]) === JSON.stringify(json)) {
      out.push(unchanged(st));
      afterStatements.push(json);
      return;
    }
    changed = true;
    const parts = mergeSameResources(after.map((a) => project(a, st, resolved)));
    parts.forEach((part, k) => {
      // Parts are numbered again after merging: the first keeps the Sid, then <Sid>Part2, ...
      // A Sid-less statement's parts stay Sid-less unless the format keys statements by Sid.
      const sid =
        k === 0 || (st.sid === undefined && !keyedBySid(policy))
          ? st.sid
          : `${st.sid ?? `Statement${index + 1}`}Part${k + 1}`;
      const write = { ...part, sid };
      out.push(write);
      afterStatements.push(toStatementJsonFromWrite(write, resolved));
    });
  });

  const before: PolicyDocumentJson = { Version: '2012-10-17', Statement: beforeStatements };
  const after: PolicyDocumentJson = { Version: '2012-10-17', Statement: afterStatements };
  if (changed) prove(before, after, evidence, ctx, policy);
  return { policy, statements: out, changed, decisions, unresolved, before, after };
}

/** The lambda module's `policy_statements` is a map: each statement needs a key of its own. */
function keyedBySid(policy: LocatedPolicy): boolean {
  return (policy as { form?: string }).form === 'module-statements';
}

function toStatementJson(
  st: TemplateStatement,
  valueOf: (v: TemplateValue) => string,
  actionOf: (v: TemplateValue) => string,
): StatementJson {
  return statementJson(st, st.actions.map(actionOf), st.resources.map(valueOf));
}

/** The statement as the proof sees it: resolved values, and the Condition's source text standing for it. */
function statementJson(
  shape: Pick<StatementToWrite, 'sid' | 'effect' | 'actionKey' | 'resourceKey' | 'conditionSource'>,
  actions: string[],
  resources: string[],
): StatementJson {
  return {
    ...(shape.sid !== undefined ? { Sid: shape.sid } : {}),
    Effect: shape.effect,
    [shape.actionKey]: actions,
    [shape.resourceKey]: resources,
    // Conditions are opaque to tightening: the source text stands for the condition.
    ...(shape.conditionSource !== undefined
      ? { Condition: { 'iamtrim:Condition': { source: shape.conditionSource } } }
      : {}),
  } as StatementJson;
}

function toStatementJsonFromWrite(
  w: StatementToWrite,
  resolved: ReadonlyMap<TemplateValue, string>,
): StatementJson {
  const text = (v: WriteValue): string =>
    v.kind === 'kept'
      ? v.value.kind === 'literal'
        ? v.value.value
        : (resolved.get(v.value) ?? v.value.source)
      : v.text;
  return statementJson(w, w.actions.map(text), w.resources.map(text));
}

/** Turns a tightened statement back into template text: kept values where they came from the template. */
function project(
  a: StatementJson,
  st: TemplateStatement,
  resolved: ReadonlyMap<TemplateValue, string>,
): StatementToWrite {
  const list = (v: string | string[] | undefined): string[] =>
    v === undefined ? [] : typeof v === 'string' ? [v] : v;
  const actionKey = a.NotAction !== undefined ? 'NotAction' : 'Action';
  // Kept actions stay in the order the template wrote them; new ones (a wildcard's
  // expansion) follow, sorted.
  const names = list(a[actionKey]);
  const kept = st.actions.filter(
    (v) => v.kind === 'literal' && names.some((n) => n.toLowerCase() === v.value.toLowerCase()),
  );
  const added = names.filter(
    (n) => !kept.some((v) => v.kind === 'literal' && v.value.toLowerCase() === n.toLowerCase()),
  );
  const actions: WriteValue[] = [
    ...kept.map((v): WriteValue => ({ kind: 'kept', value: v })),
    ...added.map((n): WriteValue => ({ kind: 'literal', text: n })),
  ];
  const resourceKey = a.NotResource !== undefined ? 'NotResource' : 'Resource';
  const resources: WriteValue[] = [];
  const seen = new Set<TemplateValue | string>();
  for (const r of list(a[resourceKey])) {
    // 1. The template's own value, resolved to exactly this.
    let origin = st.resources.find((v) => resolved.get(v) === r);
    // 2. An expression (or literal pattern) covering it: keep it rather than narrow inside it.
    origin ??= st.resources.find(
      (v) => v.kind === 'expression' && patternSubsumes(resolved.get(v) ?? '', r, false),
    );
    if (origin) {
      if (!seen.has(origin)) resources.push({ kind: 'kept', value: origin });
      seen.add(origin);
    } else if (!seen.has(r)) {
      // 3. A literal narrowed (from `*` or a literal pattern): a literal again.
      resources.push({ kind: 'literal', text: r });
      seen.add(r);
    }
  }
  return {
    original: undefined,
    from: st,
    sid: a.Sid,
    effect: a.Effect,
    actionKey,
    actions,
    resourceKey,
    resources,
    conditionSource: st.conditionSource,
    ...(st.conditionOffset !== undefined ? { conditionOffset: st.conditionOffset } : {}),
    actionsAsList: st.actions.length > 1,
    resourcesAsList: st.resources.length > 1,
  };
}

/**
 * Statements that tightening split by concrete resource can land on the same template
 * values once projected back (two regions of one `!GetAtt Table.Arn`): join them again.
 */
function mergeSameResources(list: readonly StatementToWrite[]): StatementToWrite[] {
  const key = (w: StatementToWrite): string =>
    JSON.stringify([
      w.actionKey,
      w.resourceKey,
      w.resources.map((r) => (r.kind === 'kept' ? `k:${r.value.source}` : `l:${r.text}`)),
    ]);
  const out: StatementToWrite[] = [];
  for (const w of list) {
    const same = out.find((o) => key(o) === key(w));
    if (!same) {
      out.push(w);
      continue;
    }
    const names = new Set(same.actions.map(actionName));
    const all = [...same.actions, ...w.actions.filter((a) => !names.has(actionName(a)))];
    // The template's own actions first, in its order; new ones after, sorted.
    const written = same.from?.actions ?? [];
    const kept = all
      .filter((a): a is WriteValue & { kind: 'kept' } => a.kind === 'kept')
      .sort((a, b) => written.indexOf(a.value) - written.indexOf(b.value));
    const added = all
      .filter((a) => a.kind === 'literal')
      .sort((a, b) => (actionName(a) < actionName(b) ? -1 : 1));
    const merged = { ...same, actions: [...kept, ...added] };
    out[out.indexOf(same)] = merged;
  }
  return out;
}

function actionName(v: WriteValue): string {
  return (
    v.kind === 'kept' ? (v.value.kind === 'literal' ? v.value.value : v.value.source) : v.text
  ).toLowerCase();
}

function unchanged(st: TemplateStatement): StatementToWrite {
  return {
    original: st,
    sid: st.sid,
    effect: st.effect,
    actionKey: st.actionKey,
    actions: st.actions.map((v) => ({ kind: 'kept', value: v })),
    resourceKey: st.resourceKey,
    resources: st.resources.map((v) => ({ kind: 'kept', value: v })),
    conditionSource: st.conditionSource,
  };
}

function parseSingle(json: StatementJson, source: string): Policy | undefined {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [json] }, source);
  return parsed.kind === 'policy' ? parsed.policy : undefined;
}

function relabel(d: Decision, policy: LocatedPolicy, index: number, st: TemplateStatement): Decision {
  return { ...d, statement: { source: `${policy.file} ${policy.path}`, index, sid: st.sid } } as Decision;
}

function prove(
  before: PolicyDocumentJson,
  after: PolicyDocumentJson,
  evidence: RoleEvidence,
  ctx: TightenContext,
  policy: LocatedPolicy,
): void {
  const b = parsePolicy(before, `${policy.file} (before)`);
  const a = parsePolicy(after, `${policy.file} (after)`);
  if (b.kind !== 'policy' || a.kind !== 'policy')
    throw new InvariantError(`${policy.file}: the patched policy does not parse`);
  verifyTightening({
    before: [b.policy],
    after: [a.policy],
    used: [...evidence.used.values()],
    catalog: ctx.catalog,
    sample: sampleContext(evidence),
  });
}

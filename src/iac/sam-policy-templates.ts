import samData from '../catalog/data/sam-policy-templates.json' with { type: 'json' };
import { actionsGrantedBy } from '../catalog/expand-action-pattern.js';
import { ownValue } from '../catalog/own-value.js';
import { InvariantError } from '../errors/iamtrim-error.js';
import { patternSubsumes } from '../policy/wildcard.js';
import { removalVerdict } from '../synthesize/removal-verdict.js';
import type { RoleEvidence } from '../synthesize/role-evidence.js';
import type { TightenContext } from '../synthesize/tighten-policy.js';
import { pseudoParameter, resolveExpression, type ResolveContext } from './resolve-expression.js';
import type { LocatedPolicy } from './template-policy.js';

interface SamTemplateJson {
  readonly Parameters?: Record<string, unknown>;
  readonly Definition: {
    readonly Statement: readonly { Action: string | string[]; Resource: unknown; Effect?: string }[];
  };
}

const TEMPLATES = (samData as unknown as { templates: Record<string, SamTemplateJson> }).templates;

/** What to do with one SAM policy template entry. */
export type SamTemplateDecision =
  | { readonly kind: 'keep'; readonly reason: string }
  | { readonly kind: 'narrow'; readonly to: string; readonly reason: string }
  | { readonly kind: 'remove'; readonly reason: string };

/**
 * Decides a SAM policy template (`DynamoDBCrudPolicy: {TableName: ...}`) from the evidence:
 * kept if any part of it is used (or could not have been seen); replaced by a narrower
 * template of the same shape only when that one covers all of it that is needed (for
 * example DynamoDBCrudPolicy → DynamoDBReadPolicy when only reads were used); removed only
 * when nothing in it was used and every one of its actions would have been logged.
 */
export function decideSamTemplate(
  policy: LocatedPolicy,
  evidence: RoleEvidence,
  ctx: TightenContext,
  resolve: ResolveContext,
): SamTemplateDecision {
  const t = policy.samTemplate;
  // The name is the template's text: `toString:` is not a SAM policy template.
  const def = t ? ownValue(TEMPLATES, t.name) : undefined;
  if (!t || !def) return { kind: 'keep', reason: `unknown SAM policy template ${t?.name ?? '?'}` };
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, v] of Object.entries(t.parameters)) {
    const r =
      v.kind === 'literal' ? { value: v.value, exact: true } : resolveExpression(v.expression, resolve);
    params[name] = r?.exact ? r.value : '*';
  }
  const mine = expand(def, params, resolve, ctx);
  const needed = new Set<string>();
  const used: string[] = [];
  for (const action of mine.actions) {
    const u = evidence.used.get(action.toLowerCase());
    const onMine =
      u &&
      (u.unresolved ||
        u.resources.length === 0 ||
        u.resources.some((r) => mine.resources.some((p) => patternSubsumes(p, r, false))));
    if (onMine) {
      used.push(action);
      needed.add(action.toLowerCase());
    } else if (!removalVerdict(action, evidence, ctx, mine.resources).remove)
      needed.add(action.toLowerCase());
  }
  if (needed.size === 0) {
    return {
      kind: 'remove',
      reason: `none of its ${mine.actions.length} action(s) was used, and each would have been logged`,
    };
  }
  // The narrowest template with the same parameters whose grants cover what is needed and
  // stay inside this one's.
  let best: { name: string; size: number } | undefined;
  for (const [name, other] of Object.entries(TEMPLATES)) {
    if (name === t.name || !sameKeys(other.Parameters, def.Parameters)) continue;
    const theirs = expand(other, params, resolve, ctx);
    const inside = theirs.actions.every((a) => mine.actions.some((m) => m.toLowerCase() === a.toLowerCase()));
    const covers = [...needed].every((n) => theirs.actions.some((a) => a.toLowerCase() === n));
    const sameResources = theirs.resources.every((r) => mine.resources.includes(r));
    if (
      inside &&
      covers &&
      sameResources &&
      theirs.actions.length < mine.actions.length &&
      (!best || theirs.actions.length < best.size)
    ) {
      best = { name, size: theirs.actions.length };
    }
  }
  if (best) {
    const reason = `only ${used.length ? used.join(', ') : 'unobservable actions'} of ${t.name} ${used.length === 1 ? 'is' : 'are'} needed; ${best.name} grants a subset of it that covers them`;
    return { kind: 'narrow', to: best.name, reason };
  }
  return {
    kind: 'keep',
    reason: used.length
      ? `in use (${used.slice(0, 3).join(', ')}${used.length > 3 ? ', ...' : ''})`
      : 'has actions CloudTrail could not have shown',
  };
}

/** A template's actions and resources with its parameters filled in. */
function expand(
  def: SamTemplateJson,
  params: Record<string, string>,
  resolve: ResolveContext,
  ctx: TightenContext,
): { actions: string[]; resources: string[] } {
  const actions = new Set<string>();
  const resources = new Set<string>();
  for (const st of def.Definition.Statement) {
    const list = typeof st.Action === 'string' ? [st.Action] : st.Action;
    for (const a of actionsGrantedBy({ kind: 'Action', patterns: list }, ctx.catalog)) actions.add(a);
    for (const r of Array.isArray(st.Resource) ? st.Resource : [st.Resource])
      resources.add(evaluate(r, params, resolve));
  }
  return { actions: [...actions].sort(), resources: [...resources].sort() };
}

/** Evaluates the intrinsics SAM's definitions use (Ref, Fn::Sub, Fn::Join) with the template's parameters. */
function evaluate(value: unknown, params: Record<string, string>, resolve: ResolveContext): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return '*';
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return pseudoParameter(o.Ref, resolve) ?? ownValue(params, o.Ref) ?? '*';
  if (o['Fn::Sub'] !== undefined) {
    const sub = o['Fn::Sub'];
    const [template, vars] = Array.isArray(sub)
      ? [sub[0] as string, (sub[1] ?? {}) as Record<string, unknown>]
      : [sub as string, {}];
    return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (Object.hasOwn(vars, name)) return evaluate(vars[name], params, resolve);
      return pseudoParameter(name, resolve) ?? ownValue(params, name) ?? '*';
    });
  }
  if (Array.isArray(o['Fn::Join'])) {
    const [delim, parts] = o['Fn::Join'] as [string, unknown[]];
    return (parts ?? []).map((p) => evaluate(p, params, resolve)).join(delim);
  }
  return '*';
}

function sameKeys(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  const x = Object.keys(a ?? {}).sort();
  const y = Object.keys(b ?? {}).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

/** Checks a narrowing before it is written: never more actions or resources than before. */
export function assertNarrower(from: string, to: string, ctx: TightenContext, resolve: ResolveContext): void {
  const a = ownValue(TEMPLATES, from);
  const b = ownValue(TEMPLATES, to);
  if (!a || !b) throw new InvariantError(`unknown SAM policy template ${from} or ${to}`);
  const params = Object.fromEntries(Object.keys(a.Parameters ?? {}).map((k) => [k, `iamtrim-${k}`]));
  const x = expand(a, params, resolve, ctx);
  const y = expand(b, params, resolve, ctx);
  const ok =
    y.actions.every((v) => x.actions.includes(v)) && y.resources.every((v) => x.resources.includes(v));
  if (!ok) throw new InvariantError(`replacing ${from} with ${to} would widen access`);
}

import type { ActionCatalog } from '../catalog/action-catalog.js';
import { arnsForAction } from '../catalog/arn-type-matcher.js';
import { actionsGrantedBy } from '../catalog/expand-action-pattern.js';
import type { ObservabilityCatalog } from '../catalog/observability.js';
import {
  statementCoversAction,
  resourcePatternsSubsume,
  statementCoversEvidenceList,
  statementCoversResource,
} from '../policy/match-statement.js';
import type { PolicyDocumentJson, StatementJson } from '../policy/policy-json.js';
import type { Policy, Statement } from '../policy/policy.js';
import { patternSubsumes } from '../policy/wildcard.js';
import { compactActions } from './compact-actions.js';
import {
  requiredDecision,
  usedDecision,
  type Decision,
  type EvidenceHint,
  type StatementRef,
} from './decision.js';
import {
  defaultGeneralizeOptions,
  generalizeResources,
  type GeneralizeOptions,
} from './generalize-resources.js';
import {
  recordedVerdict,
  removalVerdict,
  type RemovalVerdict,
  type VerdictContext,
} from './removal-verdict.js';
import { lambdaNeedFor, type RoleEvidence } from './role-evidence.js';

export interface TightenOptions {
  readonly generalize: GeneralizeOptions;
}

export const defaultTightenOptions: TightenOptions = { generalize: defaultGeneralizeOptions };

/** The knowledge tightening consults, passed in so tests can hand in their own. */
export interface TightenContext extends VerdictContext {
  readonly catalog: ActionCatalog;
  readonly observability: ObservabilityCatalog;
}

export interface TightenResult {
  readonly source: string;
  readonly before: PolicyDocumentJson;
  readonly after: PolicyDocumentJson;
  readonly decisions: readonly Decision[];
}

/** What one Allow statement must keep granting for one action, and on what. */
type ResourceNeed =
  | { readonly kind: 'verbatim'; readonly reason: string; readonly hints?: readonly EvidenceHint[] }
  | { readonly kind: 'narrow'; readonly resources: readonly string[] };

/**
 * Tightens one policy document to what the evidence shows, as a minimal edit:
 * Deny statements and Conditions are kept verbatim, Sids are kept, wildcards become the
 * sorted list of the actions they covered that were used, unused actions go, and
 * resources narrow to those used (never beyond the original patterns). Actions whose use
 * CloudTrail could not have shown are kept, each with its reason in `decisions`.
 * Pure: the result still has to pass `verifyTightening` before anyone sees it.
 */
export function tightenPolicy(
  policy: Policy,
  evidence: RoleEvidence,
  ctx: TightenContext,
  options: TightenOptions = defaultTightenOptions,
  keptByRole: ReadonlySet<string> = actionsKeptBy([policy], evidence, ctx),
): TightenResult {
  const decisions: Decision[] = [];
  const statements: StatementJson[] = [];
  for (const st of policy.statements) {
    const ref: StatementRef = { source: policy.source, index: st.index, sid: st.sid };
    if (st.effect === 'Deny') {
      statements.push(st.raw);
      decisions.push({
        kind: 'statement-unchanged',
        statement: ref,
        reason: 'Deny statements are never changed',
      });
      continue;
    }
    const out = tightenAllow(st, ref, evidence, ctx, options, decisions, keptByRole);
    statements.push(...out);
  }
  const after: PolicyDocumentJson = {
    ...(policy.raw.Version !== undefined ? { Version: policy.raw.Version } : {}),
    ...(policy.raw.Id !== undefined ? { Id: policy.raw.Id } : {}),
    Statement:
      policy.statementIsArray || statements.length !== 1 ? statements : (statements[0] as StatementJson),
  };
  return { source: policy.source, before: policy.raw, after, decisions };
}

function tightenAllow(
  st: Statement,
  ref: StatementRef,
  evidence: RoleEvidence,
  ctx: TightenContext,
  options: TightenOptions,
  decisions: Decision[],
  keptByRole: ReadonlySet<string>,
): StatementJson[] {
  // 1. Used actions this statement granted, and what each needs.
  const needs = new Map<string, ResourceNeed>();
  // Narrowing an action to some resources removes its use on the rest: allowed only when
  // that use would have been recorded, and never for what Lambda itself may need.
  const grantPatterns_ = st.resources.kind === 'Resource' ? st.resources.patterns : ['*'];
  const mayNarrow = (action: string, need: ResourceNeed): ResourceNeed => {
    if (need.kind !== 'narrow' || (need.resources.length === 1 && need.resources[0] === '*')) return need;
    const lambda = lambdaNeedFor(evidence, action);
    if (lambda)
      return {
        kind: 'verbatim',
        reason: `Lambda needs this for ${lambda.purpose}: kept as granted; give --function-config to decide`,
        hints: [{ kind: 'function-config' }],
      };
    const r = recordedVerdict(action, evidence, ctx, grantPatterns_);
    if (r.recorded) return need;
    return {
      kind: 'verbatim',
      reason: `its use on other resources would not be recorded: ${r.reason}`,
      ...(r.hints ? { hints: r.hints } : {}),
    };
  };
  for (const used of evidence.used.values()) {
    if (!statementCoversAction(st, used.action)) continue;
    const need = resourceNeed(st, used.action, used.unresolved ? [] : used.resources, ctx.catalog);
    if (!need) continue;
    needs.set(used.action, mayNarrow(used.action, need));
    decisions.push(usedDecision(ref, used));
  }

  // 1b. What Lambda needs on the functions' behalf is kept like observed use.
  for (const req of evidence.required) {
    if (!statementCoversAction(st, req.action)) continue;
    const need = resourceNeed(
      st,
      req.action,
      req.resources.filter((r) => r !== '*'),
      ctx.catalog,
    );
    if (!need) continue;
    const before = findNeed(needs, req.action);
    needs.set(before?.[0] ?? req.action, mayNarrow(req.action, mergeNeeds(before?.[1], need)));
    decisions.push(requiredDecision(ref, req));
  }

  // 2. Granted but not used here: removed only if CloudTrail would have shown the use.
  const granted = actionsGrantedBy(st.actions, ctx.catalog);
  const keptUnseen: string[] = [];
  const decide = (action: string, verdict: RemovalVerdict): void => {
    if (verdict.remove)
      decisions.push({ kind: 'action-removed', statement: ref, action, reason: verdict.reason });
    else {
      keptUnseen.push(action);
      decisions.push({
        kind: 'action-kept',
        statement: ref,
        action,
        observability: verdict.observability,
        reason: verdict.reason,
        ...(verdict.hints ? { hints: verdict.hints } : {}),
      });
    }
  };
  // Actions other calls need are judged last, once it is known what this statement keeps.
  const dependents: string[] = [];
  for (const action of granted) {
    if (findNeed(needs, action)) continue;
    const usedElsewhere = evidence.used.get(action.toLowerCase());
    const lambdaNeed = lambdaNeedFor(evidence, action) !== undefined;
    if (usedElsewhere && !lambdaNeed) {
      // Used, but never on this statement's resources: those calls went through another
      // statement, so this one's grant of it is unused wherever use would be recorded.
      const r = recordedVerdict(action, evidence, ctx, grantPatterns_);
      decide(
        action,
        r.recorded
          ? { remove: true, reason: 'used, but only on resources this statement does not grant' }
          : {
              remove: false,
              observability: r.observability,
              reason: `used elsewhere; its use on this statement's resources would not be recorded: ${r.reason}`,
              ...(r.hints ? { hints: r.hints } : {}),
            },
      );
      continue;
    }
    if (isDependent(action, ctx)) {
      dependents.push(action);
      continue;
    }
    decide(action, removalVerdict(action, evidence, ctx, grantPatterns_));
  }
  // Kept by this statement, or anywhere in the role's policies.
  const kept = new Set([...keptByRole, ...[...needs.keys(), ...keptUnseen].map((a) => a.toLowerCase())]);
  for (const action of dependents)
    decide(
      action,
      dependencyVerdict(action, evidence, ctx, kept) ?? removalVerdict(action, evidence, ctx, grantPatterns_),
    );
  for (const action of keptUnseen)
    needs.set(action, { kind: 'verbatim', reason: 'kept without evidence of use' });

  if (needs.size === 0) {
    decisions.push({
      kind: 'statement-removed',
      statement: ref,
      reason: 'none of its actions was used or has to be kept',
    });
    return [];
  }
  for (const p of st.actions.patterns) {
    if (st.actions.kind === 'Action' && /[*?]/.test(p)) {
      const covered = [...needs.keys()].filter((a) => patternSubsumes(p, a, true)).sort(byName);
      decisions.push({ kind: 'wildcard-replaced', statement: ref, pattern: p, actions: covered });
    }
  }

  const verbatimWhy = new Map<string, string>();
  for (const [action, need] of needs)
    if (need.kind === 'verbatim' && !keptUnseen.includes(action))
      verbatimWhy.set(action.toLowerCase(), need.reason);

  // 3. Group actions by the resources they need; each group becomes one statement.
  const groups = new Map<string, { actions: string[]; resources: readonly string[] | 'verbatim' }>();
  for (const [action, need] of needs) {
    const resources =
      need.kind === 'verbatim'
        ? 'verbatim'
        : grantPatterns(st, need.resources, options.generalize, ctx.catalog);
    const key = resources === 'verbatim' ? 'verbatim' : JSON.stringify(resources);
    const g = groups.get(key) ?? { actions: [], resources };
    g.actions.push(action);
    groups.set(key, g);
  }
  // Groups with evidence of use come first (the first keeps the Sid); groups kept only
  // for lack of evidence follow. Within each kind, by first action.
  const hasUse = (g: { actions: string[] }): boolean =>
    g.actions.some((a) => evidence.used.has(a.toLowerCase()));
  const ordered = mergeDisjointGroups([...groups.values()], ctx.catalog)
    .map((g) => ({ ...g, actions: spellAsWritten(st, g.actions).sort(byName) }))
    .sort((a, b) => Number(hasUse(b)) - Number(hasUse(a)) || byName(a.actions[0] ?? '', b.actions[0] ?? ''));

  // Actions kept only for lack of evidence can run to thousands under `*`: write them compactly.
  for (const g of ordered) {
    if (g.resources === 'verbatim' && st.actions.kind === 'Action' && !hasUse(g)) {
      g.actions = compactActions(g.actions, st.actions.patterns, ctx.catalog);
    }
  }
  const result: StatementJson[] = [];
  ordered.forEach((g, i) => {
    const sid = i === 0 ? st.sid : `${st.sid ?? `Statement${st.index + 1}`}Part${i + 1}`;
    const statement = buildStatement(st, sid, g.actions, g.resources);
    result.push(statement);
    if (g.resources === 'verbatim') {
      const why = [...new Set(g.actions.map((a) => verbatimWhy.get(a.toLowerCase())).filter((x) => x))];
      decisions.push({
        kind: 'resources-kept',
        statement: ref,
        actions: g.actions,
        reason: why.length ? why.join('; ') : 'no resource evidence narrower than the statement',
      });
    } else if (!sameList(g.resources, st.resources.patterns) || st.resources.kind === 'NotResource') {
      decisions.push({
        kind: 'resources-narrowed',
        statement: ref,
        actions: g.actions,
        from:
          st.resources.kind === 'NotResource'
            ? st.resources.patterns.map((p) => `NOT ${p}`)
            : st.resources.patterns,
        to: g.resources,
      });
    }
  });
  // Minimal edit: an untouched statement is emitted exactly as written.
  if (result.length === 1 && sameStatement(result[0] as StatementJson, st)) {
    decisions.push({
      kind: 'statement-unchanged',
      statement: ref,
      reason: 'every action and resource it grants is in use or has to be kept',
    });
    return [st.raw];
  }
  return result;
}

type Group = { actions: string[]; resources: readonly string[] | 'verbatim' };

/**
 * Joins resource groups whose actions cannot reach each other's resources (s3:GetObject
 * on objects and s3:ListBucket on the bucket; sns:Publish on a topic and sqs:SendMessage
 * on a queue), so the result reads like the statement it came from without granting
 * any action on anything it did not use. Groups kept verbatim or on `*` stay apart.
 */
function mergeDisjointGroups(groups: readonly Group[], catalog: ActionCatalog): Group[] {
  const sorted = [...groups].sort((a, b) =>
    byName([...a.actions].sort(byName)[0] ?? '', [...b.actions].sort(byName)[0] ?? ''),
  );
  const merged: { actions: string[]; resources: string[] }[] = [];
  const apart: Group[] = [];
  for (const g of sorted) {
    if (g.resources === 'verbatim' || g.resources.includes('*')) {
      apart.push(g);
      continue;
    }
    const resources = g.resources;
    const target = merged.find(
      (m) => !reachesAny(g.actions, m.resources, catalog) && !reachesAny(m.actions, resources, catalog),
    );
    if (target) {
      target.actions.push(...g.actions);
      target.resources = [...new Set([...target.resources, ...resources])].sort();
    } else merged.push({ actions: [...g.actions], resources: [...resources] });
  }
  return [...merged, ...apart];
}

/** Would granting any of these actions on these resources mean anything to IAM? */
function reachesAny(
  actions: readonly string[],
  resources: readonly string[],
  catalog: ActionCatalog,
): boolean {
  return actions.some((a) => {
    const info = catalog.action(a);
    if (!info) return true;
    return arnsForAction(resources, info.resourceTypes, catalog).length > 0;
  });
}

/**
 * The lower-case actions the role's policies keep, whatever statement grants them: used,
 * required, or kept for lack of evidence. A dependent action stays while any of them needs it.
 */
export function actionsKeptBy(
  policies: readonly Policy[],
  evidence: RoleEvidence,
  ctx: TightenContext,
): Set<string> {
  const kept = new Set<string>();
  for (const u of evidence.used.keys()) kept.add(u);
  for (const r of evidence.required) kept.add(r.action.toLowerCase());
  for (const p of policies)
    for (const st of p.statements) {
      if (st.effect !== 'Allow') continue;
      const patterns = st.resources.kind === 'Resource' ? st.resources.patterns : ['*'];
      for (const action of actionsGrantedBy(st.actions, ctx.catalog)) {
        const key = action.toLowerCase();
        if (kept.has(key) || isDependent(action, ctx)) continue;
        if (!removalVerdict(action, evidence, ctx, patterns).remove) kept.add(key);
      }
    }
  return kept;
}

function isDependent(action: string, ctx: TightenContext): boolean {
  return (
    ctx.observability.neededBy(action).length > 0 ||
    ctx.observability.observability(action).kind === 'permission-only'
  );
}

/**
 * Dependent actions (iam:PassRole, KMS through kms:ViaService, ec2:CreateTags for tagging
 * on creation) are kept while a call that needs them is used, required or kept. A
 * permission-only action, which no call of its own can show, is kept only while an action
 * that needs it is kept; otherwise it goes, with that reason.
 */
function dependencyVerdict(
  action: string,
  evidence: RoleEvidence,
  ctx: TightenContext,
  keptHere: ReadonlySet<string>,
): RemovalVerdict | undefined {
  const triggers = ctx.observability.neededBy(action);
  const isUsed = (t: string): boolean =>
    evidence.used.has(t.toLowerCase()) ||
    evidence.required.some((r) => r.action.toLowerCase() === t.toLowerCase());
  const list = (xs: readonly string[]): string =>
    xs.slice(0, 3).join(', ') + (xs.length > 3 ? ` and ${xs.length - 3} more` : '');
  const used = triggers.filter(isUsed);
  if (used.length > 0)
    return {
      remove: false,
      observability: 'dependency',
      reason: `needed by ${list(used)}, which the role uses`,
    };
  const kept = triggers.filter((t) => keptHere.has(t.toLowerCase()));
  if (kept.length > 0)
    return {
      remove: false,
      observability: 'dependency',
      reason: `needed by ${list(kept)}, which the role keeps`,
    };
  if (ctx.observability.observability(action).kind !== 'permission-only') return undefined;
  const lambda = lambdaNeedFor(evidence, action);
  if (lambda) return undefined;
  return {
    remove: true,
    reason:
      triggers.length > 0
        ? `a permission checked only inside ${list(triggers)}, none of which the role uses or keeps`
        : 'a permission with no API call of its own, and no action the role keeps needs it',
  };
}

function findNeed(
  needs: ReadonlyMap<string, ResourceNeed>,
  action: string,
): [string, ResourceNeed] | undefined {
  const lower = action.toLowerCase();
  for (const entry of needs) if (entry[0].toLowerCase() === lower) return entry;
  return undefined;
}

function mergeNeeds(a: ResourceNeed | undefined, b: ResourceNeed): ResourceNeed {
  if (!a) return b;
  if (a.kind === 'verbatim') return a;
  if (b.kind === 'verbatim') return b;
  return { kind: 'narrow', resources: [...new Set([...a.resources, ...b.resources])].sort() };
}

/** What a used action needs from this statement, or undefined when the statement did not grant its use. */
function resourceNeed(
  st: Statement,
  action: string,
  resources: readonly string[],
  catalog: ActionCatalog,
): ResourceNeed | undefined {
  const info = catalog.action(action);
  if (!info) {
    // An action the catalog does not know: its resource types are unknown, so nothing can be
    // narrowed. Kept as written when the statement could have allowed the calls.
    const targets = resources.length > 0 ? resources : ['*'];
    const covers = statementCoversEvidenceList(st, targets).length > 0 || resources.length === 0;
    return covers ? { kind: 'verbatim', reason: 'an action the catalog does not know' } : undefined;
  }
  if (info.resourceTypes.length === 0) {
    // Actions that support only `*` are requested against the resource "*".
    const m = statementCoversResource(st, '*');
    if (m === 'no') return undefined;
    // Under NotResource the exclusions are kept as written rather than widened to "*".
    if (m === 'maybe' || st.resources.kind === 'NotResource')
      return { kind: 'verbatim', reason: 'kept as written' };
    return { kind: 'narrow', resources: ['*'] };
  }
  if (resources.length === 0)
    return { kind: 'verbatim', reason: 'the calls named no resource iamtrim could resolve' };
  const covered = statementCoversEvidenceList(st, resources);
  if (covered.some((c) => c.match === 'maybe'))
    return { kind: 'verbatim', reason: 'policy variables in the resource' };
  const matched = covered.map((c) => resources[c.index] as string);
  return matched.length > 0 ? { kind: 'narrow', resources: matched } : undefined;
}

/**
 * The used resources as patterns to grant, each no broader than the statement's own
 * patterns: a generalization that would reach outside them falls back to the
 * concrete resources it stood for.
 */
function grantPatterns(
  st: Statement,
  used: readonly string[],
  options: GeneralizeOptions,
  catalog: ActionCatalog,
): string[] {
  if (used.length === 1 && used[0] === '*') return ['*'];
  const out = new Set<string>();
  for (const g of generalizeResources(used, options, catalog)) {
    const inside =
      st.resources.kind === 'Resource'
        ? resourcePatternsSubsume(st, g.pattern)
        : g.covers.length === 1 && g.covers[0] === g.pattern;
    if (inside) out.add(g.pattern);
    else for (const c of g.covers) out.add(c);
  }
  return [...out].sort();
}

/** Keeps the statement's own spelling for actions it named outright. */
function spellAsWritten(st: Statement, actions: readonly string[]): string[] {
  if (st.actions.kind !== 'Action') return [...actions];
  return actions.map((a) => st.actions.patterns.find((p) => p.toLowerCase() === a.toLowerCase()) ?? a);
}

function buildStatement(
  st: Statement,
  sid: string | undefined,
  actions: string[],
  resources: readonly string[] | 'verbatim',
): StatementJson {
  const raw = st.raw;
  const out: StatementJson = { ...(sid !== undefined ? { Sid: sid } : {}), Effect: 'Allow' } as StatementJson;
  const wasString = st.actions.kind === 'Action' && typeof raw.Action === 'string';
  out.Action = actions.length === 1 && wasString ? (actions[0] as string) : actions;
  if (resources === 'verbatim') {
    if (raw.Resource !== undefined) out.Resource = raw.Resource;
    else out.NotResource = raw.NotResource as string | string[];
  } else {
    out.Resource =
      resources.length === 1 && typeof raw.Resource === 'string' ? (resources[0] as string) : [...resources];
  }
  if (raw.Condition !== undefined) out.Condition = raw.Condition;
  return out;
}

function sameStatement(built: StatementJson, st: Statement): boolean {
  if (st.actions.kind !== 'Action') return false;
  const actions = typeof built.Action === 'string' ? [built.Action] : (built.Action ?? []);
  if (!sameList(actions, st.actions.patterns)) return false;
  if (built.NotResource !== undefined) return st.resources.kind === 'NotResource';
  const resources = typeof built.Resource === 'string' ? [built.Resource] : (built.Resource ?? []);
  return st.resources.kind === 'Resource' && sameList(resources, st.resources.patterns);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].map((x) => x.toLowerCase()).sort();
  const sb = [...b].map((x) => x.toLowerCase()).sort();
  return sa.every((x, i) => x === sb[i]);
}

function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

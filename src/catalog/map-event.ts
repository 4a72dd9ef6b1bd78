import type { TrailEvent } from '../normalize/trail-event.js';
import type { ActionCatalog, ActionInfo } from './action-catalog.js';
import { arnsForAction } from './arn-type-matcher.js';
import type { ActionVariant, EventActionData } from './event-action-data.js';
import { eventSourcePrefix, operationName } from './event-source-prefix.js';
import { lookupParam } from './param-lookup.js';
import { candidateExtractors } from './resource-candidates.js';
import { renderTemplate, type ArnContext } from './resource-template.js';
import { specialOperations, type SpecialHandler } from './special-operations.js';
import { ownValue } from './own-value.js';

/** Everything the mapper knows, passed in rather than imported. */
export interface EventCatalog {
  readonly data: EventActionData;
  readonly actions: ActionCatalog;
}

export interface MappedAction {
  /** Canonical IAM action, e.g. `s3:ListBucket`. */
  readonly action: string;
  /** Resource ARNs the call touched; empty when unknown or the action takes only `*`. */
  readonly resources: readonly string[];
  /** False when the action has resource types but the call named none iamtrim could resolve. */
  readonly resolved: boolean;
}

export type MapResult =
  | {
      readonly kind: 'mapped';
      readonly actions: readonly MappedAction[];
      readonly invalid: readonly string[];
    }
  | { readonly kind: 'permissionless'; readonly action: string }
  | { readonly kind: 'unmapped'; readonly reason: string };

/**
 * Maps one API call to the IAM actions it needed and the resources it touched.
 * eventName is not always the action: `ListObjectsV2` needs `s3:ListBucket`,
 * `ExecuteStatement` needs a PartiQL action chosen by the statement verb.
 */
export function mapEvent(event: TrailEvent, catalog: EventCatalog): MapResult {
  const plan = planFor(event.eventSource, event.eventName, catalog);
  if (plan.kind === 'permissionless') return { kind: 'permissionless', action: plan.key };
  const { prefix } = plan;

  const params = event.requestParameters ?? {};
  const ctx: ArnContext = { partition: event.partition, region: event.region, account: event.account };

  let wanted: readonly { variant: ActionVariant; info: ActionInfo | undefined; arns?: string[] }[];
  if (plan.kind === 'special') {
    const result = plan.handler(params, ctx, listedArns(event));
    if (result.kind === 'unmapped') return result;
    wanted = result.calls.map((c) => ({
      variant: { action: c.action },
      info: catalog.actions.action(c.action),
      ...(c.arns ? { arns: c.arns } : {}),
    }));
  } else if (!plan.conditional) {
    wanted = plan.entries;
  } else {
    wanted = plan.entries.filter(
      (e) =>
        (!e.variant.when || conditionHolds(e.variant.when, params)) &&
        (!e.taggingDependent || hasTagParameter(params)),
    );
  }

  // Usually one action: a short array searched by name costs less than a Map of Sets.
  const found: { action: string; resources: string[]; resolved: boolean }[] = [];
  const invalid: string[] = [];
  for (const { variant, info, arns } of wanted) {
    if (!info) {
      invalid.push(variant.action);
      continue;
    }
    // Both give a fresh array without repeats, which `found` may own and extend.
    const resources = arns
      ? arnsForAction(arns, info.resourceTypes, catalog.actions)
      : resolveResources(event, params, ctx, variant, info, prefix, catalog.actions);
    // A dependent action of another service (iam:PassRole for a role parameter) is needed
    // only when the request carried what it depends on: no role ARN, nothing passed.
    if (resources.length === 0 && serviceOf(info.action) !== prefix && hasTemplates(variant)) continue;
    let entry = found.find((e) => e.action === info.action);
    if (!entry) {
      entry = { action: info.action, resources, resolved: true };
      found.push(entry);
    } else {
      for (const r of resources) if (!entry.resources.includes(r)) entry.resources.push(r);
    }
    // An action with resource types whose call resolved to none: the resource is unknown.
    if (resources.length === 0 && info.resourceTypes.length > 0) entry.resolved = false;
  }
  if (found.length === 0) {
    const names = invalid.length ? invalid.join(', ') : plan.key;
    return { kind: 'unmapped', reason: `${names}: not an action in the IAM catalog` };
  }
  const actions = found.map(({ action, resources, resolved }) => ({
    action,
    resources: resources.length > 1 ? resources.sort() : resources,
    resolved: resolved || resources.length > 0,
  }));
  return { kind: 'mapped', actions, invalid };
}

/** What is known about an (eventSource, eventName) pair before looking at the request. */
type EventPlan =
  | { readonly kind: 'permissionless'; readonly key: string; readonly prefix: string }
  | {
      readonly kind: 'special';
      readonly key: string;
      readonly prefix: string;
      readonly handler: SpecialHandler;
    }
  | {
      readonly kind: 'variants';
      readonly key: string;
      readonly prefix: string;
      readonly entries: readonly PlanEntry[];
      /** Some entry depends on the request (a condition or tags): filter per call. */
      readonly conditional: boolean;
    };

interface PlanEntry {
  readonly variant: ActionVariant;
  readonly info: ActionInfo | undefined;
  /** A tagging action that is needed only when the request carries tags. */
  readonly taggingDependent: boolean;
}

// Plans depend only on the pair and the catalog, and a trail has few distinct pairs:
// computing them once keeps prefix resolution and catalog look-ups off the hot path.
const plans = new WeakMap<EventCatalog, Map<string, Map<string, EventPlan>>>();

function planFor(eventSource: string, eventName: string, catalog: EventCatalog): EventPlan {
  let bySource = plans.get(catalog);
  if (!bySource) {
    bySource = new Map();
    plans.set(catalog, bySource);
  }
  let byName = bySource.get(eventSource);
  if (!byName) {
    byName = new Map();
    bySource.set(eventSource, byName);
  }
  let plan = byName.get(eventName);
  if (!plan) {
    const prefix = resolvePrefix(eventSource, catalog);
    const key = `${prefix}:${operationName(eventName)}`;
    const handler = ownValue(specialOperations, key);
    if (catalog.data.permissionless.includes(key)) plan = { kind: 'permissionless', key, prefix };
    else if (handler) plan = { kind: 'special', key, prefix, handler };
    else {
      const byOperation = ownValue(catalog.data.operations, prefix);
      const variants = (byOperation && ownValue(byOperation, key.slice(prefix.length + 1))) ?? [
        { action: key },
      ];
      const entries = variants.map((variant) => ({
        variant,
        info: catalog.actions.action(variant.action),
        taggingDependent: isTaggingDependent(variant.action, key),
      }));
      const conditional = entries.some((e) => e.variant.when !== undefined || e.taggingDependent);
      plan = { kind: 'variants', key, prefix, entries, conditional };
    }
    byName.set(eventName, plan);
  }
  return plan;
}

function resolvePrefix(eventSource: string, catalog: EventCatalog): string {
  const prefix = eventSourcePrefix(eventSource, catalog.data.eventSourcePrefixes);
  if (catalog.actions.serviceExists(prefix)) return prefix;
  // `api.example.amazonaws.com`-style sub-endpoints: try the next label.
  const second = eventSource.split('.')[1];
  return second && catalog.actions.serviceExists(second) ? second : prefix;
}

/**
 * The ARNs a record lists in `resources`. An `ARNPrefix` (S3 DeleteObjects logs the
 * bucket prefix, not each key) becomes the pattern `prefix*`, the most precise true
 * statement of what was touched.
 */
function listedArns(event: TrailEvent): string[] {
  const out: string[] = [];
  for (const r of event.resources) {
    if (typeof r.ARN === 'string' && r.ARN.startsWith('arn:')) out.push(r.ARN);
    else if (typeof r.ARNPrefix === 'string' && r.ARNPrefix.startsWith('arn:')) out.push(`${r.ARNPrefix}*`);
  }
  return out;
}

// Create calls that may tag what they create list the service's tagging action as a
// dependent (rds:AddTagsToResource for RestoreDBInstanceFromS3). IAM checks it only when
// the request carries tags (Amazon RDS user guide, "Permissions for tagging on creation").
const TAGGING_ACTION = /:(AddTagsToResource|TagResource|CreateTags|AddTags|TagRole|TagUser|TagPolicy)$/;

function isTaggingDependent(action: string, key: string): boolean {
  return action !== key && TAGGING_ACTION.test(action);
}

function hasTagParameter(params: Record<string, unknown>): boolean {
  return Object.keys(params).some((k) => /tag/i.test(k));
}

function hasTemplates(variant: ActionVariant): boolean {
  return variant.arn !== undefined || variant.arns !== undefined || variant.vars !== undefined;
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':'));
}

function resolveResources(
  event: TrailEvent,
  params: Record<string, unknown>,
  ctx: ArnContext,
  variant: ActionVariant,
  info: ActionInfo,
  prefix: string,
  actions: ActionCatalog,
): string[] {
  if (info.resourceTypes.length === 0) return [];
  // 1. The curated reading of request parameters: it knows which parameter names which
  //    resource (ReEncrypt's source and destination keys), so it comes first.
  const extractor = ownValue(candidateExtractors, prefix);
  if (extractor) {
    const fromParams = arnsForAction(extractor(params, ctx), info.resourceTypes, actions);
    if (fromParams.length > 0) return fromParams;
  }
  // 2. ARNs CloudTrail itself lists in `resources` (data events, KMS).
  const fromRecord = arnsForAction(listedArns(event), info.resourceTypes, actions);
  if (fromRecord.length > 0) return fromRecord;
  // 3. The iamlive templates, filled into the catalog's ARN formats.
  const rendered: string[] = [];
  if (variant.arn) rendered.push(...renderTemplate(variant.arn, params, ctx));
  for (const template of Object.values(variant.arns ?? {}))
    rendered.push(...renderTemplate(template, params, ctx));
  if (variant.vars) {
    for (const type of info.resourceTypes) {
      const composed = composedFormat(type.arnFormat, variant.vars);
      if (composed) rendered.push(...renderTemplate(composed, params, ctx));
    }
  }
  return arnsForAction(rendered, info.resourceTypes, actions);
}

// Composed formats depend only on the format and the variant's templates, both catalog data.
const composedFormats = new WeakMap<Readonly<Record<string, string>>, Map<string, string | null>>();

/** `composeFormat`, computed once per (format, templates). */
function composedFormat(format: string, vars: Readonly<Record<string, string>>): string | undefined {
  let byFormat = composedFormats.get(vars);
  if (!byFormat) {
    byFormat = new Map();
    composedFormats.set(vars, byFormat);
  }
  let composed = byFormat.get(format);
  if (composed === undefined) {
    composed = composeFormat(format, vars) ?? null;
    byFormat.set(format, composed);
  }
  return composed ?? undefined;
}

/** Fills a catalog ARN format with the variant's parameter templates; undefined if one is missing. */
function composeFormat(format: string, vars: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const composed = format.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === 'Partition' || name === 'Region' || name === 'Account') return whole;
    const template = vars[name];
    if (template === undefined) missing = true;
    return template ?? '';
  });
  return missing ? undefined : composed;
}

function conditionHolds(when: NonNullable<ActionVariant['when']>, params: unknown): boolean {
  const values = lookupParam(params, when.lhs);
  const strings = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const rhs = when.rhs ?? '';
  switch (when.op) {
    case 'Exists':
      return values.length > 0;
    case 'NotExists':
      return values.length === 0;
    case 'IContains':
      return strings.some((s) => s.toLowerCase().includes(rhs.toLowerCase()));
    case 'Contains':
      return strings.some((s) => s.includes(rhs));
    case 'Equals':
      return strings.some((s) => s === rhs);
    case 'NotEquals':
      return !strings.some((s) => s === rhs);
    default:
      // An operator we do not know: keep the action rather than under-report use.
      return true;
  }
}

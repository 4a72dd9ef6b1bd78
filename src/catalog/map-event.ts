import type { TrailEvent } from '../normalize/trail-event.js';
import type { ActionCatalog, ActionInfo } from './action-catalog.js';
import { arnsForAction } from './arn-type-matcher.js';
import type { ActionVariant, EventActionData } from './event-action-data.js';
import { eventSourcePrefix, operationName } from './event-source-prefix.js';
import { lookupParam } from './param-lookup.js';
import { candidateExtractors } from './resource-candidates.js';
import { renderTemplate, type ArnContext } from './resource-template.js';
import { specialOperations } from './special-operations.js';

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
  const prefix = resolvePrefix(event.eventSource, catalog);
  const op = operationName(event.eventName);
  const key = `${prefix}:${op}`;
  if (catalog.data.permissionless.includes(key)) return { kind: 'permissionless', action: key };

  const params = event.requestParameters ?? {};
  const ctx: ArnContext = { partition: event.partition, region: event.region, account: event.account };

  let wanted: { variant: ActionVariant; arns?: string[] }[];
  const special = specialOperations[key];
  if (special) {
    const listed = event.resources.flatMap((r) =>
      typeof r.ARN === 'string' && r.ARN.startsWith('arn:') ? [r.ARN] : [],
    );
    const result = special(params, ctx, listed);
    if (result.kind === 'unmapped') return result;
    wanted = result.calls.map((c) => ({
      variant: { action: c.action },
      ...(c.arns ? { arns: c.arns } : {}),
    }));
  } else {
    const variants = catalog.data.operations[prefix]?.[op] ?? [{ action: key }];
    wanted = variants
      .filter((v) => !v.when || conditionHolds(v.when, params))
      .map((variant) => ({ variant }));
  }

  const byAction = new Map<string, Set<string>>();
  const invalid: string[] = [];
  for (const { variant, arns } of wanted) {
    const info = catalog.actions.action(variant.action);
    if (!info) {
      invalid.push(variant.action);
      continue;
    }
    const resources = arns
      ? arnsForAction(arns, info.resourceTypes, serviceOf(info.action), catalog.actions)
      : resolveResources(event, params, ctx, variant, info, prefix, catalog.actions);
    // A dependent action of another service (iam:PassRole for a role parameter) is needed
    // only when the request carried what it depends on: no role ARN, nothing passed.
    if (resources.length === 0 && serviceOf(info.action) !== prefix && hasTemplates(variant)) continue;
    const set = byAction.get(info.action) ?? new Set<string>();
    for (const r of resources) set.add(r);
    byAction.set(info.action, set);
  }
  if (byAction.size === 0) {
    const names = invalid.length ? invalid.join(', ') : key;
    return { kind: 'unmapped', reason: `${names}: not an action in the IAM catalog` };
  }
  const actions = [...byAction].map(([action, set]) => ({ action, resources: [...set].sort() }));
  return { kind: 'mapped', actions, invalid };
}

function resolvePrefix(eventSource: string, catalog: EventCatalog): string {
  const prefix = eventSourcePrefix(eventSource, catalog.data.eventSourcePrefixes);
  if (catalog.actions.serviceExists(prefix)) return prefix;
  // `api.example.amazonaws.com`-style sub-endpoints: try the next label.
  const second = eventSource.split('.')[1];
  return second && catalog.actions.serviceExists(second) ? second : prefix;
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
  const service = serviceOf(info.action);
  // 1. The curated reading of request parameters: it knows which parameter names which
  //    resource (ReEncrypt's source and destination keys), so it comes first.
  const extractor = candidateExtractors[prefix];
  if (extractor) {
    const fromParams = arnsForAction(extractor(params, ctx), info.resourceTypes, service, actions);
    if (fromParams.length > 0) return fromParams;
  }
  // 2. ARNs CloudTrail itself lists in `resources` (data events, KMS).
  const listed = event.resources.flatMap((r) =>
    typeof r.ARN === 'string' && r.ARN.startsWith('arn:') ? [r.ARN] : [],
  );
  const fromRecord = arnsForAction(listed, info.resourceTypes, service, actions);
  if (fromRecord.length > 0) return fromRecord;
  // 3. The iamlive templates, filled into the catalog's ARN formats.
  const rendered: string[] = [];
  if (variant.arn) rendered.push(...renderTemplate(variant.arn, params, ctx));
  for (const template of Object.values(variant.arns ?? {}))
    rendered.push(...renderTemplate(template, params, ctx));
  if (variant.vars) {
    for (const type of info.resourceTypes) {
      const composed = composeFormat(type.arnFormat, variant.vars);
      if (composed) rendered.push(...renderTemplate(composed, params, ctx));
    }
  }
  return arnsForAction(rendered, info.resourceTypes, service, actions);
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

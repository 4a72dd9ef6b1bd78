import type { EventActionData } from './event-action-data.js';

/** How (and whether) CloudTrail records the use of an IAM action. */
export type Observability =
  | { readonly kind: 'management' }
  | { readonly kind: 'data'; readonly resourceType: string }
  | { readonly kind: 'not-logged'; readonly source: string }
  | { readonly kind: 'permission-only'; readonly source: string }
  | { readonly kind: 'unknown' };

export interface ObservabilityCatalog {
  observability(action: string): Observability;
  /** The actions whose calls also need this one (empty when none is known). */
  neededBy(action: string): readonly string[];
}

/** The shape of `catalog/data/observability.json` (derived by scripts/build-catalog-data.mjs). */
export interface ObservabilityData {
  /** Lower-case action → data-event resource type (`AWS::S3::Object`). */
  readonly dataEvents: Readonly<Record<string, string>>;
  /** Lower-case action → the documentation that says CloudTrail never logs it. */
  readonly notLogged: Readonly<Record<string, string>>;
  /** Lower-case action → why it never appears as an event name of its own. */
  readonly permissionOnly: Readonly<Record<string, string>>;
  /** IAM prefixes of services CloudTrail does not support at all. */
  readonly unsupportedServices: readonly string[];
  /** IAM prefixes with data events whose APIs the documentation does not list: all unknown. */
  readonly uncertainServices?: readonly string[];
  /** Lower-case dependent action → the actions of the calls that need it (iam:PassRole, kms:ViaService). */
  readonly dependents: Readonly<Record<string, readonly string[]>>;
}

/**
 * Observability from curated data plus the mapping data: an action is a management
 * event when some API operation of its own service needs it (CloudTrail logs every
 * management call of a supported service), unless the curated lists say it is a data
 * event, never logged, or checked only inside other calls. Anything else is unknown,
 * and unknown is treated conservatively by tightening.
 */
export function createObservabilityCatalog(
  events: EventActionData,
  data: ObservabilityData,
): ObservabilityCatalog {
  const apiActions = new Set<string>();
  for (const [prefix, names] of Object.entries(events.operationNames)) {
    for (const op of names) apiActions.add(`${prefix}:${op}`.toLowerCase());
  }
  for (const [prefix, ops] of Object.entries(events.operations)) {
    for (const [op, variants] of Object.entries(ops)) {
      // The default rule maps an operation to prefix:Operation, so the name itself counts too.
      apiActions.add(`${prefix}:${op}`.toLowerCase());
      for (const v of variants)
        if (v.action.toLowerCase().startsWith(`${prefix}:`)) apiActions.add(v.action.toLowerCase());
    }
  }
  const unsupported = new Set(data.unsupportedServices);
  const uncertain = new Set(data.uncertainServices ?? []);
  return {
    neededBy(action: string): readonly string[] {
      return data.dependents?.[action.toLowerCase()] ?? [];
    },
    observability(action: string): Observability {
      const key = action.toLowerCase();
      const service = key.slice(0, key.indexOf(':'));
      const dataType = data.dataEvents[key];
      if (dataType) return { kind: 'data', resourceType: dataType };
      const never = data.notLogged[key];
      if (never) return { kind: 'not-logged', source: never };
      if (unsupported.has(service))
        return { kind: 'not-logged', source: 'the service does not support CloudTrail' };
      const only = data.permissionOnly[key];
      if (only) return { kind: 'permission-only', source: only };
      if (uncertain.has(service)) return { kind: 'unknown' };
      return apiActions.has(key) ? { kind: 'management' } : { kind: 'unknown' };
    },
  };
}

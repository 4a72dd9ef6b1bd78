import { ownValue } from './own-value.js';

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
  /** Service → actions logged as management events (exact catalog spelling). */
  readonly management: Readonly<Record<string, readonly string[]>>;
  /** Lower-case action → data-event resource type (`AWS::S3::Object`). */
  readonly dataEvents: Readonly<Record<string, string>>;
  /** Lower-case action → the documentation that says CloudTrail never logs it. */
  readonly notLogged: Readonly<Record<string, string>>;
  /** Lower-case action → why it never appears as an event name of its own (curated). */
  readonly permissionOnly: Readonly<Record<string, string>>;
  /**
   * Service → the API list that was read for it and the lower-case action names it has no
   * operation (nor mapped event) for; those actions are checked only inside other calls.
   */
  readonly withoutOperation?: Readonly<
    Record<string, { readonly apiList: string; readonly actions: readonly string[] }>
  >;
  /** IAM prefixes of services CloudTrail does not support at all. */
  readonly unsupportedServices: readonly string[];
  /** Lower-case dependent action → the actions of the calls that need it (iam:PassRole, kms:ViaService). */
  readonly dependents: Readonly<Record<string, readonly string[]>>;
}

/**
 * Observability from the committed data file: a management event, a data event of a
 * resource type, never logged, or checked only inside other calls. An action the file does
 * not name is unknown, and tightening treats unknown conservatively.
 */
export function createObservabilityCatalog(data: ObservabilityData): ObservabilityCatalog {
  const management = new Set<string>();
  for (const [service, actions] of Object.entries(data.management))
    for (const a of actions) management.add(`${service}:${a}`.toLowerCase());
  const unsupported = new Set(data.unsupportedServices);
  // "service:action" (lower case) → the API list that lacks it.
  const withoutOperation = new Map<string, string>();
  for (const [service, entry] of Object.entries(data.withoutOperation ?? {}))
    for (const a of entry.actions) withoutOperation.set(`${service}:${a}`.toLowerCase(), entry.apiList);
  return {
    neededBy(action: string): readonly string[] {
      return ownValue(data.dependents, action.toLowerCase()) ?? [];
    },
    observability(action: string): Observability {
      const key = action.toLowerCase();
      const service = key.slice(0, key.indexOf(':'));
      const dataType = ownValue(data.dataEvents, key);
      if (dataType) return { kind: 'data', resourceType: dataType };
      const never = ownValue(data.notLogged, key);
      if (never) return { kind: 'not-logged', source: never };
      if (unsupported.has(service))
        return { kind: 'not-logged', source: 'the service does not support CloudTrail' };
      const only = ownValue(data.permissionOnly, key);
      if (only) return { kind: 'permission-only', source: only };
      const apiList = withoutOperation.get(key);
      if (apiList) return { kind: 'permission-only', source: `no API operation of this name in ${apiList}` };
      return management.has(key) ? { kind: 'management' } : { kind: 'unknown' };
    },
  };
}

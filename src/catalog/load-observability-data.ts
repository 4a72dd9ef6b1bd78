import observability from './data/observability.json' with { type: 'json' };
import { loadEventActionData } from './load-event-action-data.js';
import {
  createObservabilityCatalog,
  type ObservabilityCatalog,
  type ObservabilityData,
} from './observability.js';

/** The production observability catalog: committed curated data plus the mapping data. */
export function createDefaultObservability(): ObservabilityCatalog {
  return createObservabilityCatalog(loadEventActionData(), observability as unknown as ObservabilityData);
}

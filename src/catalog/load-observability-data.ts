import observability from './data/observability.json' with { type: 'json' };
import {
  createObservabilityCatalog,
  type ObservabilityCatalog,
  type ObservabilityData,
} from './observability.js';

/** The production observability catalog, from the committed data file. */
export function createDefaultObservability(): ObservabilityCatalog {
  return createObservabilityCatalog(observability as unknown as ObservabilityData);
}

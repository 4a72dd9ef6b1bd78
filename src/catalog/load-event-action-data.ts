import eventActions from './data/event-actions.json' with { type: 'json' };
import type { EventActionData } from './event-action-data.js';

/** The committed mapping data. Imported once; the core receives it as an argument. */
export function loadEventActionData(): EventActionData {
  return eventActions as unknown as EventActionData;
}

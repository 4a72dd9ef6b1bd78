import { implausibleTime, noteLogTime, noteTime, type AggregateOptions } from './add-record.js';
import { dayAccumulator, type DayUsage } from './day-usage.js';
import { inWindow } from './usage-filter.js';
import { recordSkipped, type UsageAccumulator } from './usage-accumulator.js';

/**
 * What a record the scan's filter cannot select is, as far as the statistics over all
 * records go: an API call (a data event or not), a service's call, or a non-API record.
 */
export type UnselectedKind = 'event' | 'data-event' | 'service-call' | 'non-api';

/**
 * `addRecord` (or, given a `DayUsage`, `addRecordByDay`) for a record its bytes show the
 * filter cannot select (see `sources/record-prefilter.ts`): it changes the statistics
 * exactly as those would, and nothing else, without the record ever being parsed.
 */
export function addUnselected(
  into: UsageAccumulator | DayUsage,
  kind: UnselectedKind,
  timeMs: number,
  region: string,
  eventSource: string,
  file: string,
  options: AggregateOptions,
): void {
  const bad = implausibleTime(timeMs, options);
  // As `addRecordByDay` splits: a record with a time that cannot be believed is undated.
  const acc = 'undated' in into ? (bad !== undefined ? into.undated : dayAccumulator(into, timeMs)) : into;
  acc.stats.records++;
  // The steps of `addNormalized` that run before its principal filter, in the same order.
  if (bad) {
    recordSkipped(acc, file, bad, 1);
    return;
  }
  noteLogTime(acc, timeMs);
  if (!inWindow(timeMs, options.filter)) return;
  if (kind === 'non-api') acc.stats.nonApiEvents++;
  else if (kind === 'service-call') acc.stats.serviceEvents++;
  else acc.stats.events++;
  noteTime(acc, timeMs, region);
  if (kind === 'data-event') acc.stats.dataEventSources.add(eventSource);
}

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
 * `addRecord` for a record its bytes show the filter cannot select (see
 * `sources/record-prefilter.ts`): it changes the statistics exactly as `addRecord` would,
 * and nothing else, without the record ever being parsed or normalized.
 */
export function addUnselected(
  acc: UsageAccumulator,
  kind: UnselectedKind,
  timeMs: number,
  region: string,
  eventSource: string,
  file: string,
  options: AggregateOptions,
): void {
  acc.stats.records++;
  countUnselected(acc, kind, timeMs, region, eventSource, file, options);
}

/** `addUnselected` for a scan split by day, as `addRecordByDay` splits `addRecord`. */
export function addUnselectedByDay(
  usage: DayUsage,
  kind: UnselectedKind,
  timeMs: number,
  region: string,
  eventSource: string,
  file: string,
  options: AggregateOptions,
): void {
  const acc = implausibleTime(timeMs, options) !== undefined ? usage.undated : dayAccumulator(usage, timeMs);
  acc.stats.records++;
  countUnselected(acc, kind, timeMs, region, eventSource, file, options);
}

// The steps of `addNormalized` that run before its principal filter, in the same order.
function countUnselected(
  acc: UsageAccumulator,
  kind: UnselectedKind,
  timeMs: number,
  region: string,
  eventSource: string,
  file: string,
  options: AggregateOptions,
): void {
  const bad = implausibleTime(timeMs, options);
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

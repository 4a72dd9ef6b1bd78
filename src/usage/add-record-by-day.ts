import { parseEventTime } from '../normalize/parse-event-time.js';
import type { EventCatalog } from '../catalog/map-event.js';
import { normalizeRecord } from '../normalize/normalize-record.js';
import { addNormalized, implausibleTime, type AggregateOptions } from './add-record.js';
import { dayAccumulator, type DayUsage } from './day-usage.js';

/**
 * `addRecord` for a scan split by day: the record goes to the accumulator of the UTC day of
 * its `eventTime`. A record without a time that can be believed (skipped ones) goes to
 * `undated`, where its reason is recorded exactly as the unsplit scan records it.
 */
export function addRecordByDay(
  usage: DayUsage,
  raw: unknown,
  file: string,
  catalog: EventCatalog,
  options: AggregateOptions,
): void {
  const result = normalizeRecord(raw);
  const t =
    result.kind === 'event'
      ? result.event.timeMs
      : result.kind === 'classified' && result.time
        ? parseEventTime(result.time)
        : NaN;
  const acc =
    Number.isNaN(t) || implausibleTime(t, options) !== undefined ? usage.undated : dayAccumulator(usage, t);
  acc.stats.records++;
  addNormalized(acc, result, raw, file, catalog, options);
}

import type { EventCatalog } from '../catalog/map-event.js';
import { addRecord, type AggregateOptions } from './add-record.js';
import { mergeUsage } from './merge-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from './usage-accumulator.js';

/**
 * Adds `count` identical records whose times span `firstTime`..`lastTime`, as if each had
 * been scanned: counts are multiplied, windows come from the two times. Used for rows that
 * Athena already aggregated.
 *
 * It runs the unchanged `addRecord` on a scratch accumulator (once per distinct time), so
 * there is one definition of the per-record step; then every counter, which is the same
 * per record, is scaled to `count`, and the scratch is merged in. Days between first and
 * last are unknown here, so `stats.days` holds only those two.
 */
export function addWeightedRecord(
  acc: UsageAccumulator,
  raw: Record<string, unknown>,
  weight: { count: number; firstTime: string; lastTime: string },
  file: string,
  catalog: EventCatalog,
  options: AggregateOptions,
): void {
  const { count, firstTime, lastTime } = weight;
  if (!Number.isInteger(count) || count < 1) return;
  const scratch = createUsageAccumulator();
  const times = count > 1 && firstTime !== lastTime ? [firstTime, lastTime] : [firstTime];
  for (const eventTime of times) addRecord(scratch, { ...raw, eventTime }, file, catalog, options);
  // Each counter now holds times.length × the per-record amount.
  const scale = (n: number): number => (n / times.length) * count;
  const s = scratch.stats;
  s.records = scale(s.records);
  s.events = scale(s.events);
  s.nonApiEvents = scale(s.nonApiEvents);
  s.serviceEvents = scale(s.serviceEvents);
  s.permissionlessEvents = scale(s.permissionlessEvents);
  for (const p of scratch.principals.values()) {
    for (const [fn, n] of p.functions) p.functions.set(fn, scale(n));
    for (const a of p.actions.values()) {
      a.count = scale(a.count);
      a.unresolved = scale(a.unresolved);
    }
    for (const d of p.denied.values()) d.count = scale(d.count);
  }
  for (const u of scratch.unmapped.values()) u.count = scale(u.count);
  for (const k of scratch.skipped.values()) k.records = scale(k.records);
  mergeUsage(acc, scratch, options.maxResourcesPerAction);
}

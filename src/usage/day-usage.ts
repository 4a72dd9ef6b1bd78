import { mergeUsage } from './merge-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from './usage-accumulator.js';

/**
 * Usage split by the UTC day of each record's `eventTime`, for drift's per-day state. Days
 * are keyed `YYYY-MM-DD` (the keys of `DriftCommit.days`). Whatever has no day of its own
 * lives in `undated`: the files read (`stats.files`), records without a usable time and
 * every file-level problem, all in its `skipped`, so nothing vanishes from the caller's view.
 */
export interface DayUsage {
  readonly days: Map<string, UsageAccumulator>;
  readonly undated: UsageAccumulator;
}

const DAY_MS = 86_400_000;

export function createDayUsage(): DayUsage {
  return { days: new Map(), undated: createUsageAccumulator() };
}

// Formatting a date per record would cost more than the record; days repeat, so cache them.
const dayNames = new Map<number, string>();

/** The UTC day (`YYYY-MM-DD`) of a time in ms since the epoch. */
export function dayKeyOf(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  let name = dayNames.get(n);
  if (name === undefined) {
    name = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(n, name);
  }
  return name;
}

/** The accumulator of the day `ms` falls on, created when it is the day's first record. */
export function dayAccumulator(usage: DayUsage, ms: number): UsageAccumulator {
  const key = dayKeyOf(ms);
  let acc = usage.days.get(key);
  if (!acc) {
    acc = createUsageAccumulator();
    usage.days.set(key, acc);
  }
  return acc;
}

/**
 * Merges one map of days into another, day by day. Like `mergeUsage`, it takes over the
 * objects of `from`: do not use `from` afterwards.
 */
export function mergeDayMaps(
  into: Map<string, UsageAccumulator>,
  from: ReadonlyMap<string, UsageAccumulator>,
  maxResourcesPerAction?: number,
): Map<string, UsageAccumulator> {
  for (const [day, acc] of from) {
    const target = into.get(day);
    if (target) mergeUsage(target, acc, maxResourcesPerAction);
    else into.set(day, acc);
  }
  return into;
}

/** Merges one `DayUsage` into another (days by day, undated into undated). */
export function mergeDayUsage(into: DayUsage, from: DayUsage, maxResourcesPerAction?: number): DayUsage {
  mergeDayMaps(into.days, from.days, maxResourcesPerAction);
  mergeUsage(into.undated, from.undated, maxResourcesPerAction);
  return into;
}

import type { UsageAccumulator } from '../usage/usage-accumulator.js';

/** Which days delivered records, and from which regions: what the gap check reads. */
export interface DaysCoverage {
  readonly daysWithLogs: ReadonlySet<string>;
  readonly regionsByDay: ReadonlyMap<string, readonly string[]>;
}

/**
 * The coverage of per-day accumulators (`YYYY-MM-DD` → that day's usage, as the drift state
 * stores them): a day counts as having logs when any record fell on it.
 */
export function coverageOfDays(days: ReadonlyMap<string, UsageAccumulator>): DaysCoverage {
  const daysWithLogs = new Set<string>();
  const regionsByDay = new Map<string, readonly string[]>();
  for (const [day, acc] of days) {
    if (acc.stats.records > 0 || acc.stats.events > 0 || acc.principals.size > 0) daysWithLogs.add(day);
    regionsByDay.set(day, [...acc.stats.regions].sort());
  }
  return { daysWithLogs, regionsByDay };
}

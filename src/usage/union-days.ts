import { mergeUsage } from './merge-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from './usage-accumulator.js';
import { usageAccumulatorFromJson, usageAccumulatorToJson } from './usage-accumulator-json.js';

/** A run of whole UTC days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;

/** The `length` UTC days ending with the day of `endMs` (drift's rolling `--window`). */
export function windowDayRange(endMs: number, length: number): DayRange {
  const last = Math.floor(endMs / DAY_MS);
  const day = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
  return { from: day(last - Math.max(1, length) + 1), to: day(last) };
}

/**
 * One accumulator holding every stored day inside `range` (`YYYY-MM-DD` keys compare as
 * text). The days are copied, never taken over, so the same stored days can be united
 * again (drift's "before" and "after" share most of them).
 */
export function unionDays(
  days: ReadonlyMap<string, UsageAccumulator>,
  range: DayRange,
  maxResourcesPerAction?: number,
): UsageAccumulator {
  const copies = new Map<string, UsageAccumulator>();
  for (const day of daysInside(days, range)) copies.set(day, copyUsage(days.get(day)!));
  return uniteDays(copies, range, maxResourcesPerAction);
}

/**
 * `unionDays` without the copies, for days built only to be united: like `mergeUsage`, it
 * takes over the accumulators (do not use `days` afterwards). Same order, same result.
 */
export function uniteDays(
  days: ReadonlyMap<string, UsageAccumulator>,
  range: DayRange,
  maxResourcesPerAction?: number,
): UsageAccumulator {
  const out = createUsageAccumulator();
  for (const day of daysInside(days, range)) mergeUsage(out, days.get(day)!, maxResourcesPerAction);
  return out;
}

/** The keys of `days` inside `range`, in order (`YYYY-MM-DD` keys compare as text). */
function daysInside(days: ReadonlyMap<string, UsageAccumulator>, range: DayRange): string[] {
  return [...days.keys()].filter((d) => d >= range.from && d <= range.to).sort();
}

/** A deep copy (through the lossless JSON form, which every field survives). */
export function copyUsage(acc: UsageAccumulator): UsageAccumulator {
  return usageAccumulatorFromJson(usageAccumulatorToJson(acc));
}

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
  const out = createUsageAccumulator();
  const inside = [...days.keys()].filter((d) => d >= range.from && d <= range.to).sort();
  for (const day of inside) mergeUsage(out, copyUsage(days.get(day)!), maxResourcesPerAction);
  return out;
}

/** A deep copy (through the lossless JSON form, which every field survives). */
export function copyUsage(acc: UsageAccumulator): UsageAccumulator {
  return usageAccumulatorFromJson(usageAccumulatorToJson(acc));
}

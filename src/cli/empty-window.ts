import type { UsageStats } from '../usage/usage-accumulator.js';
import type { UsageFilter } from '../usage/usage-filter.js';

const DAY_MS = 86_400_000;

/** A date alone when the time is midnight UTC (as `--since 2026-11-05` gives), else the ISO time. */
function when(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : iso;
}

/**
 * The stderr line for a time window that holds no event although the logs had records:
 * the window asked for and the span the logs do cover, so the user can see the window
 * missed them (`0 events from 2026-11-05 to 2026-12-05; the logs span
 * 2026-10-01..2026-11-04`). Undefined when there is nothing to say: events were found, no
 * record was read, or no window was asked for.
 */
export function emptyWindowLine(
  stats: Pick<UsageStats, 'events' | 'records' | 'logFromMs' | 'logToMs'>,
  filter: Pick<UsageFilter, 'sinceMs' | 'untilMs'>,
): string | undefined {
  const { sinceMs, untilMs } = filter;
  if (stats.events > 0 || stats.records === 0) return undefined;
  if (sinceMs === undefined && untilMs === undefined) return undefined;
  const window =
    sinceMs !== undefined && untilMs !== undefined
      ? `from ${when(sinceMs)} to ${when(untilMs)}`
      : sinceMs !== undefined
        ? `from ${when(sinceMs)} on`
        : `before ${when(untilMs as number)}`;
  const span = Number.isFinite(stats.logFromMs)
    ? `the logs span ${new Date(stats.logFromMs).toISOString().slice(0, 10)}..${new Date(stats.logToMs).toISOString().slice(0, 10)}`
    : 'no record in the logs has a usable time';
  return `0 events ${window}; ${span}`;
}

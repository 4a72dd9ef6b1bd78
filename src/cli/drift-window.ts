import { UsageError } from '../errors/iamtrim-error.js';
import { parseDateOption } from './parse-date.js';

const DAY_MS = 86_400_000;
/** A window longer than CloudTrail's own retention choices makes no sense; bound it. */
const MAX_WINDOW_DAYS = 3660;

/** `--window 90d` (or `90`) → 90 days. */
export function parseWindowDays(value: string): number {
  const m = /^\s*(\d+)\s*d?\s*$/i.exec(value);
  const days = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS)
    throw new UsageError(
      `--window: "${value}" is not a number of days from 1 to ${MAX_WINDOW_DAYS} (e.g. 90d)`,
    );
  return days;
}

/**
 * When the run happens: now, or `--as-of` (a date ends the window with that whole UTC day,
 * an ISO time at that moment). Logs after it are not counted.
 */
export function runTimeOf(asOf: string | undefined, now: number = Date.now()): number {
  if (asOf === undefined) return now;
  const t = parseDateOption('--as-of', asOf, now);
  if (t > now + 15 * 60_000) throw new UsageError(`--as-of ${asOf} is in the future`);
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf.trim()) ? t + DAY_MS - 1 : t;
}

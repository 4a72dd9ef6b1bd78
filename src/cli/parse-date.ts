import { UsageError } from '../errors/iamtrim-error.js';

// `-30d` reads as "30 days back" too: the same as `30d`.
const RELATIVE = /^-?(\d+)([dhm])$/;
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/**
 * Parses `--since`/`--until`: an ISO date (`2026-10-01`, taken as UTC midnight), an ISO
 * date-time, or a duration before `now` (`30d`, `12h`, `90m`; `-30d` is the same as `30d`).
 */
export function parseDateOption(flag: string, value: string, now: number = Date.now()): number {
  const rel = RELATIVE.exec(value);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const iso = value.length === 10 ? `${value}T00:00:00Z` : /T[\d:.]+$/.test(value) ? `${value}Z` : value;
    const ms = Date.parse(iso);
    // Date.parse rolls 2026-02-31 over to March; a real date survives the round trip.
    if (!Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value.slice(0, 10)) return ms;
  }
  throw new UsageError(`${flag}: "${value}" is not a date (use 2026-10-01, 2026-10-01T12:00:00Z, or 30d)`);
}

/** The flags whose value may be a duration written with a minus (`--since -5d`). */
const DATE_FLAGS = new Set(['--since', '--until']);

/**
 * Joins `--since -5d` into `--since=-5d` before yargs sees it, which would otherwise read
 * `-5d` as the short flags -5 and -d ("Unknown arguments: 5, d").
 */
export function joinNegativeDurations(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    if (DATE_FLAGS.has(a) && next !== undefined && /^-\d+[dhm]$/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

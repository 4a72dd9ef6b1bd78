import observability from '../catalog/data/observability.json' with { type: 'json' };
import { parseRegions } from '../aws/regions.js';
import { UsageError } from '../errors/iamtrim-error.js';
import { terminalSafe } from '../render/terminal-safe.js';
import { parseDateOption } from './parse-date.js';
import { checkFailOn } from './fail-on.js';

/** The most worker threads `--workers` accepts: more only costs memory (each holds a scan). */
export const MAX_WORKERS = 16;

/** The arguments the checks read, as yargs gives them (camelCase), whatever the command. */
interface CheckedArgs {
  readonly workers?: unknown;
  readonly maxResources?: unknown;
  readonly threshold?: unknown;
  readonly minDays?: unknown;
  readonly since?: unknown;
  readonly until?: unknown;
  readonly dataEvents?: unknown;
  readonly regions?: unknown;
  readonly role?: unknown;
  readonly function?: unknown;
  readonly failOn?: unknown;
}

/**
 * Checks the values of the flags the commands share, before any input is read: each bad
 * value is a usage error (exit 2) naming the flag and what it accepts. `args` is the command
 * line as given, to quote a value yargs has already turned into NaN.
 */
export function checkOptions(argv: CheckedArgs & Record<string, unknown>, args: readonly string[]): true {
  const whole = (flag: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (value === undefined) return;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new UsageError(
      `${flag}: "${terminalSafe(rawValue(args, flag) ?? String(value))}" is not a whole number ${range}`,
    );
  };
  whole('--workers', argv.workers, 1, MAX_WORKERS);
  whole('--max-resources', argv.maxResources, 1);
  whole('--threshold', argv.threshold, 0);
  whole('--min-days', argv.minDays, 0);

  const now = Date.now();
  const since = dateOf('--since', argv.since, now);
  const until = dateOf('--until', argv.until, now);
  if (since !== undefined && until !== undefined && since >= until)
    throw new UsageError(
      `--since ${terminalSafe(String(argv.since))} is not before --until ${terminalSafe(String(argv.until))}: the window would be empty`,
    );

  if (argv.dataEvents !== undefined) checkDataEvents(String(argv.dataEvents));
  if (argv.regions !== undefined) {
    if (String(argv.regions).trim() === '') throw new UsageError('--regions: give region names, or all');
    parseRegions([String(argv.regions)]);
  }
  for (const [flag, value] of [
    ['--role', argv.role],
    ['--function', argv.function],
  ] as const) {
    const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (value !== undefined && (values.length === 0 || values.some((v) => String(v).trim() === '')))
      throw new UsageError(`${flag}: give a name (an empty one matches nothing)`);
  }
  // Each command has its own thresholds (fail-on.ts says which).
  const command = Array.isArray(argv['_']) ? String(argv['_'][0]) : '';
  if (argv.failOn !== undefined) checkFailOn(command, String(argv.failOn));
  return true;
}

function dateOf(flag: string, value: unknown, now: number): number | undefined {
  if (value === undefined) return undefined;
  if (String(value).trim() === '') throw new UsageError(`${flag}: give a date (2026-10-01, or 30d)`);
  return parseDateOption(flag, String(value), now);
}

/** IAM prefixes of the services that have CloudTrail data events. */
export function dataEventServices(): string[] {
  const keys = Object.keys((observability as { dataEvents: Record<string, string> }).dataEvents);
  return [...new Set(keys.map((k) => k.slice(0, k.indexOf(':'))))].sort();
}

function checkDataEvents(value: string): void {
  const items = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError('--data-events: give services (s3,dynamodb,...), all or none');
  if (items.length === 1 && (items[0] === 'all' || items[0] === 'none')) return;
  const known = new Set(dataEventServices());
  const unknown = items.filter((s) => !known.has(s));
  if (unknown.length)
    throw new UsageError(
      `--data-events: ${unknown.map((u) => `"${terminalSafe(u)}"`).join(', ')} ${unknown.length > 1 ? 'are not services' : 'is not a service'} with data events (all, none, or some of: ${[...known].join(', ')})`,
    );
}

/** The text given for `flag` (`--flag VALUE` or `--flag=VALUE`), the last one when repeated. */
function rawValue(args: readonly string[], flag: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === flag) found = args[i + 1] ?? '';
    else if (a.startsWith(`${flag}=`)) found = a.slice(flag.length + 1);
  }
  return found;
}

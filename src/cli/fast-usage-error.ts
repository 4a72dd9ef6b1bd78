import { readFileSync } from 'node:fs';
import { ownValue } from '../catalog/own-value.js';
import { terminalSafeText } from '../render/terminal-safe.js';
import { isEnglishLocale } from './fast-help.js';
import { usageErrorLines } from './usage-hint.js';
import type { CommandSpec, OptionSpec, UsageSpec } from './usage-spec.js';

/** The file the build writes next to this module's compiled copy. */
export const USAGE_SPEC_FILE = 'usage-spec.json';

/**
 * What yargs' own checks make of `args`: a plain usage error (no command, an unknown command,
 * a missing required option, an unknown flag, a value outside `choices`) with yargs' message;
 * `valid`, with the flags as yargs would hand them to the commands' value checks; or `unsure`
 * for a shape this does not model (short flags, `--`, `-`, camelCase, a repeated single-value
 * flag, `--help` or `--version` anywhere), which yargs answers. It must never call an error
 * what yargs accepts (test/cli/fast-usage-error.test.ts runs both on the same arguments).
 */
export type FastVerdict =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'valid'; readonly argv: Readonly<Record<string, unknown>> }
  | { readonly kind: 'unsure' };

const UNSURE: FastVerdict = { kind: 'unsure' };
const error = (message: string): FastVerdict => ({ kind: 'error', message });

/** The verdict on `args` (see FastVerdict). */
export function fastVerdict(args: readonly string[], spec: UsageSpec): FastVerdict {
  const first = args[0];
  if (first === undefined) return error('Give a command.');
  if (first.startsWith('-')) return UNSURE;
  const command = ownValue(spec.byCommand, first);
  if (command) return command.supported ? commandVerdict(first, args.slice(1), command, spec) : UNSURE;
  // An unknown command followed only by other words (a flag would be parsed first by yargs).
  const rest = args.slice(1);
  if (rest.some((a) => a.startsWith('-') || spec.commands.includes(a))) return UNSURE;
  const recommended = recommendedCommand(first, spec.commands);
  if (recommended) return error(`Did you mean ${recommended}?`);
  return error(unknownMessage([first, ...rest]));
}

/** yargs' message when `args` is a plain usage error, else undefined. */
export function fastUsageMessage(args: readonly string[], spec: UsageSpec): string | undefined {
  const verdict = fastVerdict(args, spec);
  return verdict.kind === 'error' ? verdict.message : undefined;
}

/** The verdict on the words after the command's name. */
function commandVerdict(
  name: string,
  rest: readonly string[],
  command: CommandSpec,
  spec: UsageSpec,
): FastVerdict {
  const given = new Map<OptionSpec, unknown[]>();
  const unknown: string[] = [];
  const positionals: string[] = [];
  const give = (option: OptionSpec, values: unknown[]): boolean => {
    const before = given.get(option);
    // yargs makes a repeated single-value flag an array: left to it.
    if (before && !option.array) return false;
    given.set(option, [...(before ?? []), ...values]);
    return true;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('-')) {
      if (spec.commands.includes(arg)) return UNSURE;
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return UNSURE; // `-`, short flags, negative numbers
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name === 'help' || name === 'version') return UNSURE;
    const next = rest[i + 1];
    const takesNext = inline === undefined && next !== undefined && !next.startsWith('-');
    const option = ownValue(command.options, name);
    if (!option) {
      const negated = name.startsWith('no-') ? ownValue(command.options, name.slice(3)) : undefined;
      if (name.startsWith('no-') && (negated?.kind !== 'boolean' || inline !== undefined)) return UNSURE;
      if (negated) {
        if (!give(negated, [false])) return UNSURE;
        continue;
      }
      // An unknown flag takes the next word as its value; yargs names it in both spellings.
      for (const k of [name, camelCase(name)]) if (!unknown.includes(k)) unknown.push(k);
      if (takesNext) i++;
      continue;
    }
    if (option.key !== name) return UNSURE; // an alias: yargs reports it under either name
    let values: unknown[];
    if (option.kind === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') return UNSURE;
      if (inline === undefined && (next === 'true' || next === 'false')) i++;
      values = [true];
    } else if (option.array) {
      // yargs drops an empty `--flag=` unless words follow, and reads numbers: left to it.
      if (inline === '' || option.kind === 'number') return UNSURE;
      values = inline === undefined ? [] : [inline];
      while (i + 1 < rest.length && !(rest[i + 1] as string).startsWith('-')) values.push(rest[++i]);
    } else if (inline !== undefined || takesNext) {
      values = [inline ?? rest[++i]];
    } else values = [{ string: '', number: undefined, untyped: true }[option.kind]]; // yargs' empties
    if (!give(option, values)) return UNSURE;
  }
  // A flag given no value that yargs leaves undefined (a number) is still missing.
  // An array flag with no words is an empty array, which counts.
  const isGiven = (key: string): boolean => {
    const option = ownValue(command.options, key);
    const values = option && given.get(option);
    return values !== undefined && (option?.array === true || values.some((v) => v !== undefined));
  };
  const missing = command.demanded.filter(([key]) => !isGiven(key));
  if (missing.length) {
    const messages = [...new Set(missing.map(([, m]) => m).filter((m): m is string => !!m))];
    const list = missing.map(([k]) => k).join(', ') + (messages.length ? `\n${messages.join('\n')}` : '');
    return error(`Missing required argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  // Every stray word is named, even one that repeats a word or an unknown flag.
  if (unknown.length || positionals.length) return error(unknownMessage([...unknown, ...positionals]));
  const invalid: string[] = [];
  for (const [option, values] of given) {
    if (!option.choices) continue;
    // yargs reads an untyped value as a number or boolean when it looks like one, and a
    // flag given no value is `true`, which main()'s yargs does not always report here
    // (`suggest --role --policy-kind` reports the empty --role): left to it.
    if (
      option.kind === 'untyped' &&
      values.some((v) => typeof v !== 'string' || /^(true|false|[-+.\d].*)$/.test(v))
    )
      return UNSURE;
    const bad = values.filter((v) => v !== undefined && !option.choices?.includes(v as string));
    if (bad.length)
      invalid.push(`Argument: ${option.key}, Given: ${quoted(bad)}, Choices: ${quoted(option.choices)}`);
  }
  // Several at once are listed in yargs' key order, which defaults can change: left to it.
  if (invalid.length === 1) return error(`Invalid values:\n  ${invalid[0]}`);
  if (invalid.length > 1) return UNSURE;
  // As yargs hands them on: camelCase keys, numbers read with Number(), the command in `_`.
  const argv: Record<string, unknown> = { _: [name] };
  for (const [option, values] of given) {
    const last = values[values.length - 1];
    argv[camelCase(option.key)] = option.array
      ? values
      : option.kind === 'number' && last !== undefined
        ? Number(last)
        : last;
  }
  return { kind: 'valid', argv };
}

function unknownMessage(unknown: readonly string[]): string {
  return `Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`;
}

function quoted(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** yargs' `recommendCommands`: the longest command within 3 edits, the nearest first. */
export function recommendedCommand(word: string, commands: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of [...commands].sort((a, b) => b.length - a.length)) {
    const d = yargsDistance(word, c);
    if (d <= 3 && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

// yargs' own Levenshtein (utils/levenshtein.js): a transposition counts one edit, but only
// in place of the other edits, so it can differ from usage-hint.ts's distance.
function yargsDistance(a: string, b: string): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const m: number[][] = [];
  for (let i = 0; i <= b.length; i++) m[i] = [i];
  for (let j = 0; j <= a.length; j++) (m[0] as number[])[j] = j;
  for (let i = 1; i <= b.length; i++)
    for (let j = 1; j <= a.length; j++) {
      const row = m[i] as number[];
      const up = m[i - 1] as number[];
      if (b[i - 1] === a[j - 1]) row[j] = up[j - 1] as number;
      else if (i > 1 && j > 1 && b[i - 2] === a[j - 1] && b[i - 1] === a[j - 2])
        row[j] = ((m[i - 2] as number[])[j - 2] as number) + 1;
      else row[j] = Math.min((up[j - 1] as number) + 1, (row[j - 1] as number) + 1, (up[j] as number) + 1);
    }
  return (m[b.length] as number[])[a.length] as number;
}

/**
 * The checks main() runs on the values once yargs has accepted the flags (check-options.ts):
 * the message of the first that fails, or undefined. Passed in, so only a run that gets this
 * far loads them.
 */
export type ValueCheck = (
  argv: Readonly<Record<string, unknown>>,
  args: readonly string[],
) => string | undefined;

/**
 * The stderr lines of a usage error, as main() writes them (message and hint, made
 * terminal-safe), or undefined when yargs must answer or the command line is fine.
 */
export function fastUsageErrorLines(
  args: readonly string[],
  spec: UsageSpec,
  checkValues?: ValueCheck,
): string[] | undefined {
  const verdict = fastVerdict(args, spec);
  const message =
    verdict.kind === 'error'
      ? verdict.message
      : verdict.kind === 'valid' && checkValues
        ? checkValues(verdict.argv, args)
        : undefined;
  if (message === undefined) return undefined;
  const command = ownValue(spec.byCommand, args[0] ?? '');
  const flags = command ? command.flags : spec.topFlags;
  return usageErrorLines(message, args, flags.map((f) => `--${f}`).join(' '), spec.commands).map(
    terminalSafeText,
  );
}

/** The spec the build wrote, or undefined (running from source, or a build without it). */
export function readUsageSpec(): UsageSpec | undefined {
  try {
    return JSON.parse(readFileSync(new URL(USAGE_SPEC_FILE, import.meta.url), 'utf8')) as UsageSpec;
  } catch {
    return undefined;
  }
}

/**
 * For bin/iamtrim.js: the lines to print (then exit 2) when this run is a usage error that
 * yargs or the shared value checks would report, or undefined to run the full CLI. yargs'
 * messages are English only.
 */
export async function fastUsageError(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[] | undefined> {
  if (!isEnglishLocale(env)) return undefined;
  const spec = readUsageSpec();
  if (!spec) return undefined;
  // The value checks load only for a command line yargs would accept.
  if (fastVerdict(args, spec).kind !== 'valid') return fastUsageErrorLines(args, spec);
  const { valueCheckMessage } = await import('./fast-value-check.js');
  return fastUsageErrorLines(args, spec, valueCheckMessage);
}

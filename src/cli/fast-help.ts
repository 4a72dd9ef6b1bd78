import { readFileSync } from 'node:fs';
import { ownValue } from '../catalog/own-value.js';

/**
 * What `iamtrim --help`, `iamtrim <command> --help` and `--version` print, as yargs printed
 * them at build time (scripts/build-help-text.mjs), so those runs need not load yargs and
 * the commands (most of a second) just to print text that only changes with a release.
 */
export interface HelpTable {
  /** Help texts by yargs' wrap width, then by `helpKeyOf` key; each exactly as written to stdout. */
  readonly byWidth: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The file the build writes next to this module's compiled copy. */
export const HELP_TABLE_FILE = 'help-text.json';

/**
 * The table key for the argument shapes that only print text: `--help`/`-h`, a command and
 * `--help`/`-h`, `--version`. Anything else (other flags, a typo in the command) is left to
 * yargs, which alone knows how to answer it.
 */
export function helpKeyOf(args: readonly string[]): string | undefined {
  const isHelp = (a: string | undefined): boolean => a === '--help' || a === '-h';
  if (args.length === 1 && isHelp(args[0])) return '--help';
  if (args.length === 1 && args[0] === '--version') return '--version';
  if (args.length === 2 && isHelp(args[1]) && /^[a-z]+$/.test(args[0] ?? '')) return `${args[0]} --help`;
  return undefined;
}

/** The width main() wraps help at (kept in step with its `.wrap(...)`). */
export function helpWidthOf(columns: number | undefined): number {
  return Math.min(110, columns || 100);
}

/**
 * yargs translates its headings ("Options:", "[boolean]") into the locale it reads from the
 * environment; the table holds the English ones, so any other locale goes to yargs.
 */
export function isEnglishLocale(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE || 'en_US').replace(/[.:].*/, '');
  return /^(en(_[A-Za-z]+)?|C|POSIX)$/.test(locale);
}

/**
 * The text to print for `args`, or undefined when yargs must answer: not a help shape, an
 * unknown command, a width or locale the table lacks.
 */
export function fastHelpText(
  args: readonly string[],
  columns: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
  table: HelpTable,
): string | undefined {
  const key = helpKeyOf(args);
  if (key === undefined || !isEnglishLocale(env)) return undefined;
  const texts = ownValue(table.byWidth, String(helpWidthOf(columns)));
  return texts ? ownValue(texts, key) : undefined;
}

/** The table the build wrote, or undefined (running from source, or a build without it). */
export function readHelpTable(): HelpTable | undefined {
  try {
    return JSON.parse(readFileSync(new URL(HELP_TABLE_FILE, import.meta.url), 'utf8')) as HelpTable;
  } catch {
    return undefined;
  }
}

/** For bin/iamtrim.js: the text to print for this run's arguments, if the table has it. */
export function fastHelp(
  args: readonly string[],
  columns: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (helpKeyOf(args) === undefined) return undefined;
  const table = readHelpTable();
  return table ? fastHelpText(args, columns, env, table) : undefined;
}

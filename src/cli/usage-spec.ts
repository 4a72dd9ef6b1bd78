/**
 * What yargs knows of a command's options, as plain data: the build writes it next to the
 * help texts (scripts/build-help-text.mjs → dist/cli/usage-spec.json) so bin/iamtrim.js can
 * answer a plain usage error (src/cli/fast-usage-error.ts) without loading yargs and the
 * command. test/cli/fast-usage-error.test.ts rebuilds it from the source to catch a stale copy.
 */
export interface UsageSpec {
  /** The command names, in help order. */
  readonly commands: readonly string[];
  /** The flags the top-level help names (for the "did you mean" hint). */
  readonly topFlags: readonly string[];
  /** Each command's options, by command name. */
  readonly byCommand: Readonly<Record<string, CommandSpec>>;
}

/** One command's options as its parser sees them (its own and the global ones). */
export interface CommandSpec {
  /** False when the command uses a yargs feature the fast check does not model: yargs answers. */
  readonly supported: boolean;
  /** Each option by its name and by each alias. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The required options in yargs' order, each with its custom message or null. */
  readonly demanded: readonly (readonly [string, string | null])[];
  /** The flags the command's help names (for the "did you mean" hint). */
  readonly flags: readonly string[];
}

/** How yargs reads one option's value. */
export interface OptionSpec {
  /** The option's own name (the one messages use). */
  readonly key: string;
  /** `untyped` is an option with only `choices`: yargs guesses (`--format 5` is a number). */
  readonly kind: 'boolean' | 'string' | 'number' | 'untyped';
  /** Takes every following value up to the next flag, and may be repeated. */
  readonly array: boolean;
  readonly choices?: readonly string[];
}

/** The part of yargs' `getOptions()` this reads (its arrays list option names). */
export interface YargsOptions {
  readonly key: Readonly<Record<string, unknown>>;
  readonly alias: Readonly<Record<string, readonly string[]>>;
  readonly array: readonly string[];
  readonly boolean: readonly string[];
  readonly string: readonly string[];
  readonly number: readonly string[];
  readonly count: readonly string[];
  readonly normalize: readonly string[];
  readonly choices: Readonly<Record<string, readonly unknown[]>>;
  readonly narg: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly configObjects: readonly unknown[];
  readonly envPrefix?: unknown;
}

/** The global options main() adds to every command: debug and color (help and version defer). */
export const GLOBAL_BOOLEANS = ['debug', 'color'] as const;

/**
 * The spec of one command from its parser's `getOptions()`, `getDemandedOptions()` and
 * whether it declares implications or conflicts; `flags` from its help text.
 */
export function commandSpecOf(
  options: YargsOptions,
  demanded: Readonly<Record<string, unknown>>,
  hasRelations: boolean,
  help: string,
): CommandSpec {
  const has = (list: readonly string[], k: string): boolean => list.includes(k);
  const byName: Record<string, OptionSpec> = {};
  const keys = [...new Set([...Object.keys(options.key), ...GLOBAL_BOOLEANS])];
  let supported =
    !hasRelations &&
    options.count.length === 0 &&
    options.normalize.length === 0 &&
    Object.keys(options.narg).length === 0 &&
    Object.keys(options.config).length === 0 &&
    options.configObjects.length === 0 &&
    !options.envPrefix;
  for (const key of keys) {
    const choices = Object.hasOwn(options.choices, key) ? options.choices[key] : undefined;
    if (choices?.some((c) => typeof c !== 'string')) supported = false;
    const kind =
      has(options.boolean, key) || (GLOBAL_BOOLEANS as readonly string[]).includes(key)
        ? 'boolean'
        : has(options.string, key)
          ? 'string'
          : has(options.number, key)
            ? 'number'
            : 'untyped';
    const spec: OptionSpec = {
      key,
      kind,
      array: has(options.array, key),
      ...(choices ? { choices: choices as string[] } : {}),
    };
    for (const name of [key, ...(Object.hasOwn(options.alias, key) ? (options.alias[key] ?? []) : [])])
      byName[name] = spec;
  }
  return {
    supported,
    options: byName,
    demanded: Object.keys(demanded).map((k) => [k, typeof demanded[k] === 'string' ? demanded[k] : null]),
    flags: flagsIn(help),
  };
}

/** The `--flags` a help text names, in order of first mention (as usage-hint.ts reads them). */
export function flagsIn(help: string): string[] {
  return [...new Set([...help.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1] as string))];
}

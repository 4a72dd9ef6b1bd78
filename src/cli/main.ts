import { usageErrorLines } from './usage-hint.js';
import yargs from 'yargs';
import { IamtrimError, UsageError } from '../errors/iamtrim-error.js';
import { STDIN_ARG } from '../sources/expand-paths.js';
import { COMMANDS, commandNames, nameOf, type CommandModule } from './command-list.js';
import { applyEnvProfile, type AwsArgs } from './aws-options.js';
import { createCommandContext, processIo, type Io } from './command-context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { checkOptions } from './check-options.js';
import { joinNegativeDurations } from './parse-date.js';
import { helpWidthOf } from './fast-help.js';
import type { Argv } from 'yargs';

/** The end of every help text: what the exit code says (README, "Exit codes"). */
const HELP_EPILOGUE = `Exit codes:
  0  success (skipped input is reported as warnings)
  1  error: unreadable input, a failed proof, a write that failed, --strict with skipped input
  2  usage error: a flag or value iamtrim does not accept
  3  findings over --fail-on: suggest, patch (any, N, low|medium|high; --check is any):
     the evidence proves something removable; drift, audit (low|medium|high): a finding
     at or above that severity; roles (shared): a role shared by several functions
  4  the result does not fit IAM's size limits (see --split)

Colour: --color / --no-color, else FORCE_COLOR, else NO_COLOR, else only on a terminal.
Stack traces with --debug. Every flag is described in the README.`;

/** A command's builder with its examples and the exit codes at the end of its help. */
function withHelp<T>(build: (y: Argv) => Argv<T>, examples: readonly (readonly [string, string])[]) {
  return (y: Argv): Argv<T> => {
    let b = build(y);
    for (const [cmd, what] of examples) b = b.example(cmd, what);
    return b.epilogue(HELP_EPILOGUE);
  };
}

/**
 * Runs the CLI and returns the exit code. The single place where errors become exit
 * codes: 0 ok, 1 error, 2 usage, 3 findings over a threshold. Stack traces only with --debug.
 * Everything it writes goes to `io` (default: the process's), so tests can run it in-process.
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const ctx = createCommandContext(io);
  const debug = args.includes('--debug');
  let exitCode: number = ExitCode.ok;
  const given = joinNegativeDurations(args).map((a) => (a === '-' ? STDIN_ARG : a));
  let parser = yargs(given)
    .scriptName('iamtrim')
    .usage('$0 <command> [options]\n\nLeast-privilege AWS Lambda execution roles from CloudTrail evidence.');
  // yargs runs a command only when the arguments name it, so only those modules are loaded;
  // the others are listed from their entries, as the top-level help shows them.
  const named = new Set(given);
  const loaded = await Promise.all(
    COMMANDS.map((c) => (named.has(nameOf(c.command)) ? c.load() : undefined)),
  );
  COMMANDS.forEach((entry, i) => {
    const c: CommandModule | undefined = loaded[i];
    const run = async (argv: unknown): Promise<void> => {
      // Once the arguments passed: a usage error says the same with or without --debug.
      if (debug) ctx.stderr(`iamtrim: debug: gzip inflate: ${await describeInflate()}`);
      exitCode = await (c ?? (await entry.load())).handler(argv as never, ctx);
    };
    parser = c
      ? parser.command(c.command, c.describe, withHelp(c.builder, c.examples), run)
      : parser.command(entry.command, entry.describe, (y) => y, run);
  });
  parser = parser
    .middleware((argv) => applyEnvProfile(argv as AwsArgs, io.env))
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces on errors' })
    .option('color', {
      type: 'boolean',
      describe: 'Colour the output (default: on a terminal; --no-color: never)',
    })
    .check((argv) => checkOptions(argv as Record<string, unknown>, args), true)
    .demandCommand(1, 'Give a command.')
    .strict()
    .recommendCommands()
    .example('$0 usage --cloudtrail ./logs --since 30d', 'What each role used in 30 days')
    .example('$0 suggest --usage usage.json --role api --policy p.json', "A role's policy, tightened")
    .example('$0 patch --template template.yaml --usage usage.json', 'The same, as a template diff')
    .example('$0 roles --regions all', 'Which functions run under which role')
    .epilogue(HELP_EPILOGUE)
    .help()
    .alias('h', 'help')
    .version()
    .wrap(helpWidthOf(io.stdout.columns))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  skipHelpCache(parser);
  try {
    // With a callback yargs hands help and version text over instead of printing it with
    // console.log, so they go where everything else goes: `io`.
    await parser.parseAsync(given, {}, (err, _argv, output) => {
      if (!err && output) void io.stdout.write(output + '\n');
    });
    return exitCode;
  } catch (e) {
    if (e instanceof UsageError || (!(e instanceof IamtrimError) && isYargsValidation(e))) {
      for (const line of usageErrorLines((e as Error).message, args, await parser.getHelp(), commandNames()))
        ctx.stderr(line);
      return ExitCode.usage;
    }
    // Messages quote input (a policy key, a JSON snippet, --role): ctx.stderr escapes them.
    ctx.stderr(`iamtrim: error: ${e instanceof Error ? e.message : String(e)}`);
    if (debug && e instanceof Error && e.stack) ctx.stderr(e.stack);
    return exitCodeFor(e);
  }
}

/**
 * Stops yargs from rendering the whole help text each time a command starts (it keeps it in
 * case the handler fails): usage errors here render their own with `getHelp`, so it only
 * cost every run some 70 ms. Internal to yargs, hence the guard.
 */
function skipHelpCache(parser: unknown): void {
  const usage = (
    parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }
  )
    .getInternalMethods?.()
    ?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/** Which inflate the scan uses (the optional libdeflate addon, or zlib and why), for --debug. */
async function describeInflate(): Promise<string> {
  const s = (await import('../sources/inflate-native.js')).describeNativeInflate();
  if (s.kind === 'native') return 'libdeflate (native addon)';
  return s.kind === 'disabled' ? 'zlib (IAMTRIM_NO_NATIVE=1)' : `zlib (native addon not loaded: ${s.reason})`;
}

function isYargsValidation(e: unknown): boolean {
  return e instanceof Error && e.name === 'YError';
}

import { usageErrorLines } from './usage-hint.js';
import yargs from 'yargs';
import { IamtrimError, UsageError } from '../errors/iamtrim-error.js';
import { STDIN_ARG } from '../sources/expand-paths.js';
import * as patchCommand from './commands/patch.js';
import * as rolesCommand from './commands/roles.js';
import * as suggestCommand from './commands/suggest.js';
import * as usage from './commands/usage.js';
import { applyEnvProfile, type AwsArgs } from './aws-options.js';
import { createCommandContext, processIo, type Io } from './command-context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

/**
 * Runs the CLI and returns the exit code. The single place where errors become exit
 * codes: 0 ok, 1 error, 2 usage, 3 findings over a threshold. Stack traces only with --debug.
 * Everything it writes goes to `io` (default: the process's), so tests can run it in-process.
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const ctx = createCommandContext(io);
  const debug = args.includes('--debug');
  let exitCode: number = ExitCode.ok;
  const parser = yargs(args.map((a) => (a === '-' ? STDIN_ARG : a)))
    .scriptName('iamtrim')
    .usage('$0 <command> [options]\n\nLeast-privilege AWS Lambda execution roles from CloudTrail evidence.')
    .command(usage.command, usage.describe, usage.builder, async (argv) => {
      exitCode = await usage.handler(argv, ctx);
    })
    .command(suggestCommand.command, suggestCommand.describe, suggestCommand.builder, async (argv) => {
      exitCode = await suggestCommand.handler(argv, ctx);
    })
    .command(rolesCommand.command, rolesCommand.describe, rolesCommand.builder, async (argv) => {
      exitCode = await rolesCommand.handler(argv, ctx);
    })
    .command(patchCommand.command, patchCommand.describe, patchCommand.builder, async (argv) => {
      exitCode = await patchCommand.handler(argv, ctx);
    })
    .middleware((argv) => applyEnvProfile(argv as AwsArgs, io.env))
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces on errors' })
    .demandCommand(1, 'Give a command.')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, io.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (e) {
    if (e instanceof UsageError || (!(e instanceof IamtrimError) && isYargsValidation(e))) {
      const commands = [usage, suggestCommand, rolesCommand, patchCommand].map(
        (c) => c.command.split(' ')[0] as string,
      );
      for (const line of usageErrorLines((e as Error).message, args, await parser.getHelp(), commands))
        ctx.stderr(line);
      return ExitCode.usage;
    }
    ctx.stderr(`iamtrim: error: ${e instanceof Error ? e.message : String(e)}`);
    if (debug && e instanceof Error && e.stack) ctx.stderr(e.stack);
    return exitCodeFor(e);
  }
}

function isYargsValidation(e: unknown): boolean {
  return e instanceof Error && e.name === 'YError';
}

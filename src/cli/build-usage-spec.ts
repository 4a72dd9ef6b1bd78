import type { Argv } from 'yargs';
import { nameOf, type CommandEntry } from './command-list.js';
import { commandSpecOf, flagsIn, type UsageSpec, type YargsOptions } from './usage-spec.js';

/** What yargs' parser tells of its options at run time (not in its published types). */
interface ParserState {
  getOptions(): YargsOptions;
  getDemandedOptions(): Record<string, unknown>;
  getInternalMethods(): {
    getValidationInstance(): {
      getImplied(): Record<string, unknown>;
      getConflicting(): Record<string, unknown>;
    };
  };
}

/**
 * The usage spec of `commands`, each read back from its builder applied to a fresh parser
 * from `newParser` (yargs, passed in so the CLI's start never loads it); `help` maps
 * `--help` and `<command> --help` to the help texts. Run at build time and by the test that
 * checks the built copy.
 */
export async function buildUsageSpec(
  commands: readonly CommandEntry[],
  newParser: () => Argv,
  help: Readonly<Record<string, string>>,
): Promise<UsageSpec> {
  const byCommand: Record<string, UsageSpec['byCommand'][string]> = {};
  for (const entry of commands) {
    const name = nameOf(entry.command);
    const y = (await entry.load()).builder(newParser()) as unknown as ParserState;
    const validation = y.getInternalMethods().getValidationInstance();
    const hasRelations =
      Object.keys(validation.getImplied()).length > 0 || Object.keys(validation.getConflicting()).length > 0;
    byCommand[name] = commandSpecOf(
      y.getOptions(),
      y.getDemandedOptions(),
      hasRelations,
      help[`${name} --help`] ?? '',
    );
  }
  return {
    commands: commands.map((c) => nameOf(c.command)),
    topFlags: flagsIn(help['--help'] ?? ''),
    byCommand,
  };
}

import type { Argv, ArgumentsCamelCase } from 'yargs';
import { InputError } from '../../errors/iamtrim-error.js';
import { usageFormats, usageRenderers, type UsageFormat } from '../../render/index.js';
import { defaultAggregateOptions } from '../../usage/add-record.js';
import { athenaSql, collectReport, withEvidenceOptions, type EvidenceArgs } from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { parseDateOption } from '../parse-date.js';
import { createCatalog } from '../../catalog/catalog.js';
import { terminalWidth } from '../terminal-width.js';
import { writeOutput } from '../write-output.js';

export interface UsageArgs extends EvidenceArgs {
  role?: string[];
  function?: string[];
  since?: string;
  until?: string;
  format?: UsageFormat;
  out?: string;
  quiet: boolean;
  strict: boolean;
  maxResources: number;
}

export const command = 'usage';
export const describe = 'Report what each role and function really used, from CloudTrail logs';

/** Shown under Examples in `iamtrim usage --help`. */
export const examples = [
  ['$0 usage --cloudtrail ./AWSLogs/', 'A summary of every principal in the logs'],
  [
    '$0 usage --cloudtrail ./logs --role orders-api-role --since 30d --out usage.json',
    'One role, the last 30 days, as JSON to reuse',
  ],
  ['zcat extra.json.gz | $0 usage --cloudtrail - --function orders-worker', 'One function, from stdin'],
] as const;

export function builder(y: Argv): Argv<UsageArgs> {
  return withEvidenceOptions(y)
    .option('role', { type: 'string', array: true, describe: 'Only this role (ARN or name); repeatable' })
    .option('function', {
      type: 'string',
      array: true,
      describe: 'Only this function (session name); repeatable',
    })
    .option('since', { type: 'string', describe: 'Start of window: 2026-10-01, an ISO time, or 30d' })
    .option('until', { type: 'string', describe: 'End of window (exclusive), same forms' })
    .option('format', {
      choices: usageFormats,
      describe: 'Output format (default: table on a terminal, else json)',
    })
    .option('out', { type: 'string', describe: 'Write the output to FILE (atomically) instead of stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no warnings on stderr' })
    .option('strict', { type: 'boolean', default: false, describe: 'Exit 1 if any input was skipped' })
    .option('workers', {
      type: 'number',
      describe: 'Threads that read the logs, 1 to 16, this one included (default: one per core)',
    })
    .option('max-resources', {
      type: 'number',
      default: defaultAggregateOptions.maxResourcesPerAction,
      describe: 'Distinct resources kept per action before folding into covering patterns',
    }) as unknown as Argv<UsageArgs>;
}

export async function handler(argv: ArgumentsCamelCase<UsageArgs>, ctx: CommandContext): Promise<number> {
  const filter = {
    ...(argv.role ? { roles: argv.role } : {}),
    ...(argv.function ? { functions: argv.function } : {}),
    ...(argv.since ? { sinceMs: parseDateOption('--since', argv.since) } : {}),
    ...(argv.until ? { untilMs: parseDateOption('--until', argv.until) } : {}),
  };
  const aggregate = { filter, maxResourcesPerAction: argv.maxResources };
  if (argv.printSql) {
    await writeOutput(athenaSql(argv, aggregate) + '\n', argv.out, ctx.io.stdout);
    return ExitCode.ok;
  }
  const { report } = await collectReport(argv, aggregate, argv.quiet, ctx, createCatalog());

  if (report.stats.records === 0) {
    const why = report.skipped.length ? `${report.skipped.length} input(s) skipped` : 'no log files found';
    throw new InputError(`no CloudTrail records could be read (${why}); see the warnings above`);
  }
  const format: UsageFormat = argv.format ?? (ctx.io.stdout.isTTY ? 'table' : 'json');
  const width = terminalWidth(ctx.io.stdout, argv.out);
  const text = usageRenderers[format](report, width !== undefined ? { width } : {});
  await writeOutput(text, argv.out, ctx.io.stdout);
  return argv.strict && report.skipped.length > 0 ? ExitCode.error : ExitCode.ok;
}

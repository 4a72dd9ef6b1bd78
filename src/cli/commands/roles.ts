import type { Argv, ArgumentsCamelCase } from 'yargs';
import { listFunctions } from '../../aws/list-functions.js';
import { groupByRole } from '../../aws/shared-roles.js';
import { createCatalog } from '../../catalog/catalog.js';
import { AwsError, UsageError } from '../../errors/iamtrim-error.js';
import { accountRolesRenderers, rolesFormats, rolesRenderers, type RolesFormat } from '../../render/index.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { readAccountAuthorizationFile } from '../../sources/read-account-authorization.js';
import { readUsageFile } from '../../sources/read-usage-file.js';
import { buildAccountRolesReport } from '../../usage/account-roles-report.js';
import { defaultAggregateOptions } from '../../usage/add-record.js';
import {
  withAccountAuthorizationOption,
  type AccountAuthorizationArgs,
} from '../account-authorization-option.js';
import { clientConfigOf, regionsInScope } from '../aws-options.js';
import {
  collectReport,
  hasEvidenceSource,
  withEvidenceOptions,
  type EvidenceArgs,
} from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { parseRolesFailOn } from '../fail-on.js';
import { writeOutput } from '../write-output.js';

export interface RolesArgs extends EvidenceArgs, AccountAuthorizationArgs {
  usage?: string;
  format?: RolesFormat;
  out?: string;
  failOnShared: boolean;
  failOn?: string;
  quiet: boolean;
}

export const command = 'roles';
export const describe =
  'List each Lambda function with its execution role; flag roles shared by several functions';

/** Shown under Examples in `iamtrim roles --help`. */
export const examples = [
  ['$0 roles --regions all', 'Every Lambda role in every region, shared roles flagged'],
  ['$0 roles --region eu-west-1 --format json --out roles.json', 'One region, as JSON'],
  [
    '$0 roles --account-authorization account.json --cloudtrail ./logs',
    'Offline: the roles of aws iam get-account-authorization-details, with the functions seen acting as each',
  ],
] as const;

export function builder(y: Argv): Argv<RolesArgs> {
  return withAccountAuthorizationOption(withEvidenceOptions(y))
    .option('usage', {
      type: 'string',
      describe:
        'With --account-authorization: a usage report (iamtrim usage --format json) naming the functions',
    })
    .option('format', {
      choices: rolesFormats,
      describe: 'Output format (default: table on a terminal, else json)',
    })
    .option('out', { type: 'string', describe: 'Write the output to FILE (atomically) instead of stdout' })
    .option('fail-on', {
      type: 'string',
      describe:
        'shared: exit 3 (after printing the same output) when a role is shared by more than one function',
    })
    .option('fail-on-shared', {
      type: 'boolean',
      default: false,
      describe: 'The same as --fail-on shared',
    })
    .option('quiet', {
      type: 'boolean',
      default: false,
      describe: 'No warnings on stderr',
    })
    .check((argv) => {
      if (typeof argv.failOn === 'string') parseRolesFailOn(argv.failOn);
      const evidence = hasEvidenceSource(argv as EvidenceArgs) || argv.usage !== undefined;
      if (evidence && argv.accountAuthorization === undefined)
        throw new UsageError(
          '--cloudtrail, --lookup-events, --athena-table and --usage go with --account-authorization (live, roles lists functions from Lambda)',
        );
      if (hasEvidenceSource(argv as EvidenceArgs) && argv.usage !== undefined)
        throw new UsageError('give --cloudtrail (or --lookup-events, --athena-table) or --usage, not both');
      return true;
    }) as unknown as Argv<RolesArgs>;
}

export async function handler(argv: ArgumentsCamelCase<RolesArgs>, ctx: CommandContext): Promise<number> {
  if (argv.accountAuthorization !== undefined) return listFileRoles(argv, argv.accountAuthorization, ctx);
  const config = clientConfigOf(argv);
  const regions = await regionsInScope(argv, config);
  const errors: { region: string; message: string }[] = [];
  const functions = await listFunctions(regions, config, undefined, {
    // With several regions, one that rejects the caller (not enabled, an SCP) is reported
    // and the rest still listed; with one region its error is the answer.
    ...(regions.length > 1
      ? { onRegionError: (region, e) => errors.push({ region, message: e.message }) }
      : {}),
  });
  // No region answered: an empty list would read as "no functions", so it is an error.
  if (errors.length > 0 && errors.length === regions.length) throw allRegionsFailed(errors);
  const failed = errors.map((e) => `${e.region}: ${e.message}`);
  if (!argv.quiet) for (const f of failed) ctx.stderr(`iamtrim: warning: region skipped: ${f}`);
  const roles = groupByRole(functions);
  const format = argv.format ?? (ctx.io.stdout.isTTY ? 'table' : 'json');
  const text = rolesRenderers[format]({ regions, failedRegions: failed, roles });
  await writeOutput(text, argv.out, ctx.io.stdout);
  const shared = roles.filter((r) => r.shared);
  if (!argv.quiet && shared.length > 0)
    ctx.stderr(
      `iamtrim: ${shared.length} role(s) shared by more than one function: a compromise of one function gets every other's permissions`,
    );
  return failsOnShared(argv) && shared.length > 0 ? ExitCode.findings : ExitCode.ok;
}

/**
 * Offline: the roles of the account file, each marked when it trusts Lambda; with evidence,
 * the functions seen acting as each, and which are shared.
 */
async function listFileRoles(argv: RolesArgs, file: string, ctx: CommandContext): Promise<number> {
  const auth = await readAccountAuthorizationFile(file);
  const usage = argv.usage
    ? { report: await readUsageFile(argv.usage), sources: [argv.usage] }
    : hasEvidenceSource(argv)
      ? await collectReport(argv, defaultAggregateOptions, argv.quiet, ctx, createCatalog())
      : undefined;
  const report = buildAccountRolesReport(auth, usage);
  const format = argv.format ?? (ctx.io.stdout.isTTY ? 'table' : 'json');
  await writeOutput(accountRolesRenderers[format](report), argv.out, ctx.io.stdout);
  if (!argv.quiet && auth.skipped.length > 0)
    ctx.stderr(
      `iamtrim: warning: ${auth.skipped.length} item(s) of ${terminalSafe(file)} could not be read (listed in the output)`,
    );
  const shared = report.roles.filter((r) => r.shared);
  if (!argv.quiet && shared.length > 0)
    ctx.stderr(
      `iamtrim: ${shared.length} role(s) seen acting for more than one function: a compromise of one function gets every other's permissions`,
    );
  return failsOnShared(argv) && shared.length > 0 ? ExitCode.findings : ExitCode.ok;
}

/** `--fail-on shared`, or its older spelling `--fail-on-shared`. */
function failsOnShared(argv: RolesArgs): boolean {
  return argv.failOnShared || (argv.failOn !== undefined && parseRolesFailOn(argv.failOn).kind === 'shared');
}

/**
 * The error for a listing in which every region failed, with each region's reason. Regions
 * that failed alike (expired credentials fail everywhere) share one line.
 */
function allRegionsFailed(errors: readonly { region: string; message: string }[]): AwsError {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) {
    // A reason that names its region is the same reason as another region's.
    const reason = e.message.split(e.region).join('<region>');
    byMessage.set(reason, [...(byMessage.get(reason) ?? []), e.region]);
  }
  const lines = [...byMessage].map(
    ([reason, regions]) =>
      `  ${regions.join(', ')}: ${reason.split('<region>').join(regions.length > 1 ? 'each region' : (regions[0] ?? ''))}`,
  );
  return new AwsError(
    `no region could be listed (${errors.length} of ${errors.length} failed), so no function is known:\n${lines.join('\n')}`,
  );
}

import type { Argv, ArgumentsCamelCase } from 'yargs';
import { driftRun, coverageOfDays } from '../../actions/drift.js';
import { createCatalog } from '../../catalog/catalog.js';
import { hashCanonical } from '../../drift/canonical-json.js';
import { UsageError } from '../../errors/iamtrim-error.js';
import type { AccountAuthorization } from '../../model/account-role.js';
import { DRIFT_STATE_VERSION, type DayUsageFile, type DriftCommit } from '../../model/drift-state.js';
import type { PolicyChangeEvent } from '../../model/policy-change.js';
import { driftFormats, driftRenderers, type DriftFormat } from '../../render/index.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { createStateStore, DEFAULT_STATE_LOCATION } from '../../store/create-state-store.js';
import type { StateStore } from '../../store/state-store.js';
import {
  commitDriftState,
  openDriftState,
  readDay,
  writeDay,
  writeSnapshot,
} from '../../store/drift-state-store.js';
import { defaultAggregateOptions } from '../../usage/add-record.js';
import { fromDayUsageFile, toDayUsageFile } from '../../usage/day-usage-file.js';
import { mergeDayMaps } from '../../usage/day-usage.js';
import { mergeUsage } from '../../usage/merge-usage.js';
import { uniteDays, windowDayRange } from '../../usage/union-days.js';
import type { UsageAccumulator } from '../../usage/usage-accumulator.js';
import { toUsageReport } from '../../usage/usage-report.js';
import { clientConfigOf } from '../aws-options.js';
import {
  loadAccountAuthorization,
  withAccountAuthorizationOption,
  type AccountAuthorizationArgs,
} from '../account-authorization-option.js';
import { collectNewUsage } from '../collect-new-usage.js';
import {
  hasEvidenceSource,
  usesAws,
  warningLines,
  withEvidenceOptions,
  type EvidenceArgs,
} from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { coverageOptions, type CoverageArgs } from '../coverage-options.js';
import { parseWindowDays, runTimeOf } from '../drift-window.js';
import { ExitCode } from '../exit-codes.js';
import { failOnSeverityVerdict, parseFailOnSeverity, withFailOnSeverityOption } from '../fail-on-severity.js';
import { discoverLiveTrails } from '../live-trails.js';
import { packageVersion } from '../package-version.js';
import { createProgressReporter } from '../progress.js';
import { writeOutput } from '../write-output.js';
import { sdk } from '../../sdk/require-sdk.js';

export interface DriftArgs extends EvidenceArgs, AccountAuthorizationArgs, CoverageArgs {
  state: string;
  role?: string[];
  window: string;
  asOf?: string;
  format?: DriftFormat;
  out?: string;
  failOn?: string;
  minDays: number;
  quiet: boolean;
}

export const command = 'drift';
export const describe =
  'What changed since the last run: new grants and who made them, new use, unused grants, gaps';

/** Shown under Examples in `iamtrim drift --help`. */
export const examples = [
  [
    '$0 drift --cloudtrail ./logs --account-authorization auth.json --state .iamtrim/state --format markdown',
    'Offline: the logs read since the last run, the policies from get-account-authorization-details',
  ],
  [
    '$0 drift --profile prod --cloudtrail s3://trail-bucket --state s3://state-bucket/prod --fail-on medium',
    'Daily in CI: exit 3 on a finding of medium severity or more',
  ],
] as const;

export function builder(y: Argv): Argv<DriftArgs> {
  return withFailOnSeverityOption(withAccountAuthorizationOption(withEvidenceOptions(y)))
    .option('state', {
      type: 'string',
      default: DEFAULT_STATE_LOCATION,
      describe: 'Where runs keep what they read: a directory, or s3://bucket/prefix',
    })
    .option('role', {
      type: 'string',
      array: true,
      describe: 'Only this role (ARN or name); repeatable. Default: every Lambda execution role',
    })
    .option('window', {
      type: 'string',
      default: '90d',
      describe: 'The rolling window judged, in days (e.g. 90d)',
    })
    .option('as-of', {
      type: 'string',
      describe:
        'End the window at this date or time instead of now (to replay history); later logs are not counted',
    })
    .option('format', { choices: driftFormats, describe: 'Output (default: markdown)' })
    .option('out', { type: 'string', describe: 'Write the report to FILE (atomically)' })
    .option('data-events', {
      type: 'string',
      describe: 'Services whose data events the logs hold (s3,dynamodb,...), or all, or none',
    })
    .option('trail-config', {
      type: 'string',
      array: true,
      describe: 'JSON from aws cloudtrail get-trail / get-event-selectors (repeatable, merged)',
    })
    .option('min-days', {
      type: 'number',
      default: 30,
      describe: 'Claim nothing unused when the window holds fewer days of evidence than this',
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no warnings on stderr' })
    .option('workers', {
      type: 'number',
      describe: 'Threads that read --cloudtrail, 1 to 16, this one included (default: one per core)',
    })
    .check((argv) => {
      if (!hasEvidenceSource(argv as EvidenceArgs))
        throw new UsageError(
          'give --cloudtrail <path|s3://bucket/prefix>, --lookup-events or --athena-table',
        );
      if ((argv.cloudtrail ?? []).some((c) => c === '-' || c.endsWith('iamtrim-stdin')))
        throw new UsageError('drift cannot read stdin: it must remember what it read (give files or s3://)');
      parseWindowDays(argv.window);
      if (argv.failOn !== undefined) parseFailOnSeverity(argv.failOn);
      return true;
    }) as unknown as Argv<DriftArgs>;
}

export async function handler(argv: ArgumentsCamelCase<DriftArgs>, ctx: CommandContext): Promise<number> {
  const windowDays = parseWindowDays(argv.window);
  const runAt = runTimeOf(argv.asOf);
  const failOn = argv.failOn === undefined ? undefined : parseFailOnSeverity(argv.failOn);
  const note = (line: string): void => {
    if (!argv.quiet) ctx.stderr(`iamtrim: note: ${terminalSafe(line)}`);
  };
  const catalog = createCatalog();
  const { S3Client } = sdk('@aws-sdk/client-s3');
  const store = createStateStore(
    argv.state,
    () => new S3Client({ ...clientConfigOf(argv), followRegionRedirects: true }),
  );
  const opened = await openDriftState(store);
  const range = windowDayRange(runAt, windowDays);

  // The granted policies first: a run that cannot know them should fail before reading logs.
  const granted = await grantedPolicies(argv);
  for (const s of granted.skipped) note(`${s.what}: ${s.reason}`);

  // 1. Only what is newer than the checkpoints, split by UTC day of eventTime.
  const progress = createProgressReporter(!argv.quiet, ctx.io.stderr);
  const filter = {
    sinceMs: Date.parse(`${range.from}T00:00:00Z`),
    untilMs: runAt,
    ...(argv.role?.length ? { roles: argv.role } : {}),
  };
  const fresh = await collectNewUsage(
    argv,
    opened.commit?.checkpoints ?? [],
    { ...defaultAggregateOptions, filter, scanTimeMs: runAt },
    catalog,
    progress.update,
  );
  progress.done();

  // 2. The stored days of the window, "before"; the new days merged into them, "after". Each
  //    stored day is read once and turned into an accumulator twice (the unions take their
  //    days over), which is cheaper than copying every day for each union.
  const storedDays = await readStoredDays(store, opened.commit, range);
  const accumulatorsOf = (): Map<string, UsageAccumulator> =>
    new Map(
      [...storedDays].map(([day, file]) => [day, fromDayUsageFile(file, `${argv.state} day ${day}`).usage]),
    );
  const max = defaultAggregateOptions.maxResourcesPerAction;
  const before = uniteDays(accumulatorsOf(), range, max);
  const policyChanges = distinctEvents([...fresh.days.values()].flatMap((acc) => acc.policyChanges));
  const changedDays = [...fresh.days.keys()].filter((d) => d >= range.from && d <= range.to).sort();
  const afterDays = mergeDayMaps(accumulatorsOf(), fresh.days, max);
  // What the union takes over must be read first: the days' coverage and the changed days' files.
  const days = coverageOfDays(new Map([...afterDays].filter(([d]) => d >= range.from && d <= range.to)));
  const changedFiles = changedDays.map((day) => toDayUsageFile(day, afterDays.get(day)!));
  const after = uniteDays(afterDays, range, max);
  if (!argv.quiet) {
    for (const line of warningLines(toUsageReport(fresh.undated))) ctx.stderr(line);
    for (const l of fresh.limits) note(l);
  }
  // File-level problems of this run have no day: they belong in this report's skipped.
  mergeUsage(after, fresh.undated, max);

  // 3. Compare, and judge the window.
  const coverage = await coverageOptions(argv);
  const trails = argv.trailConfig?.length ? undefined : await discoverLiveTrails(argv, note);
  if (trails) Object.assign(coverage, { trails });
  const outcome = driftRun(
    {
      runAt,
      windowDays,
      ...(opened.snapshot ? { previous: opened.snapshot } : {}),
      before,
      after,
      daysWithLogs: days.daysWithLogs,
      regionsByDay: days.regionsByDay,
      policyChanges,
      roles: granted.roles,
      catalog,
      coverage,
      ...(coverage.trails ? { selectorsHash: hashCanonical(coverage.trails) } : {}),
      sources: [...fresh.sources, `policies: ${granted.source}`],
      newInputs: fresh.newInputs,
      ...(argv.role?.length ? { only: argv.role } : {}),
    },
    { suggest: { minDays: argv.minDays } },
  );

  // 4. The report first: if it cannot be written, nothing is committed and the next run
  //    reports the same again. Then the state, created exclusively.
  const format: DriftFormat = argv.format ?? 'markdown';
  await writeOutput(
    driftRenderers[format](outcome.report, { version: packageVersion() }),
    argv.out,
    ctx.io.stdout,
  );
  const dayKeys: Record<string, string> = {};
  for (const [day, key] of Object.entries(opened.commit?.days ?? {}))
    if (day >= range.from && day <= range.to) dayKeys[day] = key;
  for (const file of changedFiles) dayKeys[file.day] = await writeDay(store, file);
  const generation = (opened.commit?.generation ?? 0) + 1;
  const snapshot = await writeSnapshot(store, outcome.snapshot, generation);
  const committed = await commitDriftState(store, {
    formatVersion: DRIFT_STATE_VERSION,
    generation,
    committedAt: new Date().toISOString(),
    days: Object.fromEntries(Object.entries(dayKeys).sort(([a], [b]) => (a < b ? -1 : 1))),
    checkpoints: fresh.checkpoints,
    snapshot,
  });
  for (const w of committed.warnings) if (!argv.quiet) ctx.stderr(`iamtrim: warning: ${w}`);
  note(`state: generation ${generation} committed to ${store.describe(committed.key)}`);

  const over = failOnSeverityVerdict(failOn, outcome.report.findings);
  if (over) ctx.stderr(over);
  return over ? ExitCode.findings : ExitCode.ok;
}

/** The roles and their policies: from the file, or from IAM when AWS is in use. */
async function grantedPolicies(argv: DriftArgs): Promise<AccountAuthorization> {
  if (!argv.accountAuthorization && !usesAws(argv))
    throw new UsageError(
      'drift needs the granted policies: give --account-authorization FILE (aws iam get-account-authorization-details), or use AWS (--profile/--region)',
    );
  return loadAccountAuthorization(argv);
}

/** How many stored day files are read at once (an S3 state: one GET each). */
const DAY_READS_AT_ONCE = 8;

/** The stored day files of the window, read a few at a time. */
async function readStoredDays(
  store: StateStore,
  commit: DriftCommit | undefined,
  range: { readonly from: string; readonly to: string },
): Promise<Map<string, DayUsageFile>> {
  const wanted = Object.entries(commit?.days ?? {}).filter(([day]) => day >= range.from && day <= range.to);
  const out = new Map<string, DayUsageFile>();
  for (let i = 0; i < wanted.length; i += DAY_READS_AT_ONCE) {
    const batch = wanted.slice(i, i + DAY_READS_AT_ONCE);
    const files = await Promise.all(
      batch.map(([, key]) => readDay(store, key, { generation: commit!.generation })),
    );
    batch.forEach(([day], j) => out.set(day, files[j]!));
  }
  return out;
}

/** The same IAM call read twice (an organization trail and an account trail) counts once. */
function distinctEvents(events: readonly PolicyChangeEvent[]): PolicyChangeEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.eventId) && seen.add(e.eventId));
}

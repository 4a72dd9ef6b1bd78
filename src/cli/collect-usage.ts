import type { Argv } from 'yargs';
import { parseRegions } from '../aws/regions.js';
import { buildUsageQuery, type PartitionStyle, type UsageQueryOptions } from '../athena/build-usage-query.js';
import { eventCatalogOf, type Catalog } from '../catalog/catalog.js';
import { UsageError } from '../errors/iamtrim-error.js';
import { queryAthena } from '../sources/athena-source.js';
import { lookupEventsUsage } from '../sources/lookup-events-source.js';
import { scanS3Trail } from '../sources/s3-trail-source.js';
import { trailBucketClient } from './trail-bucket-client.js';
import { scanTrail, type ScanProgress } from '../sources/scan-trail.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { mergeUsage } from '../usage/merge-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from '../usage/usage-accumulator.js';
import { terminalSafe } from '../render/terminal-safe.js';
import { toUsageReport, type UsageReport } from '../usage/usage-report.js';
import { clientConfigOf, regionsInScope, withAwsOptions, type AwsArgs } from './aws-options.js';
import type { CommandContext } from './command-context.js';
import { emptyWindowLine } from './empty-window.js';
import { createProgressReporter } from './progress.js';
import { sdk } from '../sdk/require-sdk.js';

/** Where the evidence comes from: local files and s3:// URLs, LookupEvents, or Athena. */
export interface EvidenceArgs extends AwsArgs {
  cloudtrail?: string[];
  lookupEvents?: boolean;
  checkpoint?: string;
  athenaTable?: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  athenaPartitions?: PartitionStyle;
  printSql?: boolean;
  cacheDir?: string;
  workers?: number;
}

export function withEvidenceOptions<T>(y: Argv<T>): Argv<T & EvidenceArgs> {
  return withAwsOptions(y)
    .option('cloudtrail', {
      type: 'string',
      array: true,
      describe:
        'CloudTrail logs: a file, directory (recursive), glob, - for stdin, or the trail bucket as s3://bucket/prefix',
    })
    .option('cache-dir', {
      type: 'string',
      describe: 'With s3://: keep downloaded log objects here; a re-run fetches only new ones',
    })
    .option('lookup-events', {
      type: 'boolean',
      describe: 'Read the CloudTrail LookupEvents API (90 days, management events only)',
    })
    .option('checkpoint', {
      type: 'string',
      describe: 'With --lookup-events: resume file, written after every page',
    })
    .option('athena-table', { type: 'string', describe: 'Aggregate in Athena over this table (db.table)' })
    .option('athena-workgroup', { type: 'string', describe: 'Athena workgroup (default: primary)' })
    .option('athena-output', { type: 'string', describe: 'Athena results location, s3://bucket/prefix/' })
    .option('athena-partitions', {
      choices: ['projection', 'ymd', 'none'] as const,
      default: 'projection' as const,
      describe: 'How the table is partitioned: region/timestamp projection, region/year/month/day, or none',
    })
    .option('print-sql', {
      type: 'boolean',
      describe: 'With --athena-table: print the query and run nothing',
    }) as unknown as Argv<T & EvidenceArgs>;
}

export function hasEvidenceSource(args: EvidenceArgs): boolean {
  return (args.cloudtrail?.length ?? 0) > 0 || !!args.lookupEvents || !!args.athenaTable;
}

/** True when the command talks to AWS (a profile, a region, or an AWS evidence source). */
export function usesAws(args: EvidenceArgs): boolean {
  return (
    !!args.profile ||
    !!args.region ||
    !!args.assumeRole ||
    !!args.lookupEvents ||
    !!args.athenaTable ||
    (args.cloudtrail ?? []).some((c) => c.startsWith('s3://'))
  );
}

/** The Athena query the arguments describe: what --print-sql prints is what runs. */
function athenaQuery(args: EvidenceArgs, aggregate: AggregateOptions): UsageQueryOptions {
  if (!args.athenaTable) throw new UsageError('--print-sql needs --athena-table');
  const f = aggregate.filter;
  const regions = parseRegionList(args);
  return {
    table: args.athenaTable,
    partitionStyle: args.athenaPartitions ?? 'projection',
    ...(f.sinceMs !== undefined ? { sinceMs: f.sinceMs } : {}),
    ...(f.untilMs !== undefined ? { untilMs: f.untilMs } : {}),
    ...(regions.length > 0 ? { regions } : {}),
    ...(f.roles?.length ? { roles: f.roles } : {}),
    ...(f.functions?.length ? { functions: f.functions } : {}),
  };
}

export function athenaSql(args: EvidenceArgs, aggregate: AggregateOptions): string {
  return buildUsageQuery(athenaQuery(args, aggregate));
}

export interface CollectedUsage {
  readonly acc: UsageAccumulator;
  /** What the sources could not see, to print with the result. */
  readonly limits: string[];
  /** One line per source, for the report's evidence section. */
  readonly sources: string[];
}

/**
 * Reads every evidence source the arguments name into one accumulator. Each source folds
 * into the same per-record step, so the usage does not depend on where the events came from.
 */
export async function collectUsage(
  args: EvidenceArgs,
  aggregate: AggregateOptions,
  catalog: Catalog,
  onProgress?: (p: ScanProgress) => void,
): Promise<CollectedUsage> {
  const events = eventCatalogOf(catalog);
  if (!hasEvidenceSource(args))
    throw new UsageError('give --cloudtrail <path|s3://bucket/prefix>, --lookup-events or --athena-table');
  const acc = createUsageAccumulator();
  const limits: string[] = [];
  const sources: string[] = [];
  const merge = (from: UsageAccumulator): void => {
    // Counts, windows, stats and skipped inputs all merge.
    mergeUsage(acc, from, aggregate.maxResourcesPerAction);
  };
  const local = (args.cloudtrail ?? []).filter((c) => !c.startsWith('s3://'));
  const buckets = (args.cloudtrail ?? []).filter((c) => c.startsWith('s3://'));
  if (local.length > 0) {
    merge(
      await scanTrail(local, {
        aggregate,
        catalog: events,
        ...(args.workers ? { workers: args.workers } : {}),
        ...(onProgress ? { onProgress } : {}),
      }),
    );
    sources.push(...local);
  }
  const needsAws = buckets.length > 0 || args.lookupEvents || args.athenaTable;
  const config = needsAws ? clientConfigOf(args) : undefined;
  for (const url of buckets) {
    const bucket = trailBucketClient(config);
    let result;
    try {
      result = await scanS3Trail(url, {
        s3: bucket.client,
        aggregate,
        catalog: events,
        ...(args.workers ? { workers: args.workers } : {}),
        ...(args.regions ? { regions: parseRegionList(args) } : {}),
        ...(args.cacheDir ? { cacheDir: args.cacheDir } : {}),
        // Objects read out of those listed so far: the same line as a local scan shows.
        ...(onProgress
          ? {
              onProgress: (p) =>
                onProgress({ filesDone: p.fetched + p.cached, filesTotal: p.listed, records: p.records }),
            }
          : {}),
      });
    } finally {
      bucket.destroy();
    }
    merge(result.acc);
    sources.push(
      `${url} (${result.listed} object(s): ${result.fetched} fetched, ${result.cached} from cache)`,
    );
  }
  if (args.lookupEvents && config) {
    const f = aggregate.filter;
    if (!f.functions?.length && !f.roles?.length)
      throw new UsageError('--lookup-events needs --function or --role: it would otherwise read every event');
    for (const region of await regionsInScope(args, config)) {
      const { CloudTrailClient } = sdk('@aws-sdk/client-cloudtrail');
      const client = new CloudTrailClient({ ...config, region });
      const result = await lookupEventsUsage({
        client,
        region,
        aggregate,
        catalog: events,
        ...(f.functions?.length ? { functions: f.functions } : {}),
        ...(f.roles?.length ? { roleArns: f.roles } : {}),
        ...(f.sinceMs !== undefined ? { since: new Date(f.sinceMs) } : {}),
        ...(f.untilMs !== undefined ? { until: new Date(f.untilMs) } : {}),
        ...(args.checkpoint ? { checkpointFile: `${args.checkpoint}.${region}` } : {}),
        ...(onProgress
          ? {
              onProgress: (p) =>
                onProgress({ filesDone: p.query - 1, filesTotal: p.queries, records: p.events }),
            }
          : {}),
      });
      client.destroy();
      merge(result.acc);
      for (const l of result.limits) if (!limits.includes(l)) limits.push(l);
      sources.push(`LookupEvents in ${region} (${result.requests} request(s), ${result.events} event(s))`);
    }
  }
  if (args.athenaTable && config) {
    const { AthenaClient } = sdk('@aws-sdk/client-athena');
    const client = new AthenaClient(config);
    const result = await queryAthena(client, events, aggregate, {
      query: athenaQuery(args, aggregate),
      ...(args.athenaWorkgroup ? { workGroup: args.athenaWorkgroup } : {}),
      ...(args.athenaOutput ? { outputLocation: args.athenaOutput } : {}),
    });
    client.destroy();
    merge(result.acc);
    sources.push(
      `Athena ${args.athenaTable} (query ${result.queryExecutionId}, ${result.rows} row(s)${result.bytesScanned !== undefined ? `, ${result.bytesScanned} bytes scanned` : ''})`,
    );
  }
  return { acc, limits, sources };
}

function parseRegionList(args: AwsArgs): string[] {
  const list = parseRegions(args.regions ? [args.regions] : []);
  return list.length > 0 ? list : args.region ? [args.region] : [];
}

/**
 * `collectUsage` as the commands use it: progress on a terminal, the report, and every
 * skipped input and source limit on stderr unless --quiet.
 */
export async function collectReport(
  args: EvidenceArgs,
  aggregate: AggregateOptions,
  quiet: boolean,
  ctx: CommandContext,
  catalog: Catalog,
): Promise<{ report: UsageReport; sources: string[] }> {
  const progress = createProgressReporter(!quiet, ctx.io.stderr);
  // Records dated after this moment are forged or broken: skipped, and reported.
  const withNow = { ...aggregate, scanTimeMs: aggregate.scanTimeMs ?? Date.now() };
  const { acc, limits, sources } = await collectUsage(args, withNow, catalog, progress.update);
  progress.done();
  const report = toUsageReport(acc);
  if (!quiet) {
    const empty = emptyWindowLine(acc.stats, aggregate.filter);
    if (empty) ctx.stderr(`iamtrim: warning: ${empty}`);
    for (const line of warningLines(report)) ctx.stderr(line);
    for (const l of limits) ctx.stderr(`iamtrim: note: ${l}`);
  }
  return { report, sources };
}

/** Past this many skipped inputs, stderr shows the first few and a count per reason. */
const MAX_WARNINGS = 20;

/**
 * One stderr line per skipped input, so a bad file never drops data silently. A directory
 * of mostly non-CloudTrail JSON would bury the output, so past MAX_WARNINGS the rest are
 * counted by reason; the JSON report's `skipped` always lists every one.
 */
export function warningLines(report: UsageReport): string[] {
  const line = (k: UsageReport['skipped'][number]): string =>
    `iamtrim: warning: ${terminalSafe(k.file)}: ${terminalSafe(k.reason)}${k.records ? ` (${k.records} record(s) not used)` : ''}`;
  if (report.skipped.length <= MAX_WARNINGS) return report.skipped.map(line);
  const shown = report.skipped.slice(0, MAX_WARNINGS / 2);
  const rest = report.skipped.slice(MAX_WARNINGS / 2);
  const byReason = new Map<string, number>();
  for (const k of rest) {
    // The quoted part names the one value; the reason is the kind of problem.
    const reason = k.reason.replace(/"[^"]*"/g, '"…"');
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  const counts = [...byReason.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} × ${terminalSafe(reason)}`);
  return [
    ...shown.map(line),
    `iamtrim: warning: ${rest.length} more input(s) skipped (${counts.join('; ')}); --format json lists each under "skipped"`,
  ];
}

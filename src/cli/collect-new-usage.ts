import { parseRegions } from '../aws/regions.js';
import { eventCatalogOf, type Catalog } from '../catalog/catalog.js';
import { UsageError } from '../errors/iamtrim-error.js';
import { checkpointKey, type SourceCheckpoint } from '../model/source-checkpoint.js';
import { athenaByDay } from '../sources/athena-by-day.js';
import { lookupEventsByDay } from '../sources/lookup-events-by-day.js';
import { scanS3TrailByDay } from '../sources/s3-trail-source.js';
import { trailBucketClient } from './trail-bucket-client.js';
import { scanFilesByDay, type ScanProgress } from '../sources/scan-trail.js';
import { selectNewFiles } from '../sources/select-new-files.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { createDayUsage, mergeDayUsage } from '../usage/day-usage.js';
import { recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import { clientConfigOf, regionsInScope } from './aws-options.js';
import type { EvidenceArgs } from './collect-usage.js';
import { sdk } from '../sdk/require-sdk.js';

/** What `collectNewUsage` read since the previous run. */
export interface NewUsage {
  /** This run's new evidence by UTC day of eventTime (`YYYY-MM-DD`), to merge into the stored days. */
  readonly days: Map<string, UsageAccumulator>;
  /**
   * What has no day: the files and objects read (`stats.files`), records without a usable
   * time, and every file-level problem, all in `skipped`; print it like a scan's warnings.
   */
  readonly undated: UsageAccumulator;
  /** One per source named this run, then the previous ones of sources not named (kept for later). */
  readonly checkpoints: SourceCheckpoint[];
  /** One line per source, e.g. `./logs (3 new file(s) of 120)`. */
  readonly sources: string[];
  /** Files and objects read this run (not counting those passed over as already read). */
  readonly newInputs: number;
  /** What the sources could not see, to print with the result. */
  readonly limits: string[];
}

/**
 * `collectUsage` for drift: reads only the evidence newer than `previous` (the checkpoints
 * of the last committed run), split by UTC day, and returns the checkpoints to commit with
 * it. The IAM calls that change role policies are captured whatever the role filter.
 * Pass `aggregate.filter.sinceMs` = the window's first day to bound the first run (and any
 * source whose checkpoint is older); later runs start at their checkpoints.
 */
export async function collectNewUsage(
  args: EvidenceArgs,
  previous: readonly SourceCheckpoint[],
  aggregate: AggregateOptions,
  catalog: Catalog,
  onProgress?: (p: ScanProgress) => void,
): Promise<NewUsage> {
  const events = eventCatalogOf(catalog);
  const options: AggregateOptions = {
    ...aggregate,
    capturePolicyChanges: true,
    // Records dated after now are forged or broken: skipped, never a day of their own.
    scanTimeMs: aggregate.scanTimeMs ?? Date.now(),
  };
  const byKey = new Map(previous.map((c) => [checkpointKey(c), c]));
  const usage = createDayUsage();
  const checkpoints: SourceCheckpoint[] = [];
  const sources: string[] = [];
  const limits: string[] = [];
  let newInputs = 0;

  const local = (args.cloudtrail ?? []).filter((c) => !c.startsWith('s3://'));
  const buckets = (args.cloudtrail ?? []).filter((c) => c.startsWith('s3://'));
  if (local.length > 0) {
    const selection = await selectNewFiles(local, previous);
    for (const s of selection.skipped) recordSkipped(usage.undated, s.path, s.reason, 0);
    await scanFilesByDay(
      selection.files,
      {
        aggregate: options,
        catalog: events,
        ...(args.workers ? { workers: args.workers } : {}),
        ...(onProgress ? { onProgress } : {}),
      },
      usage,
    );
    newInputs += selection.files.length;
    checkpoints.push(...selection.checkpoints);
    for (const i of selection.inputs) sources.push(`${i.input} (${i.selected} new file(s) of ${i.found})`);
  }
  const config =
    buckets.length > 0 || args.lookupEvents || args.athenaTable ? clientConfigOf(args) : undefined;
  for (const url of buckets) {
    const bucket = trailBucketClient(config);
    const before = byKey.get(`s3:${url}`);
    try {
      const result = await scanS3TrailByDay(url, {
        s3: bucket.client,
        aggregate: options,
        catalog: events,
        ...(args.workers ? { workers: args.workers } : {}),
        ...(before?.kind === 's3' ? { checkpoint: before } : {}),
        ...(args.regions ? { regions: parseRegions([args.regions]) } : {}),
        ...(args.cacheDir ? { cacheDir: args.cacheDir } : {}),
        ...(onProgress
          ? {
              onProgress: (p) =>
                onProgress({ filesDone: p.fetched + p.cached, filesTotal: p.listed, records: p.records }),
            }
          : {}),
      });
      mergeDayUsage(usage, result.usage, options.maxResourcesPerAction);
      newInputs += result.fetched + result.cached;
      checkpoints.push(result.checkpoint);
      sources.push(
        `${url} (${result.fetched + result.cached} new object(s) of ${result.listed} listed: ${result.fetched} fetched, ${result.cached} from cache)`,
      );
    } finally {
      bucket.destroy();
    }
  }
  if (args.lookupEvents && config) {
    const f = options.filter;
    if (!f.functions?.length && !f.roles?.length)
      throw new UsageError('--lookup-events needs --function or --role: it would otherwise read every event');
    const nowMs = options.scanTimeMs ?? Date.now();
    for (const region of await regionsInScope(args, config)) {
      const { CloudTrailClient } = sdk('@aws-sdk/client-cloudtrail');
      const client = new CloudTrailClient({ ...config, region });
      const before = byKey.get(`lookup-events:${region}`);
      try {
        const result = await lookupEventsByDay({
          client,
          region,
          aggregate: options,
          catalog: events,
          nowMs,
          ...(before?.kind === 'lookup-events' ? { checkpoint: before } : {}),
          ...(f.sinceMs !== undefined ? { sinceMs: f.sinceMs } : {}),
          ...(f.functions?.length ? { functions: f.functions } : {}),
          ...(f.roles?.length ? { roleArns: f.roles } : {}),
          ...(onProgress
            ? {
                onProgress: (p) =>
                  onProgress({ filesDone: p.query - 1, filesTotal: p.queries, records: p.events }),
              }
            : {}),
        });
        mergeDayUsage(usage, result.usage, options.maxResourcesPerAction);
        checkpoints.push(result.checkpoint);
        for (const l of result.limits) if (!limits.includes(l)) limits.push(l);
        sources.push(
          `LookupEvents in ${region} (${result.requests} request(s), ${result.events} new event(s) up to ${result.checkpoint.readUntil})`,
        );
      } finally {
        client.destroy();
      }
    }
    if (options.filter.functions?.length)
      limits.push(
        'LookupEvents by --function returns only the functions’ own calls: IAM policy changes made by people are not seen',
      );
  }
  if (args.athenaTable && config) {
    const { AthenaClient } = sdk('@aws-sdk/client-athena');
    const client = new AthenaClient(config);
    const before = byKey.get(`athena:${args.athenaTable}`);
    const f = options.filter;
    const regions = args.regions ? parseRegions([args.regions]) : args.region ? [args.region] : [];
    try {
      const result = await athenaByDay(client, events, options, {
        query: {
          table: args.athenaTable,
          partitionStyle: args.athenaPartitions ?? 'projection',
          ...(regions.length > 0 ? { regions } : {}),
          ...(f.roles?.length ? { roles: f.roles } : {}),
          ...(f.functions?.length ? { functions: f.functions } : {}),
        },
        nowMs: options.scanTimeMs ?? Date.now(),
        ...(before?.kind === 'athena' ? { checkpoint: before } : {}),
        ...(f.sinceMs !== undefined ? { sinceMs: f.sinceMs } : {}),
        ...(args.athenaWorkgroup ? { workGroup: args.athenaWorkgroup } : {}),
        ...(args.athenaOutput ? { outputLocation: args.athenaOutput } : {}),
      });
      mergeDayUsage(usage, result.usage, options.maxResourcesPerAction);
      checkpoints.push(result.checkpoint);
      sources.push(
        result.queryExecutionId
          ? `Athena ${args.athenaTable} (query ${result.queryExecutionId}, ${result.rows} row(s)${result.bytesScanned !== undefined ? `, ${result.bytesScanned} bytes scanned` : ''}, through ${result.checkpoint.readThrough})`
          : `Athena ${args.athenaTable} (no complete new day since ${result.checkpoint.readThrough})`,
      );
      limits.push(
        'Athena is read by whole UTC days once their logs are delivered (today is read tomorrow), and does not show who changed a role’s policies',
      );
    } finally {
      client.destroy();
    }
  }
  // A source left out this run keeps its checkpoint, so naming it again resumes it.
  const named = new Set(checkpoints.map(checkpointKey));
  for (const c of previous) if (!named.has(checkpointKey(c))) checkpoints.push(c);
  return { days: usage.days, undated: usage.undated, checkpoints, sources, newInputs, limits };
}

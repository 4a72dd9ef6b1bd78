import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EventCatalog } from '../catalog/map-event.js';
import type { SourceCheckpoint } from '../model/source-checkpoint.js';
import { addRecord, type AggregateOptions } from '../usage/add-record.js';
import { addRecordByDay } from '../usage/add-record-by-day.js';
import { createDayUsage, dayKeyOf, mergeDayUsage, type DayUsage } from '../usage/day-usage.js';
import { mergeUsage } from '../usage/merge-usage.js';
import { createUsageAccumulator, recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import {
  isGzip,
  readTrailBuffer,
  readTrailFile,
  readTrailStream,
  type FileReadResult,
  type ReadLimits,
} from './read-trail-file.js';
import {
  DEFAULT_DELIVERY_LAG_MS,
  awsLogsPrefix,
  listPrefixes,
  parseS3Url,
  parseTrailKey,
  windowDays,
  type S3TrailLocation,
  type TrailRoot,
} from './s3-trail-layout.js';
import { formatBytes } from './format-bytes.js';
import type { PrefilterScan } from './record-prefilter.js';
import { prefilterInto, recordFileRead } from './scan-file.js';
import { createByteBudget, type ByteBudget } from './byte-budget.js';
import { collectBody } from './collect-body.js';
import { runBounded } from './run-bounded.js';
import { peekGzip } from './peek-gzip.js';
import { planS3Workers, type S3WorkerPlan } from './plan-s3-workers.js';
import { cachePathOf, download, isCached } from './s3-object-cache.js';
import { denied, errorCode, translate } from './s3-errors.js';
import { explainSdkError } from '../errors/explain-sdk-error.js';
import { discoverRoots } from './s3-trail-roots.js';
import { createDirectS3, type DirectS3 } from './s3-direct-requests.js';
import { listPages } from './s3-list-pages.js';
import { createInlineScan, createPool, startPool, type InlineTarget } from './scan-trail.js';
import type { ScanWorkerPool, ScanWorkerResult } from './scan-worker-pool.js';
import { sdk } from '../sdk/require-sdk.js';

export interface S3ScanProgress {
  readonly listed: number;
  readonly fetched: number;
  readonly cached: number;
  readonly records: number;
}

export interface S3ScanOptions {
  /**
   * The client, or a function making it: the scan's worker threads then start before it is
   * made, so they boot while this thread loads the SDK (about 0.1 s).
   */
  readonly s3: S3Client | (() => Promise<S3Client>);
  readonly aggregate: AggregateOptions;
  /** Maps events to actions. */
  readonly catalog: EventCatalog;
  /** Window start; default `aggregate.filter.sinceMs`. Without one, every day is listed. */
  readonly since?: Date;
  /** Window end (exclusive); default `aggregate.filter.untilMs`, else now. */
  readonly until?: Date;
  /** Account ids to read; default: every account found under `AWSLogs/`. */
  readonly accounts?: readonly string[];
  /** Regions to read; default: every region folder found per account. */
  readonly regions?: readonly string[];
  /** Organization trail id (`o-...`); default: found under `AWSLogs/`. */
  readonly organizationId?: string;
  /** Objects fetched at once. Default 16. */
  readonly concurrency?: number;
  /**
   * Threads that gunzip, parse and aggregate the objects (this thread, which also lists and
   * downloads, and N - 1 workers); default one per core. 1 reads everything in this
   * thread, as does a window holding under 4 MiB of objects (workers would cost more).
   */
  readonly workers?: number;
  /**
   * Downloaded bytes waiting for or inside a worker at once, so memory stays flat however
   * fast S3 answers. Default 64 MiB; one object larger than this is still read, alone.
   */
  readonly maxBytesInFlight?: number;
  /**
   * List and fetch with signed GETs of iamtrim's own, falling back to the SDK's
   * ListObjectsV2 and GetObject for anything but a plain 200 (see `createDirectS3`).
   * Default true; false sends every request through `s3.send` (a mocked client needs that).
   */
  readonly directRequests?: boolean;
  /** Keep downloaded objects here and reuse them on the next run. Default: no cache. */
  readonly cacheDir?: string;
  /** How late a file may be delivered after its events. Default one hour. */
  readonly deliveryLagMs?: number;
  readonly limits?: ReadLimits;
  /** For tests: the clock. */
  readonly nowMs?: number;
  readonly onProgress?: (p: S3ScanProgress) => void;
}

export interface S3ScanResult {
  readonly acc: UsageAccumulator;
  /** Objects downloaded from S3 in this run. */
  readonly fetched: number;
  /** Objects read from the cache directory instead. */
  readonly cached: number;
  /** Log objects listed in the window's folders. */
  readonly listed: number;
}

/**
 * Objects a worker holds at once. A downloaded object reaches a worker only when this
 * thread turns its event loop, between its own reads and the downloads' answers, so a
 * worker needs more in hand than with local files (`WORKER_DEPTH`): with 2 it sat idle
 * about 20% of a scan of the bench corpus from the loopback server, with 6 under 1%.
 */
const S3_WORKER_DEPTH = 6;

interface ListedObject {
  readonly key: string;
  readonly size: number | undefined;
}

/**
 * Reads a trail's S3 bucket into a usage accumulator: finds the account and region folders
 * (unless given), lists only the window's day folders, and streams each object through the
 * same reader and aggregation as local files. Listing pages are consumed as objects are
 * read, and at most `concurrency` objects are in flight, so memory does not grow with the
 * bucket. A damaged or vanished object is recorded in `skipped` under its `s3://` name;
 * access denied stops the scan with an `AwsError` naming the permission, and so do
 * credentials that expire or a network that fails mid-scan (naming the cause), because
 * silently reading less would make used permissions look unused.
 */
export async function scanS3Trail(url: string, options: S3ScanOptions): Promise<S3ScanResult> {
  const acc = createUsageAccumulator();
  const filter = options.aggregate.filter;
  const since = options.since?.getTime() ?? filter.sinceMs;
  const until = options.until?.getTime() ?? filter.untilMs;
  const { catalog, aggregate } = options;
  const limit = aggregate.maxResourcesPerAction;
  const counts = await scanFolders(
    url,
    options,
    { sinceMs: since, untilMs: until },
    {
      acc,
      add: (raw, name) => addRecord(acc, raw, name, catalog, aggregate),
      prefilterFor: (name) => prefilterInto(acc, name, aggregate),
      byDay: false,
      inline: { kind: 'usage', acc },
      merge: (r) => {
        if (r.type === 'result') mergeUsage(acc, r.acc, limit);
      },
    },
  );
  const { fetched, cached, listed } = counts;
  return { acc, fetched, cached, listed };
}

type S3Checkpoint = Extract<SourceCheckpoint, { kind: 's3' }>;

export interface S3DayScanResult {
  /** Usage by UTC day of eventTime; `undated` holds the objects read and their problems. */
  readonly usage: DayUsage;
  /** Where the next run starts: see `SourceCheckpoint` of kind 's3'. */
  readonly checkpoint: S3Checkpoint;
  readonly fetched: number;
  readonly cached: number;
  /** Log objects listed in the folders read, including the `known` ones. */
  readonly listed: number;
  /** Listed objects passed over because an earlier run read them. */
  readonly known: number;
}

/**
 * `scanS3Trail` for drift: reads only what the previous run did not, split by UTC day.
 * Without a checkpoint it lists the day folders from `since` (else every folder); with one,
 * from its `doneBefore` day (or `since`, if later), passing over the keys it lists as read.
 * A day folder is done once the day and the delivery lag are over: nothing more arrives in
 * it, so the next checkpoint starts at the first folder that may still grow and keeps only
 * the keys read from there on. An object that could not be fetched is not marked read, so
 * the next run tries it again; a damaged one that was read is, so none is counted twice.
 */
export async function scanS3TrailByDay(
  url: string,
  options: S3ScanOptions & { readonly checkpoint?: S3Checkpoint },
): Promise<S3DayScanResult> {
  const usage = createDayUsage();
  const nowMs = options.nowMs ?? Date.now();
  const lagMs = options.deliveryLagMs ?? DEFAULT_DELIVERY_LAG_MS;
  const previous = options.checkpoint;
  const since = options.since?.getTime() ?? options.aggregate.filter.sinceMs;
  const doneMs = previous ? Date.parse(`${previous.doneBefore}T00:00:00Z`) : undefined;
  const startMs = doneMs === undefined ? since : since === undefined ? doneMs : Math.max(doneMs, since);
  const known = new Set(previous?.keys ?? []);
  const read: string[] = [];
  const { catalog, aggregate } = options;
  const limit = aggregate.maxResourcesPerAction;
  const counts = await scanFolders(
    url,
    options,
    { sinceMs: startMs },
    {
      acc: usage.undated,
      add: (raw, name) => addRecordByDay(usage, raw, name, catalog, aggregate),
      prefilterFor: (name) => prefilterInto(usage, name, aggregate),
      byDay: true,
      inline: { kind: 'days', usage },
      merge: (r) => {
        if (r.type === 'day-result') mergeDayUsage(usage, r.usage, limit);
      },
    },
    { known, read },
  );
  // Folders before the day of (now - lag) can receive nothing more.
  const doneNow = dayKeyOf(nowMs - lagMs);
  const doneBefore = previous && previous.doneBefore > doneNow ? previous.doneBefore : doneNow;
  const keys = [...new Set([...known, ...read])]
    .filter((k) => {
      const parsed = parseTrailKey(k);
      return parsed.kind === 'log' && parsed.day >= doneBefore;
    })
    .sort();
  return {
    usage,
    checkpoint: { kind: 's3', url, doneBefore, keys },
    fetched: counts.fetched,
    cached: counts.cached,
    listed: counts.listed,
    known: counts.known,
  };
}

/** Keys an incremental scan passes over, and where it notes the keys it read. */
interface KeyLedger {
  readonly known: ReadonlySet<string>;
  readonly read: string[];
}

/**
 * Where a scan's records go: read in this thread, each record goes through `add` and
 * problems to `acc`; read on workers (with `byDay` split), their results come to `merge`.
 */
interface ScanSink {
  readonly acc: UsageAccumulator;
  readonly add: (raw: unknown, name: string) => void;
  /** The byte prefilter for an object read in this thread, with where its unselected records go. */
  readonly prefilterFor: (name: string) => PrefilterScan | undefined;
  readonly byDay: boolean;
  /** This thread's share when it scans alongside the workers. */
  readonly inline: InlineTarget;
  readonly merge: (result: ScanWorkerResult) => void;
}

/**
 * Lists the window's folders and reads each object, in this thread or on workers (see
 * `S3ScanOptions.workers`): this thread lists and downloads, at most `concurrency` objects
 * and `maxBytesInFlight` bytes at once, and moves each object's bytes to a worker.
 */
async function scanFolders(
  url: string,
  options: S3ScanOptions,
  window: { sinceMs?: number | undefined; untilMs?: number | undefined },
  sink: ScanSink,
  ledger?: KeyLedger,
): Promise<ReadContext['counts']> {
  const { acc, add, prefilterFor } = sink;
  const loc = parseS3Url(url);
  const nowMs = options.nowMs ?? Date.now();
  const days = windowDays(
    {
      ...(window.sinceMs !== undefined ? { sinceMs: window.sinceMs } : {}),
      ...(window.untilMs !== undefined ? { untilMs: window.untilMs } : {}),
    },
    nowMs,
    options.deliveryLagMs ?? DEFAULT_DELIVERY_LAG_MS,
  );
  // The scan's threads start while the bucket is listed: a worker takes ~130 ms to start.
  const early = startPool(options, sink.byDay, createInlineScan(sink.inline, options), S3_WORKER_DEPTH);
  let roots: TrailRoot[];
  let s3: S3Client;
  let direct: Promise<DirectS3 | undefined>;
  try {
    s3 = typeof options.s3 === 'function' ? await options.s3() : options.s3;
    // S3's endpoint rules take a key; none of a plain bucket's depends on it.
    direct =
      options.directRequests === false
        ? Promise.resolve(undefined)
        : createDirectS3(s3, loc.bucket, awsLogsPrefix(loc.prefix));
    roots = await discoverRoots(s3, loc, options, await direct);
  } catch (e) {
    await early?.abort();
    throw e;
  }
  const prefixes = listPrefixes(loc.prefix, roots, days);

  const ctx: ReadContext = {
    s3,
    loc,
    acc,
    add,
    prefilterFor,
    ledger,
    options,
    cacheRoot: options.cacheDir ? resolve(options.cacheDir, loc.bucket) : undefined,
    direct,
    counts: { listed: 0, fetched: 0, cached: 0, records: 0, known: 0 },
  };
  const progress = (): void => {
    const { listed, fetched, cached, records } = ctx.counts;
    options.onProgress?.({ listed, fetched, cached, records });
  };
  const concurrency = options.concurrency ?? 16;
  let plan: S3WorkerPlan<ListedObject>;
  try {
    plan = await planS3Workers(listObjects(ctx, prefixes), options.workers);
  } catch (e) {
    await early?.abort();
    throw e;
  }
  if (plan.kind === 'inline') {
    await early?.abort();
    await runBounded(plan.objects, concurrency, async (o) => {
      await readObject(ctx, o);
      progress();
    });
    return ctx.counts;
  }
  const pool =
    early ??
    createPool(
      plan.workerFile,
      plan.count,
      options,
      sink.byDay,
      createInlineScan(sink.inline, options),
      S3_WORKER_DEPTH,
    );
  const budget = createByteBudget(options.maxBytesInFlight ?? 64 * 1024 * 1024);
  try {
    await runBounded(plan.objects, concurrency, async (o) => {
      await readObjectOnWorker(ctx, o, pool, budget);
      progress();
    });
  } catch (e) {
    await pool.abort();
    throw e;
  }
  for (const r of await pool.finish()) sink.merge(r);
  return ctx.counts;
}

interface ReadContext {
  readonly s3: S3Client;
  readonly loc: S3TrailLocation;
  /** Where objects read and their problems are counted. */
  readonly acc: UsageAccumulator;
  /** The per-record step (plain or split by day). */
  readonly add: (raw: unknown, name: string) => void;
  readonly prefilterFor: (name: string) => PrefilterScan | undefined;
  readonly ledger: KeyLedger | undefined;
  readonly options: S3ScanOptions;
  readonly cacheRoot: string | undefined;
  /** iamtrim's own signed requests, with the SDK as fallback (`S3ScanOptions.directRequests`). */
  readonly direct: Promise<DirectS3 | undefined>;
  readonly counts: { listed: number; fetched: number; cached: number; records: number; known: number };
}

/** Lists the window's folders page by page; pages are fetched only as objects are taken. */
async function* listObjects(ctx: ReadContext, prefixes: readonly string[]): AsyncGenerator<ListedObject> {
  const { bucket } = ctx.loc;
  const direct = await ctx.direct;
  for (const prefix of prefixes) {
    // The consumer never throws into this generator, so a failure here is the listing's.
    try {
      for await (const page of listPages(ctx.s3, direct, bucket, prefix)) {
        for (const o of page.objects) {
          const parsed = parseTrailKey(o.key);
          if (parsed.kind === 'skip') {
            // Folder markers are not files; anything else is named so nothing vanishes unseen.
            if (parsed.reason !== 'folder marker')
              recordSkipped(ctx.acc, `s3://${bucket}/${o.key}`, parsed.reason, 0);
            continue;
          }
          ctx.counts.listed++;
          if (ctx.ledger?.known.has(o.key)) {
            ctx.counts.known++;
            continue;
          }
          yield o;
        }
      }
    } catch (e) {
      throw translate(e, 's3:ListBucket', `s3://${bucket}/${prefix}`);
    }
  }
}

async function readObject(ctx: ReadContext, o: ListedObject): Promise<void> {
  const name = `s3://${ctx.loc.bucket}/${o.key}`;
  const onRecord = (raw: unknown): void => ctx.add(raw, name);
  const prefilter = ctx.prefilterFor(name);
  const cachePath = cachePathOf(ctx.cacheRoot, o.key);
  let result: FileReadResult;
  if (cachePath && (await isCached(cachePath, o.size))) {
    ctx.counts.cached++;
    result = await readTrailFile(cachePath, onRecord, ctx.options.limits, prefilter);
  } else {
    const body = await getObject(ctx, o.key, name);
    if (!body) return;
    ctx.counts.fetched++;
    if (cachePath) {
      if (!(await downloadToCache(ctx, body, cachePath, name))) return;
      result = await readTrailFile(cachePath, onRecord, ctx.options.limits, prefilter);
    } else {
      const { stream, gzip } = await peekGzip(body, o.key);
      result = await readTrailStream(stream, gzip, onRecord, ctx.options.limits, prefilter);
    }
  }
  // Read, even if cut short: what it held was counted as far as it went, so never again.
  ctx.ledger?.read.push(o.key);
  ctx.counts.records += recordFileRead(ctx.acc, name, result);
}

/** Writes an object's body to the cache; false, with the object counted as skipped, when that fails. */
async function downloadToCache(
  ctx: ReadContext,
  body: Parameters<typeof download>[0],
  cachePath: string,
  name: string,
): Promise<boolean> {
  try {
    await download(body, cachePath);
    return true;
  } catch (e) {
    recordSkipped(ctx.acc, name, `download failed: ${(e as Error).message}`, 0);
    ctx.acc.stats.files++;
    return false;
  }
}

/**
 * `readObject` on a worker: a cached copy is read there by path; a downloaded object's bytes
 * are moved there whole (within the byte budget). A body cut off mid-download is read here
 * as `readObject` would, so it yields the records before the cut and the same problem.
 */
async function readObjectOnWorker(
  ctx: ReadContext,
  o: ListedObject,
  pool: ScanWorkerPool,
  budget: ByteBudget,
): Promise<void> {
  const name = `s3://${ctx.loc.bucket}/${o.key}`;
  const cachePath = cachePathOf(ctx.cacheRoot, o.key);
  let records: number;
  if (cachePath && (await isCached(cachePath, o.size))) {
    ctx.counts.cached++;
    records = await pool.submit({ type: 'file', path: cachePath, name });
  } else {
    const size = o.size ?? 0;
    await budget.take(size);
    try {
      const body = await getObject(ctx, o.key, name);
      if (!body) return;
      ctx.counts.fetched++;
      if (cachePath) {
        if (!(await downloadToCache(ctx, body, cachePath, name))) return;
        records = await pool.submit({ type: 'file', path: cachePath, name });
      } else {
        const got = await collectBody(body);
        if (got.error !== undefined || got.bytes.length < 2) {
          // Rare, and read here: a body cut off mid-download keeps the records before the
          // cut (from the whole-buffer reader, which sees every byte that came, unlike a
          // stream torn down by the error) and says why; a body too short to sniff is
          // told gzip by its key, as `readObject` does.
          const result = await readCutOrTiny(ctx, o.key, name, got);
          ctx.ledger?.read.push(o.key);
          ctx.counts.records += recordFileRead(ctx.acc, name, result);
          return;
        }
        records = await pool.submit({ type: 'bytes', name, bytes: got.bytes.buffer as ArrayBuffer });
      }
    } finally {
      budget.give(size);
    }
  }
  ctx.ledger?.read.push(o.key);
  ctx.counts.records += records;
}

async function readCutOrTiny(
  ctx: ReadContext,
  key: string,
  name: string,
  got: { bytes: Uint8Array; error: unknown },
): Promise<FileReadResult> {
  const onRecord = (raw: unknown): void => ctx.add(raw, name);
  const { limits } = ctx.options;
  const prefilter = ctx.prefilterFor(name);
  const bytes = Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.length);
  if (got.error === undefined) {
    const stream = Readable.from(bytes.length > 0 ? [bytes] : []);
    return readTrailStream(
      stream,
      bytes.length >= 2 ? isGzip(bytes) : key.endsWith('.gz'),
      onRecord,
      limits,
      prefilter,
    );
  }
  const result =
    bytes.length > 0
      ? await readTrailBuffer(bytes, onRecord, limits, prefilter)
      : { records: 0, problems: [] };
  const cause = got.error instanceof Error ? got.error.message : String(got.error);
  result.problems.push({
    reason: `unreadable: ${cause} (download cut short after ${formatBytes(bytes.length)})`,
    records: 0,
  });
  return result;
}

/** The object's body, or undefined when it was recorded as skipped (gone since listing). */
async function getObject(ctx: ReadContext, key: string, name: string): Promise<Readable | undefined> {
  const body = await (await ctx.direct)?.get(key);
  if (body) return body;
  const { GetObjectCommand } = sdk('@aws-sdk/client-s3');
  try {
    const out = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.loc.bucket, Key: key }));
    if (!out.Body) throw new Error('response has no body');
    return out.Body as Readable;
  } catch (e) {
    const code = errorCode(e);
    // Refused, or failing for every object alike (credentials expired mid-scan, the network
    // gone after the SDK's retries): stop, rather than count the rest as unreadable.
    if (denied(code) || explainSdkError(e) !== undefined) {
      throw translate(e, 's3:GetObject (and kms:Decrypt for SSE-KMS trails)', name);
    }
    recordSkipped(ctx.acc, name, `unreadable: ${code ?? (e as Error).message}`, 0);
    ctx.acc.stats.files++;
    return undefined;
  }
}

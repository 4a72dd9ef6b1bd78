import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { EventCatalog } from '../catalog/map-event.js';
import { IamtrimError } from '../errors/iamtrim-error.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { createDayUsage, mergeDayUsage, type DayUsage } from '../usage/day-usage.js';
import { mergeUsage } from '../usage/merge-usage.js';
import { createUsageAccumulator, recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import { expandPaths } from './expand-paths.js';
import type { ReadLimits } from './read-trail-file.js';
import { scanFile, scanFileByDay, scanInto, scanStdin } from './scan-file.js';
import {
  createScanWorkerPool,
  type InlineScan,
  type ScanWorkerPool,
  type ScanWorkerResult,
} from './scan-worker-pool.js';

export interface ScanProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly records: number;
}

export interface ScanOptions {
  readonly aggregate: AggregateOptions;
  /** Maps events to actions in this thread (worker threads build their own). */
  readonly catalog: EventCatalog;
  readonly limits?: ReadLimits;
  /**
   * Scanning threads; default: one per core. This thread is one of them (it would only
   * wait otherwise), so N starts N - 1 workers; 1 scans in this thread alone.
   */
  readonly workers?: number;
  readonly onProgress?: (p: ScanProgress) => void;
}

/** Below this much input, starting workers costs more than it saves. */
export const INLINE_BYTES = 4 * 1024 * 1024;

/**
 * Scans local CloudTrail files (and stdin) into one usage accumulator. Files are
 * decompressed and parsed on worker threads, largest first, each worker keeping its own
 * accumulator; the results are merged at the end, so memory depends on the number of
 * distinct principals and actions, not on the size of the input.
 */
export async function scanTrail(inputs: readonly string[], options: ScanOptions): Promise<UsageAccumulator> {
  checkWorkers(options);
  const acc = createUsageAccumulator();
  const thisThread = createInlineScan({ kind: 'usage', acc }, options);
  const early = startEarly(inputs, options, false, thisThread);
  const { files, stdin } = await expandInputs(inputs, acc);
  const limit = options.aggregate.maxResourcesPerAction;
  const catalog = options.catalog;
  if (stdin) await scanStdin(acc, catalog, options.aggregate, options.limits);

  const { inline, count, workerFile } = planWorkers(files, options);
  if (inline) {
    await early?.abort();
    let records = 0;
    for (const [i, f] of files.entries()) {
      records += await scanFile(f.path, acc, catalog, options.aggregate, options.limits);
      options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, records });
    }
    return acc;
  }
  const ordered = [...files].sort((a, b) => b.size - a.size);
  const pool = early ?? createPool(workerFile, count, options, false, thisThread);
  const results = await runWorkers(pool, ordered, options);
  for (const r of results) if (r.type === 'result') mergeUsage(acc, r.acc, limit);
  return acc;
}

/**
 * `scanTrail` split by the UTC day of each record's `eventTime` (see `DayUsage`), through
 * the same workers, for drift's per-day state. Standard input is refused: a run that
 * cannot tell what it read before would count it twice.
 */
export async function scanTrailByDay(inputs: readonly string[], options: ScanOptions): Promise<DayUsage> {
  checkWorkers(options);
  const usage = createDayUsage();
  const early = startEarly(inputs, options, true, createInlineScan({ kind: 'days', usage }, options));
  const { files, stdin } = await expandInputs(inputs, usage.undated);
  if (stdin) {
    await early?.abort();
    throw new IamtrimError('usage', 'standard input (-) cannot be read incrementally: give files');
  }
  return scanFilesByDay(files, options, usage, early);
}

/** `scanTrailByDay` over files already listed (e.g. the new ones `selectNewFiles` chose). */
export async function scanFilesByDay(
  files: readonly { path: string; size: number }[],
  options: ScanOptions,
  usage: DayUsage = createDayUsage(),
  early?: ScanWorkerPool,
): Promise<DayUsage> {
  checkWorkers(options);
  const { inline, count, workerFile } = planWorkers(files, options);
  if (inline) {
    await early?.abort();
    let records = 0;
    for (const [i, f] of files.entries()) {
      records += await scanFileByDay(f.path, usage, options.catalog, options.aggregate, options.limits);
      options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, records });
    }
    return usage;
  }
  const ordered = [...files].sort((a, b) => b.size - a.size);
  const pool =
    early ?? createPool(workerFile, count, options, true, createInlineScan({ kind: 'days', usage }, options));
  const results = await runWorkers(pool, ordered, options);
  const limit = options.aggregate.maxResourcesPerAction;
  for (const r of results) if (r.type === 'day-result') mergeDayUsage(usage, r.usage, limit);
  return usage;
}

function checkWorkers(options: ScanOptions): void {
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1))
    // A fractional count started one worker more than it waited for: the scan never ended.
    throw new IamtrimError(
      'internal',
      `workers must be a whole number of at least 1, not ${options.workers}`,
    );
}

/** The files the inputs name; unusable paths are recorded in `acc.skipped`. */
async function expandInputs(
  inputs: readonly string[],
  acc: UsageAccumulator,
): Promise<{ files: { path: string; size: number }[]; stdin: boolean }> {
  const files: { path: string; size: number }[] = [];
  let stdin = false;
  for (const e of await expandPaths(inputs)) {
    if (e.kind === 'file') files.push(e);
    else if (e.kind === 'stdin') stdin = true;
    else recordSkipped(acc, e.path, e.reason, 0);
  }
  return { files, stdin };
}

function planWorkers(
  files: readonly { size: number }[],
  options: Pick<ScanOptions, 'workers'>,
): { inline: boolean; count: number; workerFile: string } {
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const workerFile = scanWorkerFile();
  const count = Math.min(options.workers ?? availableParallelism(), files.length);
  // An explicit worker count is honoured even for small inputs.
  const small = options.workers === undefined && totalBytes < INLINE_BYTES;
  return { inline: count <= 1 || small || workerFile === undefined, count, workerFile: workerFile ?? '' };
}

/**
 * The compiled worker's path: its bundle (quicker to start) or else the module, or undefined
 * when running from TypeScript sources (tests), where there is none and the scan runs inline.
 * Found from `../sources/` so the same path holds from dist/sources and from the CLI's bundle
 * in dist/cli.
 */
export function scanWorkerFile(): string | undefined {
  for (const name of ['scan-worker.bundle.js', 'scan-worker.js']) {
    const file = fileURLToPath(new URL(`../sources/${name}`, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * The scan's threads when a folder is to be listed: started before the listing, which then
 * hides the ~130 ms a worker takes to start (a trail's 750 files in 270 folders take about
 * as long to list). When the files turn out too few to share, the caller aborts it.
 */
function startEarly(
  inputs: readonly string[],
  options: ScanOptions,
  byDay: boolean,
  inline: InlineScan,
): ScanWorkerPool | undefined {
  return inputs.some(isDirectory) ? startPool(options, byDay, inline) : undefined;
}

/**
 * The scan's threads (this one and `count - 1` workers) started before the inputs are
 * known; undefined when this thread will read alone whatever they hold.
 */
export function startPool(
  options: Pick<ScanOptions, 'aggregate' | 'limits' | 'workers'>,
  byDay: boolean,
  inline: InlineScan,
  workerDepth?: number,
): ScanWorkerPool | undefined {
  const workerFile = scanWorkerFile();
  const count = options.workers ?? availableParallelism();
  return count > 1 && workerFile !== undefined
    ? createPool(workerFile, count, options, byDay, inline, workerDepth)
    : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // the listing reports it
  }
}

/**
 * `count` threads: this one (through `inline`) and `count - 1` workers, each holding up to
 * `workerDepth` inputs (see `WORKER_DEPTH`).
 */
export function createPool(
  workerFile: string,
  count: number,
  options: Pick<ScanOptions, 'aggregate' | 'limits'>,
  byDay: boolean,
  inline: InlineScan,
  workerDepth?: number,
): ScanWorkerPool {
  return createScanWorkerPool(
    workerFile,
    count,
    {
      aggregate: options.aggregate,
      ...(options.limits ? { limits: options.limits } : {}),
      byDay,
    },
    inline,
    undefined,
    workerDepth,
  );
}

/**
 * Reads the files on the pool's threads (largest first, so the longest does not start
 * last), reporting progress as each is done, and returns every worker's result.
 */
async function runWorkers(
  pool: ScanWorkerPool,
  files: readonly { path: string }[],
  options: ScanOptions,
): Promise<ScanWorkerResult[]> {
  let filesDone = 0;
  let records = 0;
  const reads = files.map((f) =>
    pool.submit({ type: 'file', path: f.path }).then((n) => {
      filesDone++;
      records += n;
      options.onProgress?.({ filesDone, filesTotal: files.length, records });
    }),
  );
  // Every read settles (rejected alike when the pool fails), so none is left unhandled.
  const [, results] = await Promise.all([Promise.allSettled(reads), pool.finish()]);
  return results;
}

/** Where this thread's share of a threaded scan goes: an accumulator, or usage by day. */
export type InlineTarget =
  | { readonly kind: 'usage'; readonly acc: UsageAccumulator }
  | { readonly kind: 'days'; readonly usage: DayUsage };

/**
 * Reads a scan job in this thread, exactly as a worker would (`scan-worker.ts`), into the
 * caller's own accumulator: this thread is one of the scan's threads.
 */
export function createInlineScan(
  target: InlineTarget,
  options: Pick<ScanOptions, 'aggregate' | 'catalog' | 'limits'>,
): InlineScan {
  const { aggregate, catalog, limits } = options;
  const into = target.kind === 'days' ? target.usage : target.acc;
  return (job) =>
    job.type === 'bytes'
      ? scanInto({ bytes: Buffer.from(job.bytes) }, job.name, into, catalog, aggregate, limits)
      : scanInto({ path: job.path }, job.name ?? job.path, into, catalog, aggregate, limits);
}

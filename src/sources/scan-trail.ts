import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventCatalog } from '../catalog/map-event.js';
import { IamtrimError } from '../errors/iamtrim-error.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { createDayUsage, mergeDayUsage, type DayUsage } from '../usage/day-usage.js';
import { mergeUsage } from '../usage/merge-usage.js';
import { createUsageAccumulator, recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import { expandPaths } from './expand-paths.js';
import type { ReadLimits } from './read-trail-file.js';
import { scanFile, scanFileByDay, scanStdin } from './scan-file.js';
import type { FromWorker, ScanWorkerData, ToWorker } from './scan-worker.js';

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
  /** Worker threads; default: one per core. 1 scans in this thread. */
  readonly workers?: number;
  readonly onProgress?: (p: ScanProgress) => void;
}

// Below this much input, starting workers costs more than it saves.
const INLINE_BYTES = 4 * 1024 * 1024;

/**
 * Scans local CloudTrail files (and stdin) into one usage accumulator. Files are
 * decompressed and parsed on worker threads, largest first, each worker keeping its own
 * accumulator; the results are merged at the end, so memory depends on the number of
 * distinct principals and actions, not on the size of the input.
 */
export async function scanTrail(inputs: readonly string[], options: ScanOptions): Promise<UsageAccumulator> {
  checkWorkers(options);
  const acc = createUsageAccumulator();
  const { files, stdin } = await expandInputs(inputs, acc);
  const limit = options.aggregate.maxResourcesPerAction;
  const catalog = options.catalog;
  if (stdin) await scanStdin(acc, catalog, options.aggregate, options.limits);

  const { inline, count, workerFile } = planWorkers(files, options);
  if (inline) {
    let records = 0;
    for (const [i, f] of files.entries()) {
      records += await scanFile(f.path, acc, catalog, options.aggregate, options.limits);
      options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, records });
    }
    return acc;
  }
  const ordered = [...files].sort((a, b) => b.size - a.size);
  const results = await runWorkers(workerFile, count, ordered, options, false);
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
  const { files, stdin } = await expandInputs(inputs, usage.undated);
  if (stdin) throw new IamtrimError('usage', 'standard input (-) cannot be read incrementally: give files');
  return scanFilesByDay(files, options, usage);
}

/** `scanTrailByDay` over files already listed (e.g. the new ones `selectNewFiles` chose). */
export async function scanFilesByDay(
  files: readonly { path: string; size: number }[],
  options: ScanOptions,
  usage: DayUsage = createDayUsage(),
): Promise<DayUsage> {
  checkWorkers(options);
  const { inline, count, workerFile } = planWorkers(files, options);
  if (inline) {
    let records = 0;
    for (const [i, f] of files.entries()) {
      records += await scanFileByDay(f.path, usage, options.catalog, options.aggregate, options.limits);
      options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, records });
    }
    return usage;
  }
  const ordered = [...files].sort((a, b) => b.size - a.size);
  const results = await runWorkers(workerFile, count, ordered, options, true);
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
  options: ScanOptions,
): { inline: boolean; count: number; workerFile: string } {
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const workerFile = fileURLToPath(new URL('./scan-worker.js', import.meta.url));
  const count = Math.min(options.workers ?? availableParallelism(), files.length);
  // Running from TypeScript sources (tests) there is no compiled worker: scan inline.
  // An explicit worker count is honoured even for small inputs.
  const small = options.workers === undefined && totalBytes < INLINE_BYTES;
  return { inline: count <= 1 || small || !existsSync(workerFile), count, workerFile };
}

type WorkerResult = Extract<FromWorker, { type: 'result' | 'day-result' }>;

function runWorkers(
  workerFile: string,
  count: number,
  files: readonly { path: string }[],
  options: ScanOptions,
  byDay: boolean,
): Promise<WorkerResult[]> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let filesDone = 0;
    let records = 0;
    let failed = false;
    const results: WorkerResult[] = [];
    const workers: Worker[] = [];
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(new IamtrimError('internal', `scan worker failed: ${(e as Error).message ?? e}`, { cause: e }));
    };
    const feed = (w: Worker): void => {
      const file = files[next++];
      w.postMessage((file ? { type: 'file', path: file.path } : { type: 'finish' }) satisfies ToWorker);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerFile, {
        workerData: { aggregate: options.aggregate, limits: options.limits, byDay } satisfies ScanWorkerData,
      });
      workers.push(w);
      w.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') feed(w);
        else if (msg.type === 'done') {
          filesDone++;
          records += msg.records;
          options.onProgress?.({ filesDone, filesTotal: files.length, records });
          feed(w);
        } else if (msg.type === 'result' || msg.type === 'day-result') {
          results.push(msg);
          if (results.length === count) resolve(results);
        }
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0 && results.length < count) fail(new Error(`worker exited with code ${code}`));
      });
    }
  });
}

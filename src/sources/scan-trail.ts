import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventCatalog } from '../catalog/map-event.js';
import { IamtrimError } from '../errors/iamtrim-error.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { mergeUsage } from '../usage/merge-usage.js';
import { createUsageAccumulator, recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import { expandPaths } from './expand-paths.js';
import type { ReadLimits } from './read-trail-file.js';
import { scanFile, scanStdin } from './scan-file.js';
import type { FromWorker, ToWorker } from './scan-worker.js';

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
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1))
    // A fractional count started one worker more than it waited for: the scan never ended.
    throw new IamtrimError(
      'internal',
      `workers must be a whole number of at least 1, not ${options.workers}`,
    );
  const acc = createUsageAccumulator();
  const expanded = await expandPaths(inputs);
  const files: { path: string; size: number }[] = [];
  let stdin = false;
  for (const e of expanded) {
    if (e.kind === 'file') files.push(e);
    else if (e.kind === 'stdin') stdin = true;
    else recordSkipped(acc, e.path, e.reason, 0);
  }
  const limit = options.aggregate.maxResourcesPerAction;
  const catalog = options.catalog;
  if (stdin) await scanStdin(acc, catalog, options.aggregate, options.limits);

  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const workerFile = fileURLToPath(new URL('./scan-worker.js', import.meta.url));
  const wanted = Math.min(options.workers ?? availableParallelism(), files.length);
  // Running from TypeScript sources (tests) there is no compiled worker: scan inline.
  // An explicit worker count is honoured even for small inputs.
  const small = options.workers === undefined && totalBytes < INLINE_BYTES;
  const inline = wanted <= 1 || small || !existsSync(workerFile);
  if (inline) {
    let records = 0;
    for (const [i, f] of files.entries()) {
      records += await scanFile(f.path, acc, catalog, options.aggregate, options.limits);
      options.onProgress?.({ filesDone: i + 1, filesTotal: files.length, records });
    }
    return acc;
  }
  const ordered = [...files].sort((a, b) => b.size - a.size);
  const results = await runWorkers(workerFile, wanted, ordered, options);
  for (const r of results) mergeUsage(acc, r, limit);
  return acc;
}

function runWorkers(
  workerFile: string,
  count: number,
  files: readonly { path: string }[],
  options: ScanOptions,
): Promise<UsageAccumulator[]> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let filesDone = 0;
    let records = 0;
    let failed = false;
    const results: UsageAccumulator[] = [];
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
        workerData: { aggregate: options.aggregate, limits: options.limits },
      });
      workers.push(w);
      w.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') feed(w);
        else if (msg.type === 'done') {
          filesDone++;
          records += msg.records;
          options.onProgress?.({ filesDone, filesTotal: files.length, records });
          feed(w);
        } else if (msg.type === 'result') {
          results.push(msg.acc);
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

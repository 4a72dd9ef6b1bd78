import { Worker, type ResourceLimits } from 'node:worker_threads';
import { IamtrimError } from '../errors/iamtrim-error.js';
import type { FromWorker, ScanWorkerData, ToWorker } from './scan-worker.js';

/** What a worker hands back at the end: its whole accumulator (or per-day usage). */
export type ScanWorkerResult = Extract<FromWorker, { type: 'result' | 'day-result' }>;

/** One input for a worker: a local file, or an object's bytes (moved, not copied). */
export type ScanJob = Extract<ToWorker, { type: 'file' | 'bytes' }>;

/**
 * Scan worker threads fed from a queue. The caller submits inputs as it has them (a list of
 * files at once, or S3 objects as they are downloaded) and learns when each is read; at the
 * end `finish` collects every worker's accumulator for merging.
 */
export interface ScanWorkerPool {
  /** Queues an input; resolves with its record count once a worker has read it. */
  submit(job: ScanJob): Promise<number>;
  /** No more inputs: resolves with every worker's result once the queue is drained. */
  finish(): Promise<ScanWorkerResult[]>;
  /** Stops every worker at once (after a failure elsewhere); pending inputs are dropped. */
  abort(): Promise<void>;
}

interface Pending {
  readonly job: ScanJob;
  readonly resolve: (records: number) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Starts `count` scan workers from `workerFile`. A worker that fails or dies (out of memory
 * under `resourceLimits`, a crash) fails the whole scan with an error naming the input it
 * was reading: losing its accumulator silently would make used permissions look unused.
 */
export function createScanWorkerPool(
  workerFile: string,
  count: number,
  data: ScanWorkerData,
  resourceLimits?: ResourceLimits,
): ScanWorkerPool {
  const queue: Pending[] = [];
  const idle: Worker[] = [];
  const current = new Map<Worker, Pending | undefined>();
  const results: ScanWorkerResult[] = [];
  const workers: Worker[] = [];
  let finishing = false;
  let failure: IamtrimError | undefined;
  let settle: { resolve: (r: ScanWorkerResult[]) => void; reject: (e: unknown) => void } | undefined;

  const fail = (worker: Worker | undefined, e: unknown): void => {
    if (failure) return;
    const reading = worker ? current.get(worker)?.job : undefined;
    const what = reading ? ` while reading ${nameOf(reading)}` : '';
    failure = new IamtrimError('internal', `scan worker failed${what}: ${(e as Error).message ?? e}`, {
      cause: e,
    });
    for (const w of workers) void w.terminate();
    for (const p of current.values()) p?.reject(failure);
    for (const p of queue.splice(0)) p.reject(failure);
    settle?.reject(failure);
  };

  const dispatch = (): void => {
    while (idle.length > 0 && (queue.length > 0 || finishing)) {
      const w = idle.pop() as Worker;
      const next = queue.shift();
      current.set(w, next);
      if (!next) w.postMessage({ type: 'finish' } satisfies ToWorker);
      else if (next.job.type === 'bytes') w.postMessage(next.job, [next.job.bytes]);
      else w.postMessage(next.job);
    }
  };

  for (let i = 0; i < count; i++) {
    const w = new Worker(workerFile, {
      workerData: data,
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    workers.push(w);
    w.on('message', (msg: FromWorker) => {
      if (msg.type === 'done') current.get(w)?.resolve(msg.records);
      if (msg.type === 'ready' || msg.type === 'done') {
        current.set(w, undefined);
        idle.push(w);
        dispatch();
      } else {
        results.push(msg);
        if (results.length === count) settle?.resolve(results);
      }
    });
    w.on('error', (e) => fail(w, e));
    w.on('exit', (code) => {
      if (code !== 0 && results.length < count) fail(w, new Error(`worker exited with code ${code}`));
    });
  }

  return {
    submit(job) {
      if (failure) return Promise.reject(failure);
      return new Promise<number>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        dispatch();
      });
    },
    finish() {
      return new Promise<ScanWorkerResult[]>((resolve, reject) => {
        if (failure) return reject(failure);
        settle = { resolve, reject };
        finishing = true;
        if (results.length === count) resolve(results);
        else dispatch();
      });
    },
    async abort() {
      failure ??= new IamtrimError('internal', 'scan stopped');
      for (const p of queue.splice(0)) p.reject(failure);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function nameOf(job: ScanJob): string {
  return job.type === 'bytes' ? job.name : (job.name ?? job.path);
}

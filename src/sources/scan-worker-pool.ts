import { Worker, type ResourceLimits } from 'node:worker_threads';
import { IamtrimError } from '../errors/iamtrim-error.js';
import type { FromWorker, ScanWorkerData, ToWorker } from './scan-worker.js';

/** What a worker hands back at the end: its whole accumulator (or per-day usage). */
export type ScanWorkerResult = Extract<FromWorker, { type: 'result' | 'day-result' }>;

/** One input for a worker: a local file, or an object's bytes (moved, not copied). */
export type ScanJob = Extract<ToWorker, { type: 'file' | 'bytes' }>;

/**
 * Scanning threads fed from one queue. The caller submits inputs as it has them (a list of
 * files at once, or S3 objects as they are downloaded) and learns when each is read; at the
 * end `finish` collects every worker's accumulator for merging.
 */
export interface ScanWorkerPool {
  /** Queues an input; resolves with its record count once it has been read. */
  submit(job: ScanJob): Promise<number>;
  /** No more inputs: resolves with every worker's result once the queue is drained. */
  finish(): Promise<ScanWorkerResult[]>;
  /** Stops every worker at once (after a failure elsewhere); pending inputs are dropped. */
  abort(): Promise<void>;
}

/**
 * Reads a job in the calling thread, into the caller's own accumulator (so it has no
 * result to hand back).
 */
export type InlineScan = (job: ScanJob) => Promise<number>;

/**
 * A worker's heap bound. Below V8's default (4 GB here) the heap is kept nearer its live size
 * (V8 lets it grow to up to 4 times that with a large bound), and a worker's live data is
 * small (its accumulator was 10 MB after 1.2M events). Measured with two threads, all roles:
 * at 4× the bench corpus peak RSS 222 MB at 1 GB, 251 MB at 2 GB, 255 MB at 4 GB; at 1.7M
 * records 263 MB at 2 GB. 2 GB keeps twice the room of 1 GB for a large account's usage,
 * within the 300 MB the speed issue sets; a worker that still reaches it dies, and the scan
 * fails naming the input it was reading.
 */
export const scanWorkerLimits: ResourceLimits = { maxOldGenerationSizeMb: 2048 };

interface Pending {
  readonly job: ScanJob;
  readonly resolve: (records: number) => void;
  readonly reject: (e: unknown) => void;
}

/** A scanning thread: a worker, or this thread when the pool scans inline too. */
type Slot = Worker | 'this thread';

/**
 * Inputs a worker holds at once by default: the one it reads and the next. With one, a
 * worker that finished an input waited for this thread to send another, which it could do
 * only between its own inputs: the worker sat idle 28% of a two-thread scan.
 */
const WORKER_DEPTH = 2;

/**
 * Starts `threads` scanning threads. With `inline`, this thread is one of them and only
 * `threads - 1` workers start: it would otherwise sit idle while they work, and every
 * worker isolate costs its own heap (about 90 MB at the bench corpus), so this keeps the
 * same parallelism for one isolate less. A worker that fails or dies (a crash, out of
 * memory) fails the whole scan with an error naming the input it was reading: losing its
 * accumulator silently would make used permissions look unused.
 */
export function createScanWorkerPool(
  workerFile: string,
  threads: number,
  data: ScanWorkerData,
  inline?: InlineScan,
  resourceLimits: ResourceLimits = scanWorkerLimits,
  workerDepth: number = WORKER_DEPTH,
): ScanWorkerPool {
  const queue: Pending[] = [];
  // Each thread's inputs in the order it reads them; a worker reads them one at a time.
  const inFlight = new Map<Slot, Pending[]>();
  const finished = new Set<Slot>();
  const results: ScanWorkerResult[] = [];
  const workers: Worker[] = [];
  const workerCount = inline ? threads - 1 : threads;
  let inlineDone = !inline;
  let finishing = false;
  let failure: IamtrimError | undefined;
  let settle: { resolve: (r: ScanWorkerResult[]) => void; reject: (e: unknown) => void } | undefined;

  const fail = (slot: Slot | undefined, e: unknown): void => {
    if (failure) return;
    const reading = slot ? inFlight.get(slot)?.[0]?.job : undefined;
    const what = reading ? ` while reading ${nameOf(reading)}` : '';
    const who = slot === 'this thread' ? 'scan' : 'scan worker';
    // A worker past its heap bound (`scanWorkerLimits`): this thread alone has Node's own.
    const hint =
      (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? " (--workers 1 reads it in this thread, without the workers' bound)"
        : '';
    failure = new IamtrimError('internal', `${who} failed${what}: ${(e as Error).message ?? e}${hint}`, {
      cause: e,
    });
    for (const w of workers) void w.terminate();
    for (const pending of inFlight.values()) for (const p of pending.splice(0)) p.reject(failure);
    for (const p of queue.splice(0)) p.reject(failure);
    settle?.reject(failure);
  };
  const checkDone = (): void => {
    if (results.length === workerCount && inlineDone) settle?.resolve(results);
  };

  const readInline = (next: Pending): void => {
    // After the event loop's turn: workers' messages are answered between inputs.
    setImmediate(() => {
      (inline as InlineScan)(next.job).then(
        (n) => {
          inFlight.get('this thread')?.shift();
          next.resolve(n);
          dispatch();
        },
        (e: unknown) => fail('this thread', e),
      );
    });
  };

  const dispatch = (): void => {
    for (const [slot, pending] of inFlight) {
      const depth = slot === 'this thread' ? 1 : workerDepth;
      while (!failure && pending.length < depth && queue.length > 0) {
        const next = queue.shift() as Pending;
        pending.push(next);
        if (slot === 'this thread') readInline(next);
        else if (next.job.type === 'bytes') slot.postMessage(next.job, [next.job.bytes]);
        else slot.postMessage(next.job);
      }
      if (failure || !finishing || queue.length > 0 || pending.length > 0 || finished.has(slot)) continue;
      finished.add(slot);
      if (slot === 'this thread') {
        inlineDone = true;
        checkDone();
      } else slot.postMessage({ type: 'finish' } satisfies ToWorker);
    }
  };

  for (let i = 0; i < workerCount; i++) {
    const w = new Worker(workerFile, { workerData: data, resourceLimits });
    workers.push(w);
    inFlight.set(w, []);
    w.on('message', (msg: FromWorker) => {
      if (msg.type === 'done') {
        inFlight.get(w)?.shift()?.resolve(msg.records);
        dispatch();
      } else {
        results.push(msg);
        checkDone();
      }
    });
    w.on('error', (e) => fail(w, e));
    w.on('exit', (code) => {
      if (code !== 0 && results.length < workerCount) fail(w, new Error(`worker exited with code ${code}`));
    });
  }

  // Workers are offered inputs first: this thread takes one only when they hold all they
  // can, so that when inputs arrive one at a time (S3 downloads, which this thread also
  // answers) the workers are not left waiting while it reads.
  if (inline) inFlight.set('this thread', []);

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
        dispatch();
        checkDone();
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

// Worker thread for the scan: reads inputs one at a time (a file's path, or an S3
// object's bytes moved to it), aggregates them into its own accumulator, and hands the
// accumulator back when told to finish.
import { parentPort, workerData } from 'node:worker_threads';
import { createEventCatalog } from '../catalog/create-event-catalog.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { createDayUsage, type DayUsage } from '../usage/day-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from '../usage/usage-accumulator.js';
import type { ReadLimits } from './read-trail-file.js';
import { scanInto } from './scan-file.js';

/**
 * A file to read (problems named `name`, default the path), an object's bytes (sent in the
 * transfer list, so they move rather than copy; problems named `name`), or the end.
 */
export type ToWorker =
  | { type: 'file'; path: string; name?: string }
  | { type: 'bytes'; name: string; bytes: ArrayBuffer }
  | { type: 'finish' };
export type FromWorker =
  | { type: 'done'; records: number }
  | { type: 'result'; acc: UsageAccumulator }
  | { type: 'day-result'; usage: DayUsage };

/** What the scan hands a worker; `byDay` splits its usage by UTC day. */
export interface ScanWorkerData {
  readonly aggregate: AggregateOptions;
  readonly limits?: ReadLimits;
  readonly byDay?: boolean;
}

const port = parentPort;
if (port) {
  const { aggregate, limits, byDay } = workerData as ScanWorkerData;
  // A thread of its own: the caller's catalog (class instances) cannot cross, so it builds one.
  const catalog = createEventCatalog();
  const acc = createUsageAccumulator();
  const days = byDay ? createDayUsage() : undefined;
  const into = days ?? acc;
  const scan = (msg: Exclude<ToWorker, { type: 'finish' }>): Promise<number> =>
    msg.type === 'bytes'
      ? scanInto({ bytes: Buffer.from(msg.bytes) }, msg.name, into, catalog, aggregate, limits)
      : scanInto({ path: msg.path }, msg.name ?? msg.path, into, catalog, aggregate, limits);
  // Inputs are read one at a time, in the order sent: the pool sends the next before this
  // one is done, and counts each `done` against the oldest input it sent.
  let reading: Promise<void> = Promise.resolve();
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'finish') {
      if (process.env.IAMTRIM_WORKER_MEMORY === '1') reportMemory();
      port.postMessage(
        (days ? { type: 'day-result', usage: days } : { type: 'result', acc }) satisfies FromWorker,
      );
      port.close();
      return;
    }
    // A failed read is thrown out of the worker: the pool fails the scan naming the input.
    reading = reading.then(() =>
      scan(msg).then((records) => port.postMessage({ type: 'done', records } satisfies FromWorker)),
    );
  });
}

/** `IAMTRIM_WORKER_MEMORY=1`: where a worker's memory went, on stderr, to tune limits. */
function reportMemory(): void {
  const m = process.memoryUsage();
  const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
  process.stderr.write(
    `scan worker: heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}, process RSS ${mb(m.rss)}\n`,
  );
}

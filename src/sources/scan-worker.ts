// Worker thread for the scan: asks for files one at a time, aggregates them into its own
// accumulator, and hands the accumulator back when told to finish.
import { parentPort, workerData } from 'node:worker_threads';
import { createEventCatalog } from '../catalog/create-event-catalog.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { createDayUsage, type DayUsage } from '../usage/day-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from '../usage/usage-accumulator.js';
import type { ReadLimits } from './read-trail-file.js';
import { scanFile, scanFileByDay } from './scan-file.js';

export type ToWorker = { type: 'file'; path: string } | { type: 'finish' };
export type FromWorker =
  | { type: 'ready' }
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
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'finish') {
      port.postMessage(
        (days ? { type: 'day-result', usage: days } : { type: 'result', acc }) satisfies FromWorker,
      );
      port.close();
      return;
    }
    (days
      ? scanFileByDay(msg.path, days, catalog, aggregate, limits)
      : scanFile(msg.path, acc, catalog, aggregate, limits)
    ).then(
      (records) => port.postMessage({ type: 'done', records } satisfies FromWorker),
      (e: unknown) => {
        throw e;
      },
    );
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

import { availableParallelism } from 'node:os';
import { INLINE_BYTES, scanWorkerFile } from './scan-trail.js';

export type S3WorkerPlan<T> =
  | { readonly kind: 'inline'; readonly objects: AsyncIterable<T> }
  | {
      readonly kind: 'workers';
      readonly objects: AsyncIterable<T>;
      readonly count: number;
      readonly workerFile: string;
    };

/**
 * Workers or this thread? Without an explicit count, the listing is read ahead until the
 * objects pass `INLINE_BYTES` (then workers) or it ends (a small window: this thread), the
 * same rule as local files; the objects read ahead are handed on first.
 */
export async function planS3Workers<T extends { readonly size?: number | undefined }>(
  listing: AsyncGenerator<T>,
  workers: number | undefined,
): Promise<S3WorkerPlan<T>> {
  const workerFile = scanWorkerFile();
  const count = workers ?? availableParallelism();
  if (count <= 1 || workerFile === undefined) return { kind: 'inline', objects: listing };
  const ahead: T[] = [];
  let bytes = 0;
  let ended = false;
  if (workers === undefined) {
    while (bytes < INLINE_BYTES) {
      const n = await listing.next();
      if (n.done) {
        ended = true;
        break;
      }
      ahead.push(n.value);
      bytes += n.value.size ?? 0;
    }
  }
  async function* objects(): AsyncGenerator<T> {
    yield* ahead.splice(0);
    if (!ended) yield* listing;
  }
  if (ended) return { kind: 'inline', objects: objects() };
  return { kind: 'workers', objects: objects(), count, workerFile };
}

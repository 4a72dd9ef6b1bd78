import { Readable } from 'node:stream';
import { isGzip } from './read-trail-file.js';

/**
 * Tells gzip from plain JSON by the first bytes (falling back to the key's suffix when the
 * first chunk is tiny), and hands on a stream that still starts with them. Iterating keeps
 * errors flowing to the reader, which reports them as the object's problem.
 */
export async function peekGzip(body: Readable, key: string): Promise<{ stream: Readable; gzip: boolean }> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (e) {
    return { stream: failedStream(e), gzip: key.endsWith('.gz') };
  }
  if (first.done) return { stream: Readable.from([]), gzip: false };
  const head = first.value;
  const gzip = head.length >= 2 ? isGzip(head) : key.endsWith('.gz');
  async function* all(): AsyncGenerator<Buffer> {
    try {
      yield head;
      for (let n = await chunks.next(); !n.done; n = await chunks.next()) yield n.value;
    } finally {
      body.destroy();
    }
  }
  return { stream: Readable.from(all(), { objectMode: false }), gzip };
}

/** A stream that fails with `e` as soon as it is read. */
export function failedStream(e: unknown): Readable {
  const stream = new Readable({ read: () => undefined });
  process.nextTick(() => stream.destroy(e as Error));
  return stream;
}

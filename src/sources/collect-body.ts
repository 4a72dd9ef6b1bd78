import type { Readable } from 'node:stream';

/**
 * An object's whole body in one fresh buffer of its own, which can be moved to a worker
 * (a chunk from Node's shared pool cannot), and the error that cut it short, if any. Past
 * `maxBytes` the download stops with an error and the bytes before it.
 */
export async function collectBody(
  body: Readable,
  maxBytes = Infinity,
): Promise<{ bytes: Uint8Array; error: unknown }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let error: unknown;
  try {
    for await (const c of body as AsyncIterable<Buffer>) {
      if (total + c.length > maxBytes) {
        error = new Error(`body over ${maxBytes} bytes`);
        break;
      }
      chunks.push(c);
      total += c.length;
    }
  } catch (e) {
    error = e ?? new Error('download failed');
  } finally {
    body.destroy();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, error };
}

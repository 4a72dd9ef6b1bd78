import { closeSync, constants, openSync, readSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a named pipe may go without a writer before it is skipped. */
export const FIFO_WRITER_WAIT_MS = 60_000;

// How often a pipe with no writer yet is asked again.
const POLL_MS = 50;

export type FifoOpen = { readonly kind: 'open'; readonly stream: Readable } | { readonly kind: 'no-writer' };

/**
 * Opens a named pipe without blocking. A plain open() of a FIFO waits, for ever and
 * uninterruptibly in the thread pool, until something opens it for writing; here the pipe is
 * opened non-blocking and asked until a writer shows up (data, or "nothing yet"), for at most
 * `waitMs`. From then on libuv waits on it like a socket, and the writer's close is the end.
 */
export async function openFifo(path: string, waitMs: number = FIFO_WRITER_WAIT_MS): Promise<FifoOpen> {
  // Non-blocking: returns at once, writer or not. Each read below returns at once too.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const deadline = Date.now() + waitMs;
  const buf = Buffer.allocUnsafe(64 * 1024);
  try {
    for (;;) {
      const got = readNow(fd, buf);
      if (got === 'idle') return { kind: 'open', stream: pipeStream(fd, undefined) };
      if (got > 0) return { kind: 'open', stream: pipeStream(fd, Buffer.from(buf.subarray(0, got))) };
      // 0 bytes: Linux reports end of file while no writer has opened the pipe.
      if (Date.now() >= deadline) {
        closeSync(fd);
        return { kind: 'no-writer' };
      }
      await sleep(POLL_MS);
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Bytes read, 0 at end of file (or no writer yet), or 'idle' when a writer has not written yet. */
function readNow(fd: number, buf: Buffer): number | 'idle' {
  try {
    return readSync(fd, buf, 0, buf.length, null);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 'idle';
    throw e;
  }
}

/** The rest of the pipe, once a writer is known to be there; the socket owns `fd` from here. */
function pipeStream(fd: number, first: Buffer | undefined): Readable {
  const socket = new Socket({ fd, readable: true, writable: false });
  if (first) socket.unshift(first);
  return socket;
}

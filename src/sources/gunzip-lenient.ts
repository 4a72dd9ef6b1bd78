import { Transform, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';
import { constants, createInflateRaw, inflateRawSync, type InflateRaw } from 'node:zlib';
import { formatBytes } from './format-bytes.js';
import { gunzipNative } from './inflate-native.js';

/** Decompressed bytes, and what was wrong with the gzip data if anything. */
export interface LenientGunzip {
  readonly data: Buffer;
  /** Damage found: a cut, corrupt data, a CRC mismatch, trailing garbage. */
  readonly damage: string | undefined;
}

// zlib.crc32 arrived in Node 20.15; on older 20.x the CRC is not checked.
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const FHCRC = 2;

/**
 * Gunzips a whole buffer the way `zcat` does: every member in turn, keeping what
 * decompressed before any damage (a truncation, a corrupt byte, a bad CRC, trailing
 * garbage) and saying what the damage was. zlib's own gunzip throws the last output
 * chunk away with the error, which for a small file is all of it.
 *
 * Returns undefined when the output would pass `max` bytes.
 *
 * An intact single-member file (every CloudTrail file) goes through libdeflate when the
 * optional addon is built; anything else, and every damage report, comes from zlib below.
 */
export function gunzipLenient(buf: Buffer, max: number): LenientGunzip | undefined {
  const fast = gunzipNative(buf, max);
  if (fast) return { data: fast, damage: undefined };
  const parts: Buffer[] = [];
  let total = 0;
  let at = 0;
  let members = 0;
  const finish = (damage: string | undefined): LenientGunzip => ({
    data: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts),
    damage,
  });
  while (at < buf.length) {
    if (members > 0 && isZeros(buf, at)) break; // tape-style zero padding, as gzip allows
    const body = bodyStart(buf, at);
    if (body === undefined) {
      if (members === 0) return finish('corrupt gzip: not a gzip header');
      return finish(`trailing garbage: ${buf.length - at} byte(s) after the gzip data were ignored`);
    }
    if (body > buf.length) return finish('truncated gzip: the stream ends inside a header');
    members++;
    const member = inflateMember(buf.subarray(body), max - total);
    if (member === undefined) return undefined;
    parts.push(member.data);
    total += member.data.length;
    if (member.damage) return finish(member.damage);
    const trailer = body + member.consumed;
    if (trailer + 8 > buf.length)
      return finish(`truncated gzip: the stream ends early (after ${formatBytes(total)} decompressed)`);
    if (crc32 && buf.readUInt32LE(trailer) !== crc32(member.data) >>> 0)
      return finish('corrupt gzip: CRC mismatch (the data was kept; some records may be damaged)');
    at = trailer + 8;
  }
  return finish(undefined);
}

function inflateMember(
  body: Buffer,
  max: number,
): { data: Buffer; consumed: number; damage?: string } | undefined {
  try {
    const r = inflateRawSync(body, { info: true, maxOutputLength: Math.max(1, max) }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    return { data: r.buffer, consumed: r.engine.bytesWritten };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    if (err.code === 'Z_BUF_ERROR') {
      const data = inflatePrefix(body, body.length, max);
      if (data === undefined) return undefined;
      return {
        data,
        consumed: body.length,
        damage: `truncated gzip: the stream ends early (after ${formatBytes(data.length)} decompressed)`,
      };
    }
    // Corrupt data: find the longest prefix that still inflates (binary search; damaged
    // files are rare and at most `wholeFileBytes` large).
    let lo = 0;
    let hi = body.length;
    let best: Buffer = Buffer.alloc(0);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      let data: Buffer | undefined;
      try {
        data = inflatePrefix(body, mid, max);
      } catch {
        hi = mid - 1;
        continue;
      }
      if (data === undefined) return undefined;
      best = data;
      lo = mid;
    }
    return {
      data: best,
      consumed: lo,
      damage: `corrupt gzip: ${err.message} (after ${formatBytes(best.length)} decompressed)`,
    };
  }
}

/** Inflates the first `n` bytes of a deflate stream without requiring its end. */
function inflatePrefix(body: Buffer, n: number, max: number): Buffer | undefined {
  try {
    return inflateRawSync(body.subarray(0, n), {
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: Math.max(1, max),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw e;
  }
}

/** Where a gzip member's deflate data starts, or undefined when `at` holds no gzip header. */
function bodyStart(buf: Buffer, at: number): number | undefined {
  if (buf[at] !== 0x1f || buf[at + 1] !== 0x8b || buf[at + 2] !== 8) return undefined;
  const flags = buf[at + 3] ?? 0;
  let p = at + 10;
  if (flags & FEXTRA) p += 2 + (p + 2 <= buf.length ? buf.readUInt16LE(p) : 0);
  if (flags & FNAME) p = skipZeroTerminated(buf, p);
  if (flags & FCOMMENT) p = skipZeroTerminated(buf, p);
  if (flags & FHCRC) p += 2;
  return p;
}

function skipZeroTerminated(buf: Buffer, p: number): number {
  const end = buf.indexOf(0, p);
  return end < 0 ? buf.length + 1 : end + 1;
}

function isZeros(buf: Buffer, at: number): boolean {
  for (let i = at; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

/**
 * The streaming form of `gunzipLenient`, for files too large to hold and for pipes: a
 * Transform that never errors on bad gzip data. It ends at the damage instead, with
 * `damage` saying what it was. A cut, a bad CRC and trailing garbage lose nothing; a
 * corrupt byte loses at most one output chunk (64 KiB) before it, which zlib's stream
 * interface does not hand out with the error.
 */
export class LenientGunzipStream extends Transform {
  /** Set when the input was damaged; the output then stops at the damage. */
  damage: string | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private state: 'header' | 'body' | 'trailer' = 'header';
  private inflater: InflateRaw | undefined;
  private inflaterError: Error | undefined;
  /** Bytes given to the current inflater, and the latest of them (to recover the unconsumed). */
  private given = 0;
  private recent: Buffer[] = [];
  private crc = 0;
  private members = 0;
  private decompressed = 0;
  private stopped = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.feed(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    this.finish().then(() => done(), done);
  }

  private async feed(chunk: Buffer): Promise<void> {
    if (this.stopped) return;
    if (this.state === 'body') await this.inflate(chunk);
    else {
      this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
      await this.drainPending();
    }
  }

  /** Parses trailers and headers out of `pending`, starting a member's inflater when one begins. */
  private async drainPending(): Promise<void> {
    while (!this.stopped && this.state !== 'body') {
      if (this.state === 'trailer') {
        if (this.pending.length < 8) return;
        if (crc32 && this.pending.readUInt32LE(0) !== this.crc >>> 0)
          return this.stop('corrupt gzip: CRC mismatch (the data was kept; some records may be damaged)');
        this.pending = this.pending.subarray(8);
        this.state = 'header';
        continue;
      }
      if (this.pending.length === 0) return;
      if (this.members > 0 && isZeros(this.pending, 0)) {
        this.pending = Buffer.alloc(0);
        return;
      }
      if (this.pending.length < 3 && this.pending[0] === 0x1f) return; // wait for the rest of the magic
      const body = bodyStart(this.pending, 0);
      if (body === undefined) {
        return this.stop(
          this.members === 0
            ? 'corrupt gzip: not a gzip header'
            : 'trailing garbage after the gzip data was ignored',
        );
      }
      if (body > this.pending.length) {
        if (this.pending.length > 1024 * 1024) return this.stop('corrupt gzip: a header over 1 MiB');
        return;
      }
      const rest = this.pending.subarray(body);
      this.pending = Buffer.alloc(0);
      this.startMember();
      if (rest.length > 0) await this.inflate(rest);
    }
  }

  private startMember(): void {
    this.members++;
    this.state = 'body';
    this.crc = 0;
    this.given = 0;
    this.recent = [];
    this.inflaterError = undefined;
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    inflater.on('data', (d: Buffer) => {
      if (crc32) this.crc = crc32(d, this.crc);
      this.decompressed += d.length;
      this.push(d);
    });
    inflater.on('error', (e) => (this.inflaterError ??= e));
    this.inflater = inflater;
  }

  private async inflate(chunk: Buffer): Promise<void> {
    const inflater = this.inflater;
    if (!inflater) return;
    this.given += chunk.length;
    this.recent.push(chunk);
    // On corrupt data zlib destroys the stream and may never call back: 'close' ends the wait.
    await new Promise<void>((resolve) => {
      const onClose = (): void => resolve();
      inflater.once('close', onClose);
      inflater.write(chunk, () => {
        inflater.off('close', onClose);
        resolve();
      });
    });
    if (this.inflaterError) return this.stop(this.describe(this.inflaterError));
    const unconsumed = this.given - inflater.bytesWritten;
    if (unconsumed <= 0) {
      // Everything was consumed: only the latest chunks can still be needed.
      this.recent = [];
      return;
    }
    // The deflate data ended inside what was given: the rest is the trailer and beyond.
    const all = Buffer.concat(this.recent);
    this.pending = Buffer.from(all.subarray(all.length - unconsumed));
    this.recent = [];
    await this.closeInflater();
    if (this.stopped) return;
    this.state = 'trailer';
    await this.drainPending();
  }

  private async finish(): Promise<void> {
    if (this.stopped) return;
    if (this.state === 'body') {
      await this.closeInflater();
      if (!this.stopped) this.stop('truncated gzip: the stream ends before the gzip trailer');
    } else if (this.state === 'trailer' || (this.pending.length > 0 && this.members === 0)) {
      this.stop('truncated gzip: the stream ends early');
    } else if (this.pending.length > 0 && !isZeros(this.pending, 0)) {
      this.stop('trailing garbage after the gzip data was ignored');
    }
  }

  /** Ends the current inflater, taking its last output; a cut or corrupt stream becomes `damage`. */
  private async closeInflater(): Promise<void> {
    const inflater = this.inflater;
    this.inflater = undefined;
    if (!inflater) return;
    // 'close' comes once both sides are done, whether the deflate data had already ended
    // (zlib then ends its output by itself) or end() finds it cut short (an error first).
    const error = await new Promise<Error | undefined>((resolve) => {
      if (this.inflaterError) return resolve(this.inflaterError);
      inflater.once('close', () => resolve(this.inflaterError));
      inflater.end();
    });
    if (error) this.stop(this.describe(error));
  }

  private describe(e: Error): string {
    const code = (e as NodeJS.ErrnoException).code;
    const after = `after ${formatBytes(this.decompressed)} decompressed`;
    return code === 'Z_BUF_ERROR'
      ? `truncated gzip: the stream ends early (${after})`
      : `corrupt gzip: ${e.message} (${after})`;
  }

  private stop(damage: string): void {
    this.damage ??= damage;
    this.stopped = true;
    this.pending = Buffer.alloc(0);
    const inflater = this.inflater;
    this.inflater = undefined;
    inflater?.destroy();
  }
}

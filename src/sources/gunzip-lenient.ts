import * as zlib from 'node:zlib';
import { constants, inflateRawSync } from 'node:zlib';
import { formatBytes } from './format-bytes.js';

/** Decompressed bytes, and what was wrong with the gzip data if anything. */
export interface LenientGunzip {
  readonly data: Buffer;
  /** Damage found: a cut, corrupt data, a CRC mismatch, trailing garbage. */
  readonly damage: string | undefined;
}

// zlib.crc32 arrived in Node 20.15; on older 20.x the CRC is not checked.
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

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
 */
export function gunzipLenient(buf: Buffer, max: number): LenientGunzip | undefined {
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

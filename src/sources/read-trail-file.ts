import { createReadStream, readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { JsonStreamSplitter } from './json-stream-splitter.js';
import { NdjsonLineSplitter, looksLikeNdjson } from './ndjson-line-splitter.js';
import { unwrapRecords, type UnwrapSink } from './unwrap-records.js';

/** Bounds on what one file may cost. Defaults in `defaultReadLimits`. */
export interface ReadLimits {
  /** Decompressed size up to which a file is parsed in one JSON.parse (fastest). */
  readonly wholeFileBytes: number;
  /** A gzip stream expanding past this many bytes is refused as a bomb. */
  readonly maxDecompressedBytes: number;
  /** ...and so is one expanding more than this ratio once past 64 MiB. */
  readonly maxGzipRatio: number;
}

export const defaultReadLimits: ReadLimits = {
  wholeFileBytes: 32 * 1024 * 1024,
  maxDecompressedBytes: 16 * 1024 * 1024 * 1024,
  maxGzipRatio: 1000,
};

/** Something wrong with a file: why, and how many records it cost. */
export interface FileProblem {
  readonly reason: string;
  readonly records: number;
}

export interface FileReadResult {
  readonly records: number;
  readonly problems: FileProblem[];
}

const RATIO_FLOOR = 64 * 1024 * 1024;

/**
 * Reads one CloudTrail file (plain or gzipped, any supported shape) and hands each
 * record to `onRecord`. Never throws for bad content: truncated gzip, invalid JSON,
 * foreign JSON and empty files come back as problems, with whatever records could be
 * read before the damage still delivered.
 *
 * Files that fit under `wholeFileBytes` are read, gunzipped and parsed in one go on the
 * calling thread (the scan runs this on worker threads, so that is where the cores go).
 * Larger or damaged files take the streaming path, which bounds memory, detects gzip
 * bombs and recovers the records before a cut.
 */
export async function readTrailFile(
  path: string,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
): Promise<FileReadResult> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    return unreadable(e);
  }
  if (size <= limits.wholeFileBytes) {
    let buf: Buffer;
    try {
      // Synchronous on purpose: the scan calls this on worker threads, where waiting for
      // the thread pool would only leave the core idle, and a sized read avoids a copy.
      buf = readFileSync(path);
    } catch (e) {
      return unreadable(e);
    }
    const plain = isGzip(buf) ? gunzipWhole(buf, limits.wholeFileBytes) : buf;
    if (plain) {
      const collector = new RecordCollector(onRecord);
      collector.parseWhole(plain);
      return collector.finish(undefined);
    }
  }
  // A small file that got here is gzip (plain ones returned above): only a large one's head is read.
  let gzip = true;
  if (size > limits.wholeFileBytes) {
    try {
      gzip = isGzip(await readHead(path));
    } catch (e) {
      return unreadable(e);
    }
  }
  return readTrailStream(createReadStream(path, { highWaterMark: 1024 * 1024 }), gzip, onRecord, limits);
}

/** The streaming reader, also used for stdin. */
export async function readTrailStream(
  input: Readable,
  gzip: boolean,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
): Promise<FileReadResult> {
  const collector = new RecordCollector(onRecord);
  let compressed = 0;
  let decompressed = 0;
  const chunks: Buffer[] = [];
  let streaming = false;

  let source: Readable = input;
  if (gzip) {
    input.on('data', (c: Buffer) => (compressed += c.length));
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    input.on('error', (e) => gunzip.destroy(e));
    source = input.pipe(gunzip);
  }

  // 'data' events rather than async iteration: on a stream error, every chunk that was
  // decompressed before it has still been seen, so a truncated file yields what it has.
  const failure = await new Promise<string | undefined>((resolve) => {
    let settled = false;
    const settle = (reason: string | undefined): void => {
      if (!settled) {
        settled = true;
        resolve(reason);
      }
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      decompressed += chunk.length;
      const bomb =
        decompressed > limits.maxDecompressedBytes ||
        (decompressed > RATIO_FLOOR && decompressed > compressed * limits.maxGzipRatio);
      if (gzip && bomb) {
        settle(
          `refused as a gzip bomb: expanded past ${formatBytes(decompressed)} from ${formatBytes(compressed)} compressed`,
        );
        input.destroy();
        source.destroy();
        return;
      }
      if (streaming) {
        collector.push(chunk);
        return;
      }
      chunks.push(chunk);
      if (decompressed > limits.wholeFileBytes) {
        // Too big to parse in one piece: split it from here on.
        streaming = true;
        collector.push(Buffer.concat(chunks.splice(0)));
      }
    });
    source.on('end', () => settle(undefined));
    source.on('error', (e) => settle(describeStreamError(e, gzip, decompressed)));
  });
  if (!streaming) collector.parseWhole(Buffer.concat(chunks), failure !== undefined);
  return collector.finish(failure);
}

/** Turns parsed values into records and keeps count of everything that was not one. */
class RecordCollector {
  private records = 0;
  private readonly foreign = new Map<string, number>();
  private readonly problems: FileProblem[] = [];
  private splitter: Splitter | undefined;
  private badSlices = 0;
  private firstBadSlice = '';
  private readonly sink: UnwrapSink;

  constructor(onRecord: (raw: unknown) => void) {
    this.sink = {
      record: (raw) => {
        this.records++;
        onRecord(raw);
      },
      foreign: (reason) => this.foreign.set(reason, (this.foreign.get(reason) ?? 0) + 1),
    };
  }

  /** Streams a chunk through a splitter chosen from the first chunk's shape. */
  push(chunk: Buffer): void {
    this.splitter ??= createSplitter(chunk, (slice) => this.parseSlice(slice));
    this.splitter.push(chunk);
  }

  /** Parses a whole document; if it is not one JSON value, recovers every whole value in it. */
  parseWhole(buf: Buffer, damaged = false): void {
    if (isBlank(buf)) {
      if (!damaged) this.problems.push({ reason: 'empty file', records: 0 });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripBom(buf.toString('utf8')));
    } catch (e) {
      // NDJSON, concatenated JSON, or a damaged document.
      this.push(buf);
      if (this.records === 0 && this.foreign.size === 0 && !damaged) {
        this.problems.push({ reason: `invalid JSON: ${errorText(e)}`, records: 0 });
        this.splitter = undefined;
        this.badSlices = 0;
      }
      return;
    }
    unwrapRecords(parsed, this.sink);
  }

  finish(failure: string | undefined): FileReadResult {
    let reason = failure;
    if (this.splitter) {
      this.splitter.end();
      if (this.badSlices > 0) {
        this.problems.push({
          reason: `invalid JSON in ${this.badSlices} value(s), first: ${this.firstBadSlice}`,
          records: this.badSlices,
        });
      }
      if (this.splitter.incomplete && !reason)
        reason = 'invalid JSON: input ends inside a value (cut short?)';
    }
    if (reason) {
      const used = this.records > 0 ? `; ${this.records} record(s) before it were used` : '';
      this.problems.push({ reason: reason + used, records: 0 });
    }
    for (const [r, n] of this.foreign) this.problems.push({ reason: r, records: n });
    return { records: this.records, problems: this.problems };
  }

  private parseSlice(slice: Buffer): void {
    try {
      unwrapRecords(JSON.parse(slice.toString('utf8')), this.sink);
    } catch (e) {
      if (this.badSlices++ === 0) this.firstBadSlice = errorText(e);
    }
  }
}

interface Splitter {
  push(chunk: Buffer): void;
  end(): void;
  readonly incomplete: boolean;
}

/** NDJSON is split by lines (a broken line loses only itself); anything else structurally. */
function createSplitter(head: Buffer, onSlice: (slice: Buffer) => void): Splitter {
  if (looksLikeNdjson(head)) {
    const lines = new NdjsonLineSplitter(onSlice);
    return { push: (c) => lines.push(c), end: () => lines.end(), incomplete: false };
  }
  const structural = new JsonStreamSplitter(onSlice);
  return {
    push: (c) => structural.push(c),
    end: () => undefined,
    get incomplete() {
      return structural.incomplete;
    },
  };
}

function unreadable(e: unknown): FileReadResult {
  return { records: 0, problems: [{ reason: `unreadable: ${errorText(e)}`, records: 0 }] };
}

/**
 * Decompresses gzip in one piece, or gives undefined when it is too large for that,
 * truncated or corrupt: the streaming path handles and names each.
 */
function gunzipWhole(buf: Buffer, max: number): Buffer | undefined {
  // The trailer ends with the last member's size (mod 2^32), a lower bound on the whole:
  // past the limit, gunzipSync would inflate `max` bytes only to throw them away.
  if (buf.length >= 18 && buf.readUInt32LE(buf.length - 4) > max) return undefined;
  try {
    return gunzipSync(buf, { maxOutputLength: max });
  } catch {
    return undefined;
  }
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function describeStreamError(e: unknown, gzip: boolean, decompressed: number): string {
  const err = e as NodeJS.ErrnoException;
  if (gzip && err.code === 'Z_BUF_ERROR') {
    return `truncated gzip: the stream ends early (after ${formatBytes(decompressed)} decompressed)`;
  }
  if (gzip && err.code === 'Z_DATA_ERROR') return `corrupt gzip: ${err.message}`;
  return `unreadable: ${errorText(e)}`;
}

function isBlank(buf: Buffer): boolean {
  for (const b of buf) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
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
  wholeFileBytes: 128 * 1024 * 1024,
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
 * Streams one CloudTrail file (plain or gzipped, any supported shape) and hands each
 * record to `onRecord`. Never throws for bad content: truncated gzip, invalid JSON,
 * foreign JSON and empty files come back as problems, with whatever records could be
 * read before the damage still delivered.
 */
export async function readTrailFile(
  path: string,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
): Promise<FileReadResult> {
  let gzip: boolean;
  try {
    gzip = await startsWithGzipMagic(path);
  } catch (e) {
    return { records: 0, problems: [{ reason: `unreadable: ${errorText(e)}`, records: 0 }] };
  }
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  return readTrailStream(file, gzip, onRecord, limits);
}

/** The same, for an already-open stream (stdin). */
export async function readTrailStream(
  input: Readable,
  gzip: boolean,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
): Promise<FileReadResult> {
  const problems: FileProblem[] = [];
  const foreign = new Map<string, number>();
  let records = 0;
  const sink: UnwrapSink = {
    record(raw) {
      records++;
      onRecord(raw);
    },
    foreign(reason) {
      foreign.set(reason, (foreign.get(reason) ?? 0) + 1);
    },
  };

  let compressed = 0;
  let decompressed = 0;
  const chunks: Buffer[] = [];
  let splitter: Splitter | undefined;
  let badSlices = 0;
  let firstBadSlice = '';
  const onSlice = (slice: Buffer): void => {
    try {
      unwrapRecords(JSON.parse(slice.toString('utf8')), sink);
    } catch (e) {
      if (badSlices++ === 0) firstBadSlice = errorText(e);
    }
  };

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
      if (
        gzip &&
        (decompressed > limits.maxDecompressedBytes ||
          (decompressed > RATIO_FLOOR && decompressed > compressed * limits.maxGzipRatio))
      ) {
        settle(
          `refused as a gzip bomb: expanded past ${formatBytes(decompressed)} from ${formatBytes(compressed)} compressed`,
        );
        input.destroy();
        source.destroy();
        return;
      }
      if (splitter) {
        splitter.push(chunk);
      } else {
        chunks.push(chunk);
        if (decompressed > limits.wholeFileBytes) {
          // Too big to parse in one piece: stream it from here on.
          const head = Buffer.concat(chunks.splice(0));
          splitter = createSplitter(head, onSlice);
          splitter.push(head);
        }
      }
    });
    source.on('end', () => settle(undefined));
    source.on('error', (e) => settle(describeStreamError(e, gzip, decompressed)));
  });

  let failureText = failure;
  if (!splitter) {
    const buf = Buffer.concat(chunks);
    chunks.length = 0;
    if (buf.length === 0 || isBlank(buf)) {
      if (!failureText) problems.push({ reason: 'empty file', records: 0 });
    } else {
      let parsed: unknown;
      let parseError: string | undefined;
      try {
        parsed = JSON.parse(stripBom(buf.toString('utf8')));
      } catch (e) {
        parseError = errorText(e);
      }
      if (parseError === undefined) {
        unwrapRecords(parsed, sink);
      } else {
        // NDJSON, concatenated JSON, or a damaged document: recover every whole value.
        splitter = createSplitter(buf, onSlice);
        splitter.push(buf);
        if (records === 0 && foreign.size === 0 && !failureText) {
          problems.push({ reason: `invalid JSON: ${parseError}`, records: 0 });
          splitter = undefined;
          badSlices = 0;
        }
      }
    }
  }
  if (splitter) {
    splitter.end();
    if (badSlices > 0)
      problems.push({
        reason: `invalid JSON in ${badSlices} value(s), first: ${firstBadSlice}`,
        records: badSlices,
      });
    if (splitter.incomplete && !failureText)
      failureText = `invalid JSON: input ends inside a value (cut short?)`;
  }
  if (failureText) {
    problems.push({
      reason: records > 0 ? `${failureText}; ${records} record(s) before it were used` : failureText,
      records: 0,
    });
  }
  for (const [reason, n] of foreign) problems.push({ reason, records: n });
  return { records, problems };
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

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function describeStreamError(e: unknown, gzip: boolean, decompressed: number): string {
  const err = e as NodeJS.ErrnoException;
  if (gzip && err.code === 'Z_BUF_ERROR')
    return `truncated gzip: the stream ends early (after ${formatBytes(decompressed)} decompressed)`;
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

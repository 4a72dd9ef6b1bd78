import { FIFO_WRITER_WAIT_MS, openFifo } from './read-fifo.js';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { decodeText } from './decode-text.js';
import { detectTextEncoding } from './detect-text-encoding.js';
import { formatBytes } from './format-bytes.js';
import {
  DELIVERY_HEAD_TEXT,
  hasSecondRecordsKey,
  parseDeliveryArray,
  parseDeliveryText,
  projectedRecords,
} from './delivery-document.js';
import { LenientGunzipStream, gunzipLenient } from './gunzip-lenient.js';
import { JsonStreamSplitter } from './json-stream-splitter.js';
import { NdjsonLineSplitter, looksLikeNdjson } from './ndjson-line-splitter.js';
import {
  gunzipRecordsNative,
  gunzipScanNative,
  type InflatedText,
  type ProjectedRecords,
  type ScannedRecords,
} from './inflate-native.js';
import { readRecordsPrefiltered, readScannedRecords, type PrefilterScan } from './record-prefilter.js';
import { unwrapRecords, type UnwrapSink } from './unwrap-records.js';

/** Bounds on what one file may cost. Defaults in `defaultReadLimits`. */
export interface ReadLimits {
  /** Decompressed size up to which a file is parsed in one JSON.parse (fastest). */
  readonly wholeFileBytes: number;
  /** A gzip stream expanding past this many bytes is refused as a bomb. */
  readonly maxDecompressedBytes: number;
  /** ...and so is one expanding more than this ratio once past 64 MiB. */
  readonly maxGzipRatio: number;
  /**
   * One record (array element, `Records` element, NDJSON line, top-level value) larger
   * than this is skipped with a reason rather than parsed: CloudTrail's own records are
   * far smaller, and parsing one costs several times its size in memory.
   */
  readonly maxRecordBytes: number;
  /** A named pipe nothing opens for writing within this time is skipped (it would hang). */
  readonly fifoWriterWaitMs: number;
}

export const defaultReadLimits: ReadLimits = {
  wholeFileBytes: 32 * 1024 * 1024,
  maxDecompressedBytes: 16 * 1024 * 1024 * 1024,
  maxGzipRatio: 1000,
  maxRecordBytes: 16 * 1024 * 1024,
  fifoWriterWaitMs: FIFO_WRITER_WAIT_MS,
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
 *
 * With a `prefilter`, records that cannot match it are never parsed: what the statistics
 * need of them goes to its `unselected` sink (see `readRecordsPrefiltered`).
 */
export async function readTrailFile(
  path: string,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
  prefilter?: PrefilterScan,
): Promise<FileReadResult> {
  let info;
  try {
    // Synchronous like the read below: on a scan worker, a hop through the thread pool per
    // file only leaves the core idle.
    info = statSync(path);
  } catch (e) {
    return unreadable(e);
  }
  if (info.isDirectory()) return problem('a directory, not a log file');
  if (info.isCharacterDevice() || info.isBlockDevice()) return problem('a device, not a log file: refused');
  if (!info.isFile()) {
    // A FIFO or socket (`<(zcat ...)`): one pass only, so it can only be streamed.
    let stream;
    try {
      if (info.isFIFO()) {
        const fifo = await openFifo(path, limits.fifoWriterWaitMs);
        if (fifo.kind === 'no-writer')
          return problem(`a named pipe nothing wrote to within ${limits.fifoWriterWaitMs / 1000} s: skipped`);
        stream = fifo.stream;
      } else stream = await openStream(path);
    } catch (e) {
      return unreadable(e);
    }
    const head = await peekHead(stream);
    return readTrailStream(stream, !!head && isGzip(head), onRecord, limits, prefilter);
  }
  const size = info.size;
  if (size <= limits.wholeFileBytes) {
    let buf: Buffer;
    try {
      // Synchronous on purpose: the scan calls this on worker threads, where waiting for
      // the thread pool would only leave the core idle, and a sized read avoids a copy.
      buf = readFileSync(path);
    } catch (e) {
      return unreadable(e);
    }
    return readTrailBuffer(buf, onRecord, limits, prefilter);
  }
  let gzip: boolean;
  try {
    gzip = isGzip(await readHead(path));
  } catch (e) {
    return unreadable(e);
  }
  return readTrailStream(
    createReadStream(path, { highWaterMark: 1024 * 1024 }),
    gzip,
    onRecord,
    limits,
    prefilter,
  );
}

/**
 * `readTrailFile` for bytes already in memory (an S3 object handed to a worker): the same
 * whole-buffer path under `wholeFileBytes`, the streaming path (bomb checks, splitting)
 * above it, and the same problems. Gzip is told by the first bytes, as for a file.
 */
export function readTrailBuffer(
  buf: Buffer,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
  prefilter?: PrefilterScan,
): Promise<FileReadResult> {
  const gzip = isGzip(buf);
  if (buf.length <= limits.wholeFileBytes) {
    let native = !gzip
      ? undefined
      : prefilter
        ? gunzipScanNative(
            buf,
            limits.wholeFileBytes,
            prefilter.prefilter.groups,
            prefilter.prefilter.alwaysSources,
          )
        : gunzipRecordsNative(buf, limits.wholeFileBytes);
    if (native && !Buffer.isBuffer(native)) {
      const collector = new RecordCollector(onRecord, limits, prefilter);
      // A native reading that does not hold up (a record that is not JSON, an identity
      // that is not one object): read the document anew, the ordinary way.
      const read =
        'kinds' in native
          ? collector.readScanned(native)
          : isProjected(native)
            ? collector.readProjected(native)
            : collector.parseText(native);
      if (read) return Promise.resolve(collector.finish(undefined));
      native = undefined;
    }
    const gunzipped = native
      ? { data: native, damage: undefined }
      : gzip
        ? gunzipLenient(buf, limits.wholeFileBytes)
        : { data: buf, damage: undefined };
    if (gunzipped) {
      const collector = new RecordCollector(onRecord, limits, prefilter);
      collector.parseWhole(gunzipped.data, gunzipped.damage !== undefined);
      return Promise.resolve(collector.finish(gunzipped.damage));
    }
  }
  return readTrailStream(Readable.from([buf], { objectMode: false }), gzip, onRecord, limits, prefilter);
}

function isProjected(x: ProjectedRecords | InflatedText): x is ProjectedRecords {
  return 'identityOf' in x;
}

/** Opens a stream and waits until it is open, so that an open error is returned, not thrown later. */
function openStream(path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    stream.once('open', () => resolve(stream));
    stream.once('error', reject);
  });
}

/** Reads the first bytes of a stream and puts them back, to tell gzip from text. */
export async function peekHead(stream: Readable): Promise<Buffer | null> {
  const first = await new Promise<Buffer | null>((resolve) => {
    const onReadable = (): void => {
      stream.off('end', onEnd);
      resolve(stream.read() as Buffer | null);
    };
    const onEnd = (): void => {
      stream.off('readable', onReadable);
      resolve(null);
    };
    stream.once('readable', onReadable);
    stream.once('end', onEnd);
  });
  if (first) stream.unshift(first);
  return first;
}

/** The streaming reader, also used for stdin. */
export async function readTrailStream(
  input: Readable,
  gzip: boolean,
  onRecord: (raw: unknown) => void,
  limits: ReadLimits = defaultReadLimits,
  prefilter?: PrefilterScan,
): Promise<FileReadResult> {
  const collector = new RecordCollector(onRecord, limits, prefilter);
  let compressed = 0;
  let decompressed = 0;
  const chunks: Buffer[] = [];
  let streaming = false;

  let source: Readable = input;
  let gunzip: LenientGunzipStream | undefined;
  if (gzip) {
    input.on('data', (c: Buffer) => (compressed += c.length));
    const lenient = new LenientGunzipStream();
    input.on('error', (e) => lenient.destroy(e));
    source = input.pipe(lenient);
    gunzip = lenient;
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
      const bomb = gzip && decompressed > RATIO_FLOOR && decompressed > compressed * limits.maxGzipRatio;
      if (bomb || decompressed > limits.maxDecompressedBytes) {
        // A stream that never ends (a device, `yes`) is bounded like a bomb.
        settle(
          gzip
            ? `refused as a gzip bomb: expanded past ${formatBytes(decompressed)} from ${formatBytes(compressed)} compressed`
            : `refused: longer than ${formatBytes(limits.maxDecompressedBytes)}`,
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
    // Damaged gzip ends the stream where the damage is, keeping everything before it.
    source.on('end', () => settle(gunzip?.damage));
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
  private oversized = 0;
  /** Set once the first bytes were looked at: a BOM is dropped, UTF-16 refused. */
  private encodingChecked = false;
  private utf16: string | undefined;
  private readonly sink: UnwrapSink;
  private readonly maxRecordBytes: number;

  private readonly prefilter: PrefilterScan | undefined;

  constructor(onRecord: (raw: unknown) => void, limits: ReadLimits, prefilter?: PrefilterScan) {
    this.maxRecordBytes = limits.maxRecordBytes;
    // Unselected records count among the file's records like the ones handed to `onRecord`.
    this.prefilter = prefilter && {
      prefilter: prefilter.prefilter,
      unselected: (kind, timeMs, region, eventSource) => {
        this.records++;
        prefilter.unselected(kind, timeMs, region, eventSource);
      },
    };
    this.sink = {
      record: (raw) => {
        this.records++;
        onRecord(raw);
      },
      foreign: (reason) => this.foreign.set(reason, (this.foreign.get(reason) ?? 0) + 1),
    };
  }

  /** Streams a chunk through a splitter chosen from the first chunk's shape. */
  push(input: Buffer): void {
    const chunk = this.checkEncoding(input);
    if (this.utf16 || chunk.length === 0) return;
    this.splitter ??= createSplitter(
      chunk,
      (slice) => this.parseSlice(slice),
      this.maxRecordBytes,
      () => this.oversized++,
    );
    this.splitter.push(chunk);
  }

  /** Parses a whole document; if it is not one JSON value, recovers every whole value in it. */
  parseWhole(input: Buffer, damaged = false): void {
    const buf = this.checkEncoding(input);
    if (this.utf16) return;
    if (isBlank(buf)) {
      if (!damaged) this.problems.push({ reason: 'empty file', records: 0 });
      return;
    }
    // Split rather than parse in one piece when a record could pass the size bound, or
    // when a second "Records" key would make JSON.parse keep only the last array: the
    // splitter reads every array, as it does for files over the whole-file limit.
    // The usual S3 delivery shape: only the records that may match the filter are parsed.
    if (this.prefilter && !damaged && buf.length <= this.maxRecordBytes) {
      if (readRecordsPrefiltered(buf, this.prefilter, this.sink)) return;
    }
    if (buf.length <= this.maxRecordBytes && !damaged) {
      const records = parseDeliveryArray(buf);
      if (records !== undefined) {
        unwrapRecords({ Records: records }, this.sink);
        return;
      }
    }
    if (buf.length > this.maxRecordBytes || hasSecondRecordsKey(buf)) {
      this.push(buf);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeText(buf));
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

  /**
   * `parseWhole` for an intact document's text, all ASCII (from the native inflate, for a
   * document it did not read itself). A delivery document has no BOM and is not UTF-16, so
   * its text is read as it is; anything else goes through `parseWhole`.
   */
  parseText({ text }: InflatedText): true {
    if (text.length <= this.maxRecordBytes && text.startsWith(DELIVERY_HEAD_TEXT)) {
      this.encodingChecked = true;
      if (this.prefilter && readRecordsPrefiltered(text, this.prefilter, this.sink)) return true;
      const records = parseDeliveryText(text);
      if (records !== undefined) {
        unwrapRecords({ Records: records }, this.sink);
        return true;
      }
    }
    this.parseWhole(Buffer.from(text, 'latin1'));
    return true;
  }

  /**
   * A delivery document the native inflate projected (`gunzipRecordsNative`): parsed, its
   * identities parsed once each and put back in their records. False, having handed nothing
   * on, when anything does not hold: the caller then reads the document anew.
   */
  readProjected(projected: ProjectedRecords): boolean {
    if (projected.length > this.maxRecordBytes) return false;
    const records = projectedRecords(projected);
    if (records === undefined) return false;
    unwrapRecords({ Records: records }, this.sink);
    return true;
  }

  /**
   * A delivery document the native scan read (`readScannedRecords`); false, having handed
   * nothing on, when a record it left to parse is not JSON (the caller reads it anew).
   */
  readScanned(scanned: ScannedRecords): boolean {
    // As in `parseWhole`: a document over the record bound is split, to bound each record.
    if (scanned.length > this.maxRecordBytes) return false;
    return readScannedRecords(scanned, this.prefilter as PrefilterScan, this.sink);
  }

  finish(failure: string | undefined): FileReadResult {
    if (this.utf16) {
      this.problems.push({ reason: this.utf16, records: 0 });
      return { records: 0, problems: this.problems };
    }
    let reason = failure;
    if (this.splitter) {
      this.splitter.end();
      if (this.badSlices > 0) {
        this.problems.push({
          reason: `invalid JSON in ${this.badSlices} value(s), first: ${this.firstBadSlice}`,
          records: this.badSlices,
        });
      }
      if (this.oversized > 0) {
        this.problems.push({
          reason: `${this.oversized} record(s) over the ${formatBytes(this.maxRecordBytes)} record limit were skipped`,
          records: this.oversized,
        });
      }
      if (this.splitter.strayBytes > 0) {
        this.problems.push({
          reason: `${this.splitter.strayBytes} byte(s) outside any JSON value were ignored (damaged or not JSON?)`,
          records: 0,
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

  /** Drops a UTF-8 BOM and notes UTF-16 on the first bytes seen; later chunks pass through. */
  private checkEncoding(chunk: Buffer): Buffer {
    if (this.encodingChecked) return chunk;
    this.encodingChecked = true;
    const guess = detectTextEncoding(chunk);
    if (guess.kind === 'utf16') {
      this.utf16 = guess.reason;
      return chunk;
    }
    return guess.bomBytes > 0 ? chunk.subarray(guess.bomBytes) : chunk;
  }

  private parseSlice(slice: Buffer): void {
    try {
      unwrapRecords(JSON.parse(decodeText(slice)), this.sink);
    } catch (e) {
      if (this.badSlices++ === 0) this.firstBadSlice = errorText(e);
    }
  }
}

interface Splitter {
  push(chunk: Buffer): void;
  end(): void;
  readonly incomplete: boolean;
  readonly strayBytes: number;
}

/** NDJSON is split by lines (a broken line loses only itself); anything else structurally. */
function createSplitter(
  head: Buffer,
  onSlice: (slice: Buffer) => void,
  maxRecordBytes: number,
  onOversized: () => void,
): Splitter {
  if (looksLikeNdjson(head)) {
    const lines = new NdjsonLineSplitter(onSlice, maxRecordBytes, onOversized);
    return { push: (c) => lines.push(c), end: () => lines.end(), incomplete: false, strayBytes: 0 };
  }
  const structural = new JsonStreamSplitter(onSlice, maxRecordBytes, onOversized);
  return {
    push: (c) => structural.push(c),
    end: () => undefined,
    get incomplete() {
      return structural.incomplete;
    },
    get strayBytes() {
      return structural.strayBytes;
    },
  };
}

function unreadable(e: unknown): FileReadResult {
  return problem(`unreadable: ${errorText(e)}`);
}

function problem(reason: string): FileReadResult {
  return { records: 0, problems: [{ reason, records: 0 }] };
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

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

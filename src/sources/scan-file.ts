import { Readable } from 'node:stream';
import type { EventCatalog } from '../catalog/map-event.js';
import { addRecord, type AggregateOptions } from '../usage/add-record.js';
import { addRecordByDay } from '../usage/add-record-by-day.js';
import type { DayUsage } from '../usage/day-usage.js';
import { recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import {
  isGzip,
  readTrailBuffer,
  readTrailFile,
  readTrailStream,
  type FileReadResult,
  type ReadLimits,
} from './read-trail-file.js';
import { addUnselected } from '../usage/add-unselected.js';
import { createRecordPrefilter, type PrefilterScan, type RecordPrefilter } from './record-prefilter.js';

/**
 * Reads one file into an accumulator, recording its problems in `skipped` under `name`
 * (default: the path; an S3 object read from the cache is named by its `s3://` key).
 */
export function scanFile(
  path: string,
  acc: UsageAccumulator,
  catalog: EventCatalog,
  options: AggregateOptions,
  limits?: ReadLimits,
  name: string = path,
): Promise<number> {
  return scanInto({ path }, name, acc, catalog, options, limits);
}

/**
 * `scanFile` split by day: each record goes to its UTC day; the file itself and its problems
 * are counted in `usage.undated`.
 */
export function scanFileByDay(
  path: string,
  usage: DayUsage,
  catalog: EventCatalog,
  options: AggregateOptions,
  limits?: ReadLimits,
  name: string = path,
): Promise<number> {
  return scanInto({ path }, name, usage, catalog, options, limits);
}

/** What a scan thread reads: a file by its path, or an object's bytes already in memory. */
export type ScanInput = { readonly path: string } | { readonly bytes: Buffer };

/**
 * `scanFile` or `scanFileByDay` (as `into` is a `DayUsage` or not) for either kind of input,
 * its records and problems named `name` (an S3 object by its `s3://` key): same reader,
 * limits and prefilter for a file and for bytes handed to a worker.
 */
export async function scanInto(
  input: ScanInput,
  name: string,
  into: UsageAccumulator | DayUsage,
  catalog: EventCatalog,
  options: AggregateOptions,
  limits?: ReadLimits,
): Promise<number> {
  const byDay = 'undated' in into;
  const add = byDay
    ? (raw: unknown) => addRecordByDay(into, raw, name, catalog, options)
    : (raw: unknown) => addRecord(into, raw, name, catalog, options);
  const prefilter = prefilterInto(into, name, options);
  const result =
    'path' in input
      ? await readTrailFile(input.path, add, limits, prefilter)
      : await readTrailBuffer(input.bytes, add, limits, prefilter);
  return recordFileRead(byDay ? into.undated : into, name, result);
}

const prefilters = new WeakMap<AggregateOptions, RecordPrefilter | null>();

/**
 * The byte prefilter for a scan's role or function filter (built once per options), or
 * undefined when every record must be parsed. `IAMTRIM_NO_PREFILTER=1` turns it off, to
 * compare.
 */
export function prefilterOf(options: AggregateOptions): RecordPrefilter | undefined {
  let p = prefilters.get(options);
  if (p === undefined) {
    p =
      process.env.IAMTRIM_NO_PREFILTER === '1'
        ? null
        : (createRecordPrefilter(options.filter, options.capturePolicyChanges) ?? null);
    prefilters.set(options, p);
  }
  return p ?? undefined;
}

/**
 * The prefilter of a scan of `file` into `into` (split by day when it is a `DayUsage`),
 * with where its unselected records go; undefined when every record must be parsed.
 */
export function prefilterInto(
  into: UsageAccumulator | DayUsage,
  file: string,
  options: AggregateOptions,
): PrefilterScan | undefined {
  const prefilter = prefilterOf(options);
  return (
    prefilter && {
      prefilter,
      unselected: (kind, timeMs, region, source) =>
        addUnselected(into, kind, timeMs, region, source, file, options),
    }
  );
}

/**
 * Reads standard input (plain or gzipped) into an accumulator; `input` is for tests. An
 * empty input is read as an empty file, never waited on for ever.
 */
export async function scanStdin(
  acc: UsageAccumulator,
  catalog: EventCatalog,
  options: AggregateOptions,
  limits?: ReadLimits,
  input: Readable = process.stdin,
): Promise<number> {
  const first = await peekStart(input);
  // Not unshift(): an input whose end came with its first bytes emits no more events, and a
  // reader waiting for them would wait for ever (Node then exits 13, saying nothing).
  const stream = first === null ? Readable.from([]) : Readable.from(prepend(first, input));
  const gzip = !!first && isGzip(first);
  const result = await readTrailStream(
    stream,
    gzip,
    (raw) => addRecord(acc, raw, '<stdin>', catalog, options),
    limits,
  );
  return recordFileRead(acc, '<stdin>', result);
}

async function* prepend(first: Buffer, rest: Readable): AsyncGenerator<Buffer> {
  yield first;
  for await (const chunk of rest) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/**
 * The first bytes of a stream (to tell gzip from text), or null when it ends empty. Waits
 * for 'readable' until data or the end arrives: a first 'readable' may carry neither.
 */
function peekStart(input: Readable): Promise<Buffer | null> {
  return new Promise<Buffer | null>((resolve, reject) => {
    const done = (value: Buffer | null, error?: Error): void => {
      input.off('readable', onReadable);
      input.off('end', onEnd);
      input.off('error', onError);
      if (error) reject(error);
      else resolve(value);
    };
    const onReadable = (): void => {
      const chunk = input.read() as Buffer | string | null;
      if (chunk !== null) done(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    const onEnd = (): void => done(null);
    const onError = (e: Error): void => done(null, e);
    if (input.readableEnded) return done(null);
    input.on('readable', onReadable);
    input.once('end', onEnd);
    input.once('error', onError);
  });
}

/** Counts a file that was read and records its problems in `skipped`; returns its records. */
export function recordFileRead(acc: UsageAccumulator, file: string, result: FileReadResult): number {
  acc.stats.files++;
  for (const p of result.problems) recordSkipped(acc, file, p.reason, p.records);
  return result.records;
}

import type { EventCatalog } from '../catalog/map-event.js';
import { addRecord, type AggregateOptions } from '../usage/add-record.js';
import { recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import {
  isGzip,
  readTrailFile,
  readTrailStream,
  type FileReadResult,
  type ReadLimits,
} from './read-trail-file.js';

/** Reads one file into an accumulator, recording its problems in `skipped`. */
export async function scanFile(
  path: string,
  acc: UsageAccumulator,
  catalog: EventCatalog,
  options: AggregateOptions,
  limits?: ReadLimits,
): Promise<number> {
  const result = await readTrailFile(path, (raw) => addRecord(acc, raw, path, catalog, options), limits);
  return recordFileRead(acc, path, result);
}

/** Reads standard input (plain or gzipped) into an accumulator. */
export async function scanStdin(
  acc: UsageAccumulator,
  catalog: EventCatalog,
  options: AggregateOptions,
  limits?: ReadLimits,
): Promise<number> {
  const stdin = process.stdin;
  // Peek at the first chunk to tell gzip from text without consuming it.
  const first = await new Promise<Buffer | null>((resolve) => {
    stdin.once('readable', () => resolve(stdin.read(2) as Buffer | null));
    stdin.once('end', () => resolve(null));
  });
  if (first) stdin.unshift(first);
  const gzip = !!first && isGzip(first);
  const result = await readTrailStream(
    stdin,
    gzip,
    (raw) => addRecord(acc, raw, '<stdin>', catalog, options),
    limits,
  );
  return recordFileRead(acc, '<stdin>', result);
}

/** Counts a file that was read and records its problems in `skipped`; returns its records. */
export function recordFileRead(acc: UsageAccumulator, file: string, result: FileReadResult): number {
  acc.stats.files++;
  for (const p of result.problems) recordSkipped(acc, file, p.reason, p.records);
  return result.records;
}

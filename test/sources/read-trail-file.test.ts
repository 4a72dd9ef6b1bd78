import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultReadLimits, readTrailFile, readTrailStream } from '../../src/sources/read-trail-file.js';
import { loadCases } from '../support/case-loader.js';

/**
 * A case gives file content either as JSON (`json`, serialized compactly, or one line
 * per element with `"layout": "ndjson"`) or as raw `text`; `encoding` says how it is
 * stored; `expect` gives the records delivered and the problems reported.
 */
interface ReadShapeCase {
  json?: unknown;
  text?: string;
  layout?: 'compact' | 'pretty' | 'ndjson';
  encoding?:
    | 'plain'
    | 'gzip'
    | 'truncated-gzip'
    | 'gzip-members'
    | 'gzip-trailing-garbage'
    | 'gzip-bad-crc'
    | 'gzip-corrupt-byte'
    | 'utf16le';
  /** Repeats the single record of `json.Records` this many times (eventName suffixed with its index). */
  repeat?: number;
  /** Overrides the bound on one record's size. */
  maxRecordBytes?: number;
  /** Parse in streaming mode (as for files over the whole-file limit). */
  streaming?: boolean;
  expect: {
    records: number | { atLeast: number };
    eventNames?: string[];
    problems: { reasonIncludes: string; records: number }[];
  };
}

const dir = mkdtempSync(join(tmpdir(), 'iamtrim-read-'));

function contentOf(c: ReadShapeCase): Buffer {
  if (c.text !== undefined) return Buffer.from(c.text);
  if (c.repeat !== undefined) {
    const [one] = (c.json as { Records: Record<string, unknown>[] }).Records;
    const records = Array.from({ length: c.repeat }, (_, i) => ({
      ...one,
      eventName: `${String(one?.eventName)}${i}`,
    }));
    return Buffer.from(JSON.stringify({ Records: records }));
  }
  if (c.layout === 'ndjson')
    return Buffer.from((c.json as unknown[]).map((v) => JSON.stringify(v)).join('\n') + '\n');
  return Buffer.from(c.layout === 'pretty' ? JSON.stringify(c.json, null, 2) : JSON.stringify(c.json));
}

function encode(c: ReadShapeCase, raw: Buffer): Buffer {
  switch (c.encoding ?? 'plain') {
    case 'plain':
      return raw;
    case 'gzip':
      return gzipSync(raw);
    case 'truncated-gzip': {
      const gz = gzipSync(raw);
      return gz.subarray(0, Math.floor(gz.length * 0.7));
    }
    case 'utf16le':
      return Buffer.from('\ufeff' + raw.toString('utf8'), 'utf16le');
    case 'gzip-trailing-garbage':
      return Buffer.concat([gzipSync(raw), Buffer.from('this is not gzip\n')]);
    case 'gzip-bad-crc': {
      const gz = Buffer.from(gzipSync(raw));
      gz[gz.length - 6] = (gz[gz.length - 6] as number) ^ 0xff;
      return gz;
    }
    case 'gzip-corrupt-byte': {
      const gz = Buffer.from(gzipSync(raw));
      const at = Math.floor(gz.length / 2);
      gz[at] = (gz[at] as number) ^ 0xff;
      return gz;
    }
    case 'gzip-members': {
      // Concatenated gzip members (what `cat a.gz b.gz` makes): one stream to a reader.
      const half = Math.floor(raw.length / 2);
      return Buffer.concat([gzipSync(raw.subarray(0, half)), gzipSync(raw.subarray(half))]);
    }
  }
}

describe('readTrailFile (test/cases/read-shapes)', () => {
  for (const c of loadCases<ReadShapeCase>('read-shapes')) {
    it(`${c.file}: ${c.description}`, async () => {
      const gz = c.data.encoding?.startsWith('gzip') || c.data.encoding === 'truncated-gzip';
      const path = join(dir, c.file + (gz ? '.gz' : ''));
      writeFileSync(path, encode(c.data, contentOf(c.data)));
      const names: string[] = [];
      const limits = {
        ...defaultReadLimits,
        ...(c.data.streaming ? { wholeFileBytes: 64 } : {}),
        ...(c.data.maxRecordBytes ? { maxRecordBytes: c.data.maxRecordBytes } : {}),
      };
      const result = await readTrailFile(
        path,
        (r) => names.push((r as { eventName: string }).eventName),
        limits,
      );
      const want = c.data.expect.records;
      if (typeof want === 'number') expect(result.records).toBe(want);
      else expect(result.records).toBeGreaterThanOrEqual(want.atLeast);
      expect(names.length).toBe(result.records);
      if (c.data.expect.eventNames) expect(names).toEqual(c.data.expect.eventNames);
      expect(result.problems.length, JSON.stringify(result.problems)).toBe(c.data.expect.problems.length);
      for (const [i, p] of c.data.expect.problems.entries()) {
        expect(result.problems[i]?.reason).toContain(p.reasonIncludes);
        expect(result.problems[i]?.records).toBe(p.records);
      }
    });
  }
});

describe('readTrailFile limits', () => {
  it('refuses a gzip bomb and says so', async () => {
    const path = join(dir, 'bomb.json.gz');
    // 8 MiB of spaces compresses to a few KiB and expands past the 4 MiB cap (the ratio check
    // only starts at 64 MiB, so it is not what trips here).
    writeFileSync(path, gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));
    const result = await readTrailFile(path, () => undefined, {
      wholeFileBytes: 1024,
      maxDecompressedBytes: 4 * 1024 * 1024,
      maxGzipRatio: 100,
      maxRecordBytes: 1024,
      fifoWriterWaitMs: 1000,
    });
    expect(result.records).toBe(0);
    expect(result.problems.map((p) => p.reason).join('\n')).toMatch(/gzip bomb/);
  });

  it('reports a path that cannot be read', async () => {
    const result = await readTrailFile(join(dir, 'does-not-exist.json'), () => undefined);
    expect(result.problems[0]?.reason).toMatch(/^unreadable: .*ENOENT/);
  });
});

describe('readTrailFile on pipes and devices', () => {
  const record = (name: string): Record<string, unknown> => ({
    eventVersion: '1.08',
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/r/f' },
    eventTime: '2026-11-01T00:00:00Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
  });

  it('streams a gzipped FIFO larger than the whole-file limit (one pass, nothing re-read)', async () => {
    const fifo = join(dir, 'pipe.json.gz');
    execFileSync('mkfifo', [fifo]);
    const names = Array.from({ length: 50 }, (_, i) => `Get${i}`);
    const body = gzipSync(JSON.stringify({ Records: names.map(record) }));
    // Opening a FIFO for writing waits for the reader; the stream does that off-thread.
    const writer = createWriteStream(fifo);
    writer.end(body);
    const seen: string[] = [];
    const result = await readTrailFile(fifo, (r) => seen.push((r as { eventName: string }).eventName), {
      ...defaultReadLimits,
      wholeFileBytes: 64,
    });
    expect(result).toEqual({ records: names.length, problems: [] });
    expect(seen).toEqual(names);
  });

  it('skips a named pipe nothing opens for writing, instead of waiting for ever', async () => {
    const fifo = join(dir, 'lonely.json');
    execFileSync('mkfifo', [fifo]);
    const result = await readTrailFile(fifo, () => undefined, {
      ...defaultReadLimits,
      fifoWriterWaitMs: 200,
    });
    expect(result.records).toBe(0);
    expect(result.problems[0]?.reason).toMatch(/named pipe nothing wrote to within 0.2 s/);
  });

  it('reads a named pipe whose writer opens late and pauses between writes', async () => {
    const fifo = join(dir, 'slow.json');
    execFileSync('mkfifo', [fifo]);
    const names = Array.from({ length: 200 }, (_, i) => `Put${i}`);
    const text = JSON.stringify({ Records: names.map(record) });
    const seen: string[] = [];
    const reading = readTrailFile(fifo, (r) => seen.push((r as { eventName: string }).eventName));
    // The writer starts after the reader and stops half-way: the reader sees "no writer" first,
    // then "nothing to read yet", and must wait through both.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const writer = createWriteStream(fifo);
    writer.write(text.slice(0, text.length / 2));
    await new Promise((resolve) => setTimeout(resolve, 100));
    writer.end(text.slice(text.length / 2));
    expect(await reading).toEqual({ records: names.length, problems: [] });
    expect(seen).toEqual(names);
  });

  it('refuses a character device such as /dev/zero instead of reading it forever', async () => {
    const result = await readTrailFile('/dev/zero', () => undefined);
    expect(result.records).toBe(0);
    expect(result.problems[0]?.reason).toMatch(/device/);
  });

  it('bounds a plain stream that never ends', async () => {
    const seen: unknown[] = [];
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    const result = await readTrailStream(endless, false, (r) => seen.push(r), {
      ...defaultReadLimits,
      maxDecompressedBytes: 1024 * 1024,
    });
    expect(result.problems.map((p) => p.reason).join('\n')).toMatch(/longer than 1\.0 MiB/);
  });
});

describe('readTrailFile on damaged gzip, streamed', () => {
  it('keeps all but at most one 64 KiB output chunk before a corrupt byte, compared with the whole-file reader', async () => {
    const line = (i: number): string =>
      JSON.stringify({
        eventVersion: '1.08',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/r/f' },
        eventTime: '2026-11-01T00:00:00Z',
        eventSource: 'dynamodb.amazonaws.com',
        eventName: `Get${i}`,
        awsRegion: 'us-east-1',
        requestParameters: { tableName: `T${i % 7}`, key: `k-${(i * 7919) % 100003}` },
      });
    const text = Array.from({ length: 4000 }, (_, i) => line(i)).join('\n') + '\n';
    const gz = Buffer.from(gzipSync(text));
    const at = Math.floor(gz.length * 0.6);
    gz[at] = (gz[at] as number) ^ 0xff;
    const path = join(dir, 'corrupt-big.json.gz');
    writeFileSync(path, gz);
    const whole = await readTrailFile(path, () => undefined);
    const streamed = await readTrailFile(path, () => undefined, { ...defaultReadLimits, wholeFileBytes: 64 });
    const perChunk = Math.ceil((64 * 1024) / line(0).length) + 1;
    expect(whole.records).toBeGreaterThan(perChunk); // the damage is past the first chunk
    expect(streamed.records).toBeGreaterThanOrEqual(whole.records - perChunk);
    expect(streamed.records).toBeLessThanOrEqual(whole.records);
    expect(streamed.problems.map((p) => p.reason).join('\n')).toMatch(/corrupt gzip/);
  });
});

import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { scanS3Trail, scanS3TrailByDay } from '../../src/sources/s3-trail-source.js';
import { createScanWorkerPool } from '../../src/sources/scan-worker-pool.js';
import { createInlineScan } from '../../src/sources/scan-trail.js';
import { mergeUsage } from '../../src/usage/merge-usage.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import type { DayUsage } from '../../src/usage/day-usage.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

// Worker threads run compiled code: `npm test` builds dist/ first. The same scan from the
// sources runs in this thread (no compiled worker), which is what the threaded one must match.
const built = new URL('../../dist/sources/s3-trail-source.js', import.meta.url);
type Source = typeof import('../../src/sources/s3-trail-source.js');
const dist = async (): Promise<Source> => (await import(built.href)) as Source;

const PLAIN = '123456789012';
const DAY = `AWSLogs/${PLAIN}/CloudTrail/us-east-1/2026/11/01/`;
const keyOf = (n: number): string => `${DAY}${PLAIN}_CloudTrail_us-east-1_20261101T00${n}0Z_k${n}.json.gz`;
const catalog = createEventCatalog();
const aggregate: AggregateOptions = { ...defaultAggregateOptions, capturePolicyChanges: true };

const gz = (n: number, hour: number): Buffer =>
  gzipSync(
    JSON.stringify({
      Records: Array.from({ length: n }, (_, i) =>
        callRecord({
          fn: `fn-${i % 3}`,
          name: ['GetItem', 'PutItem', 'Query'][i % 3]!,
          time: `2026-11-01T0${hour}:${String(i % 60).padStart(2, '0')}:00Z`,
        }),
      ),
    }),
  );

/** Each key's body, made fresh per GET; a `cut` body fails after its first half. */
const bodies = new Map<string, { bytes: Buffer; cut?: boolean } | 'missing'>([
  [keyOf(1), { bytes: gz(40, 1) }],
  // Stored uncompressed under a .gz name: sniffed by content.
  [
    keyOf(2),
    { bytes: Buffer.from(JSON.stringify({ Records: [callRecord({ time: '2026-11-01T02:00:00Z' })] })) },
  ],
  [keyOf(3), { bytes: gz(200, 3).subarray(0, 600) }],
  [keyOf(4), 'missing'],
  [keyOf(6), { bytes: Buffer.from('{') }],
  [keyOf(7), { bytes: gz(30, 7) }],
]);

const s3Mock = mockClient(S3Client);
afterEach(() => s3Mock.reset());

let inFlight = 0;
let most = 0;
function mockBucket(objects = bodies): void {
  inFlight = 0;
  most = 0;
  s3Mock.on(ListObjectsV2Command).resolves({});
  s3Mock
    .on(ListObjectsV2Command, { Prefix: 'AWSLogs/', Delimiter: '/' })
    .resolves({ CommonPrefixes: [{ Prefix: `AWSLogs/${PLAIN}/` }] });
  s3Mock.on(ListObjectsV2Command, { Prefix: DAY }).resolves({
    Contents: [...objects].map(([Key, b]) => ({ Key, Size: b === 'missing' ? 10 : b.bytes.length })),
  });
  s3Mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const b = objects.get(input.Key);
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    if (!b || b === 'missing')
      throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    const half = b.bytes.subarray(0, b.bytes.length >> 1);
    return {
      Body: b.cut
        ? Readable.from(
            (async function* () {
              yield half;
              await new Promise((r) => setTimeout(r, 1));
              throw new Error('socket hang up');
            })(),
          )
        : Readable.from([b.bytes]),
    };
  });
}

const options = {
  aggregate,
  catalog,
  regions: ['us-east-1'],
  since: new Date('2026-11-01T00:00:00Z'),
  nowMs: Date.parse('2026-11-01T12:00:00Z'),
  concurrency: 4,
  // The mock answers s3.send only: no signed GET of iamtrim's own to a real endpoint.
  directRequests: false,
};

function snapshot(acc: UsageAccumulator): unknown {
  return {
    report: toUsageReport(acc),
    stats: acc.stats,
    skipped: [...acc.skipped.values()].sort((a, b) => (a.file + a.reason).localeCompare(b.file + b.reason)),
  };
}
const days = (u: DayUsage): unknown =>
  [...u.days.keys()].sort().map((d) => [d, toUsageReport(u.days.get(d)!)]);

describe.runIf(existsSync(built))('scanS3Trail on worker threads', () => {
  it('gives the same usage and the same problems, named by s3:// key, as in this thread', async () => {
    mockBucket();
    const s3 = new S3Client({ region: 'us-east-1' });
    const inline = await scanS3Trail('s3://bkt', { ...options, s3, workers: 1 });
    const threaded = await (await dist()).scanS3Trail('s3://bkt', { ...options, s3, workers: 2 });
    expect(snapshot(threaded.acc)).toEqual(snapshot(inline.acc));
    expect(threaded).toMatchObject({ listed: 6, fetched: 5, cached: 0 });
    // Not a vacuous comparison: records were read, and every damaged object is named.
    expect(inline.acc.stats.records).toBeGreaterThan(70);
    const named = new Set([...threaded.acc.skipped.values()].map((s) => s.file));
    for (const n of [3, 4, 6]) expect(named).toContain(`s3://bkt/${keyOf(n)}`);
  });

  it('by day: the same days, and the same checkpoint (the missing object not marked read)', async () => {
    mockBucket();
    const s3 = new S3Client({ region: 'us-east-1' });
    const inline = await scanS3TrailByDay('s3://bkt', { ...options, s3, workers: 1 });
    const threaded = await (await dist()).scanS3TrailByDay('s3://bkt', { ...options, s3, workers: 2 });
    expect(days(threaded.usage)).toEqual(days(inline.usage));
    expect(snapshot(threaded.usage.undated)).toEqual(snapshot(inline.usage.undated));
    expect(threaded.checkpoint).toEqual(inline.checkpoint);
    expect(threaded.checkpoint.keys).toHaveLength(5);
    expect(threaded.checkpoint.keys).not.toContain(keyOf(4));
  });

  it('keeps the records before a download cut short, and names the cause', async () => {
    const whole = gz(200, 5);
    mockBucket(new Map([[keyOf(5), { bytes: whole, cut: true }]]));
    const s3 = new S3Client({ region: 'us-east-1' });
    const threaded = await (await dist()).scanS3Trail('s3://bkt', { ...options, s3, workers: 2 });
    // Half the gzip holds well over a tenth of the records; none after the cut.
    expect(threaded.acc.stats.records).toBeGreaterThan(20);
    expect(threaded.acc.stats.records).toBeLessThan(200);
    const reasons = [...threaded.acc.skipped.values()].map((s) => `${s.file}: ${s.reason}`);
    expect(reasons.join('\n')).toMatch(
      new RegExp(`s3://bkt/${keyOf(5)}: unreadable: socket hang up \\(download cut short after`),
    );
  });

  it('holds at most maxBytesInFlight downloaded bytes (one object when each would pass it)', async () => {
    mockBucket();
    const s3 = new S3Client({ region: 'us-east-1' });
    const source = await dist();
    await source.scanS3Trail('s3://bkt', { ...options, s3, workers: 2, maxBytesInFlight: 1 });
    expect(most).toBe(1);
    mockBucket();
    await source.scanS3Trail('s3://bkt', { ...options, s3, workers: 2 });
    expect(most).toBeGreaterThan(1);
  });
});

describe('createScanWorkerPool', () => {
  const workerFile = new URL('../../dist/sources/scan-worker.js', import.meta.url);
  it.runIf(existsSync(workerFile))(
    'moves each object’s bytes to a worker (no copy) and its results merge to an in-thread read',
    async () => {
      const objects = [gz(40, 1), gz(30, 2), gz(200, 3).subarray(0, 600), Buffer.from('[')];
      const pool = createScanWorkerPool(workerFile.pathname, 2, { aggregate });
      const jobs = objects.map((b, i) => {
        const bytes = new Uint8Array(b).buffer; // a fresh ArrayBuffer of its own
        return { type: 'bytes' as const, name: `s3://bkt/o${i}`, bytes };
      });
      const reads = jobs.map((j) => pool.submit(j));
      const counts = await Promise.all(reads);
      // Transferred, so detached here: the bytes were moved, not copied.
      expect(jobs.map((j) => j.bytes.byteLength)).toEqual([0, 0, 0, 0]);
      const merged = createUsageAccumulator();
      for (const r of await pool.finish()) if (r.type === 'result') mergeUsage(merged, r.acc, 1000);
      const here = createUsageAccumulator();
      const inThread = createInlineScan({ kind: 'usage', acc: here }, { aggregate, catalog });
      const hereCounts = [];
      for (const [i, b] of objects.entries())
        hereCounts.push(
          await inThread({ type: 'bytes', name: `s3://bkt/o${i}`, bytes: new Uint8Array(b).buffer }),
        );
      expect(counts).toEqual(hereCounts);
      expect(snapshot(merged)).toEqual(snapshot(here));
      expect(here.stats.records).toBeGreaterThan(70);
      expect(here.skipped.size).toBe(2);
    },
  );

  it('fails the scan naming the input a dying worker was reading', async () => {
    const dying = new URL('../support/dying-scan-worker.mjs', import.meta.url);
    const pool = createScanWorkerPool(dying.pathname, 1, { aggregate });
    const read = pool.submit({ type: 'file', path: '/logs/a.json.gz', name: 's3://bkt/a.json.gz' });
    await expect(read).rejects.toThrow(/while reading s3:\/\/bkt\/a\.json\.gz: worker exited with code 3/);
    await expect(pool.finish()).rejects.toThrow(/a\.json\.gz/);
  });

  it("says how to read an input that outgrows the workers' heap bound", async () => {
    const greedy = new URL('../support/greedy-scan-worker.mjs', import.meta.url);
    const pool = createScanWorkerPool(greedy.pathname, 1, { aggregate }, undefined, {
      maxOldGenerationSizeMb: 16,
    });
    const read = pool.submit({ type: 'file', path: '/logs/big.json.gz', name: '/logs/big.json.gz' });
    await expect(read).rejects.toThrow(/while reading \/logs\/big\.json\.gz: .*memory.*--workers 1 reads it/);
    await expect(pool.finish()).rejects.toThrow(/big\.json\.gz/);
  });
});

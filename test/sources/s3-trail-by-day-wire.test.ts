import { gzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { scanS3TrailByDay, type S3DayScanResult } from '../../src/sources/s3-trail-source.js';
import type { AggregateOptions } from '../../src/usage/add-record.js';
import { mergeDayMaps } from '../../src/usage/day-usage.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';
import {
  startS3Server,
  type RecordedRequest,
  type S3Fault,
  type S3TestServer,
} from '../support/wire/s3-server.js';

/** Drift's incremental S3 read, with the real S3Client against the local S3 REST server. */

const BUCKET = 'drift-bucket';
const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const catalog = createEventCatalog();
const aggregate: AggregateOptions = { filter: {}, maxResourcesPerAction: 1000, capturePolicyChanges: true };
const SINCE = new Date('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;

function key(day: string, n: number): string {
  const [y, m, d] = day.split('-');
  return `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${y}/${m}/${d}/${ACCOUNT}_CloudTrail_us-east-1_${y}${m}${d}T00${n}0Z_k${n}.json.gz`;
}
const body = (...times: [string, string][]): Buffer =>
  gzipSync(
    JSON.stringify({
      Records: times.map(([name, time]) =>
        callRecord({ role: ROLE, name, params: { tableName: 'Orders' }, time }),
      ),
    }),
  );

let server: S3TestServer;
let fault: ((req: RecordedRequest) => S3Fault | undefined) | undefined;

const client = (): S3Client =>
  new S3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 2,
  });

function run(nowIso: string, checkpoint?: S3DayScanResult['checkpoint']): Promise<S3DayScanResult> {
  return scanS3TrailByDay(`s3://${BUCKET}`, {
    s3: client(),
    aggregate,
    catalog,
    since: SINCE,
    nowMs: Date.parse(nowIso),
    deliveryLagMs: HOUR,
    concurrency: 2,
    ...(checkpoint ? { checkpoint } : {}),
  });
}

const gets = (): string[] =>
  server.requests
    .filter((r) => r.key !== undefined)
    .map((r) => r.key!)
    .sort();
const listed = (): string[] =>
  [
    ...new Set(
      server.requests.filter((r) => r.key === undefined && !r.query.delimiter).map((r) => r.query.prefix),
    ),
  ].sort() as string[];
const byDay = (days: ReadonlyMap<string, UsageAccumulator>): unknown =>
  [...days.keys()].sort().map((d) => [d, toUsageReport(days.get(d)!).principals]);

beforeAll(async () => {
  server = await startS3Server({ pageSize: 2, fault: (req) => fault?.(req) });
});
afterEach(() => {
  fault = undefined;
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
});

describe('scanS3TrailByDay over the wire', () => {
  it('a second run lists only the open day folders, fetches only new keys, and adds up to a full rescan', async () => {
    server.put(BUCKET, key('2026-11-01', 1), body(['GetItem', '2026-11-01T08:00:00Z']));
    server.put(BUCKET, key('2026-11-01', 2), body(['GetItem', '2026-11-01T09:00:00Z']));
    // Delivered after midnight: the event belongs to the 1st, the file to the 2nd's folder.
    server.put(
      BUCKET,
      key('2026-11-02', 1),
      body(['PutItem', '2026-11-01T23:58:00Z'], ['Query', '2026-11-02T01:00:00Z']),
    );

    const first = await run('2026-11-02T12:00:00Z');
    expect(first.fetched).toBe(3);
    expect([...first.usage.days.keys()].sort()).toEqual(['2026-11-01', '2026-11-02']);
    expect(
      toUsageReport(first.usage.days.get('2026-11-01')!).principals[0]?.actions.map((a) => a.action),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    // The 1st's folder is closed (its day and the lag are over); the 2nd's may still grow.
    expect(first.checkpoint).toEqual({
      kind: 's3',
      url: `s3://${BUCKET}`,
      doneBefore: '2026-11-02',
      keys: [key('2026-11-02', 1)],
    });

    server.put(BUCKET, key('2026-11-02', 2), body(['DeleteItem', '2026-11-02T20:00:00Z']));
    server.put(BUCKET, key('2026-11-03', 1), body(['Scan', '2026-11-03T02:00:00Z']));
    server.requests.length = 0;
    const second = await run('2026-11-03T12:00:00Z', first.checkpoint);
    expect(listed()).toEqual([
      `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/`,
      `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/03/`,
    ]);
    expect(gets()).toEqual([key('2026-11-02', 2), key('2026-11-03', 1)]);
    expect(second.known).toBe(1);
    expect(second.checkpoint).toMatchObject({ doneBefore: '2026-11-03', keys: [key('2026-11-03', 1)] });

    const full = await run('2026-11-03T12:00:00Z');
    expect(byDay(mergeDayMaps(first.usage.days, second.usage.days))).toEqual(byDay(full.usage.days));
  });

  it('an object that could not be fetched is not marked read, so the next run tries it again', async () => {
    const k = key('2026-11-05', 1);
    server.put(BUCKET, k, body(['GetItem', '2026-11-05T08:00:00Z']));
    const start = { kind: 's3' as const, url: `s3://${BUCKET}`, doneBefore: '2026-11-05', keys: [] };
    fault = (req) => (req.key === k ? 'InternalError' : undefined);
    const failed = await run('2026-11-05T12:00:00Z', start);
    expect(failed.fetched).toBe(0);
    expect([...failed.usage.undated.skipped.values()].map((s) => s.file)).toEqual([`s3://${BUCKET}/${k}`]);
    expect(failed.checkpoint.keys).toEqual([]);
    fault = undefined;
    const retried = await run('2026-11-05T13:00:00Z', failed.checkpoint);
    expect(retried.fetched).toBe(1);
    expect(retried.checkpoint.keys).toEqual([k]);
  });
});

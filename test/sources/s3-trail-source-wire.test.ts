import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { scanS3Trail, type S3ScanProgress } from '../../src/sources/s3-trail-source.js';
import { scanTrail } from '../../src/sources/scan-trail.js';
import type { AggregateOptions } from '../../src/usage/add-record.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { callRecord } from '../support/records.js';
import {
  startS3Server,
  type S3Fault,
  type RecordedRequest,
  type S3TestServer,
} from '../support/wire/s3-server.js';

/**
 * The real S3Client against a local S3 REST server: listing, pagination, retries and
 * streamed bodies all go over HTTP as they would against AWS.
 */

const BUCKET = 'trail-bucket';
/** The same objects in a bucket in eu-west-1, for a client set for us-east-1. */
const EU_BUCKET = 'eu-trail-bucket';
const PREFIX = 'trails';
const PLAIN = '111111111111';
const ORG = 'o-abcdef1234';
const MEMBER = '222222222222';
const ROLE = `arn:aws:iam::${PLAIN}:role/service-role/orders-api-role`;
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/billing-role`;

const SINCE = Date.parse('2026-11-01T00:00:00Z');
const UNTIL = Date.parse('2026-11-03T00:00:00Z');
const NOW = Date.parse('2026-11-20T00:00:00Z');
const catalog = createEventCatalog();
const aggregate: AggregateOptions = {
  filter: { sinceMs: SINCE, untilMs: UNTIL },
  maxResourcesPerAction: 1000,
};

function key(base: string, region: string, day: string, n: number): string {
  const [y, m, d] = day.split('-');
  const account = base.split('/').pop()!;
  const stamp = `${y}${m}${d}T00${String(n).padStart(2, '0')}Z`;
  return `${PREFIX}/AWSLogs/${base}/CloudTrail/${region}/${y}/${m}/${d}/${account}_CloudTrail_${region}_${stamp}_x${n}.json.gz`;
}

function gz(records: unknown[]): Buffer {
  return gzipSync(JSON.stringify({ Records: records }));
}

const call = (
  name: string,
  time: string,
  extra: Parameters<typeof callRecord>[0] = {},
): Record<string, unknown> =>
  callRecord({ role: ROLE, name, params: { tableName: 'Orders' }, time, ...extra });

/** The bucket: every object, keyed by S3 key. `inWindow` says whether its folder is one the window lists. */
function buildObjects(): { key: string; body: Buffer; inWindow: boolean }[] {
  const objs: { key: string; body: Buffer; inWindow: boolean }[] = [];
  const add = (k: string, body: Buffer, inWindow: boolean): void =>
    void objs.push({ key: k, body, inWindow });
  // Folders before and well after the window: never listed, never fetched.
  add(key(PLAIN, 'us-east-1', '2026-10-31', 1), gz([call('DeleteItem', '2026-10-31T10:00:00Z')]), false);
  add(key(PLAIN, 'us-east-1', '2026-11-05', 1), gz([call('DeleteItem', '2026-11-05T10:00:00Z')]), false);
  // Five files in one day folder: three list pages at page size 2.
  for (let n = 1; n <= 5; n++) {
    add(
      key(PLAIN, 'us-east-1', '2026-11-01', n),
      gz([
        call('GetItem', `2026-11-01T0${n}:00:00Z`),
        call('PutItem', `2026-11-01T0${n}:30:00Z`, { fn: `fn-${n}` }),
      ]),
      true,
    );
  }
  // The previous day's late event delivered on the 1st: in a listed folder, outside the window.
  add(key(PLAIN, 'us-east-1', '2026-11-01', 6), gz([call('UpdateItem', '2026-10-31T23:58:00Z')]), true);
  // An event just before `until`, delivered after midnight: only found through the lag day.
  add(key(PLAIN, 'eu-west-1', '2026-11-03', 1), gz([call('Query', '2026-11-02T23:58:00Z')]), true);
  // A truncated object: whatever it held before the cut, it is reported under its s3:// name.
  const whole = gz(
    Array.from({ length: 200 }, (_, i) =>
      call('BatchGetItem', `2026-11-02T10:${String(i % 60).padStart(2, '0')}:00Z`),
    ),
  );
  add(key(PLAIN, 'eu-west-1', '2026-11-02', 1), whole.subarray(0, Math.floor(whole.length / 2)), true);
  // A digest file in the digest folder, and a stray file in a log folder.
  add(`${PREFIX}/AWSLogs/${PLAIN}/CloudTrail-Digest/us-east-1/2026/11/01/d.json.gz`, gz([]), false);
  add(`${PREFIX}/AWSLogs/${PLAIN}/CloudTrail/us-east-1/2026/11/02/README.txt`, Buffer.from('hello'), false);
  // Organization trail member account.
  add(
    key(`${ORG}/${MEMBER}`, 'us-east-1', '2026-11-02', 1),
    gz([
      callRecord({
        role: MEMBER_ROLE,
        fn: 'billing',
        source: 'sqs.amazonaws.com',
        name: 'SendMessage',
        params: { queueUrl: `https://sqs.us-east-1.amazonaws.com/${MEMBER}/bills` },
        time: '2026-11-02T08:00:00Z',
      }),
    ]),
    true,
  );
  add(
    key(`${ORG}/${MEMBER}`, 'us-east-1', '2026-10-30', 1),
    gz([call('DeleteTable', '2026-10-30T08:00:00Z')]),
    false,
  );
  return objs;
}

const objects = buildObjects();
const windowObjects = objects.filter((o) => o.inWindow);
const truncatedKey = key(PLAIN, 'eu-west-1', '2026-11-02', 1);

/** A comparable, name-independent form of an accumulator. */
function snapshot(acc: UsageAccumulator, rename: (file: string) => string): unknown {
  const plain = (v: unknown): unknown => {
    if (v instanceof Map)
      return [...v.entries()]
        .map(([k, x]) => [k, plain(x)])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    if (v instanceof Set) return [...v].map(String).sort();
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  const skipped = [...acc.skipped.values()]
    .map((s) => ({ ...s, file: rename(s.file) }))
    .sort((a, b) => (a.file + a.reason).localeCompare(b.file + b.reason));
  return {
    principals: plain(acc.principals),
    unmapped: plain(acc.unmapped),
    stats: plain(acc.stats),
    skipped,
  };
}

const fromS3 = (f: string): string => f.replace(`s3://${BUCKET}/`, '');

let server: S3TestServer;
let fault: ((req: RecordedRequest, n: number) => S3Fault | undefined) | undefined;
const dirs: string[] = [];

// The server checks every request's signature, the SDK's and iamtrim's own GETs alike.
const SECRET = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

function client(): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: SECRET,
    maxAttempts: 3,
  });
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iamtrim-s3-'));
  dirs.push(d);
  return d;
}

const scan = (extra: Partial<Parameters<typeof scanS3Trail>[1]> = {}): ReturnType<typeof scanS3Trail> =>
  scanS3Trail(`s3://${BUCKET}/${PREFIX}/`, {
    s3: client(),
    aggregate,
    catalog,
    nowMs: NOW,
    concurrency: 3,
    ...extra,
  });

const listPrefixesRequested = (reqs: readonly RecordedRequest[]): string[] =>
  [
    ...new Set(
      reqs.filter((r) => r.key === undefined && !r.query.delimiter).map((r) => r.query.prefix ?? ''),
    ),
  ].sort();
const gets = (reqs: readonly RecordedRequest[]): string[] =>
  reqs.filter((r) => r.key !== undefined).map((r) => r.key!);

beforeAll(async () => {
  server = await startS3Server({
    pageSize: 2,
    verify: SECRET,
    bucketRegions: { [EU_BUCKET]: 'eu-west-1' },
    fault: (req, n) => fault?.(req, n),
  });
  for (const o of objects) {
    server.put(BUCKET, o.key, o.body);
    server.put(EU_BUCKET, o.key, o.body);
  }
});
afterEach(() => {
  fault = undefined;
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('scanS3Trail over the wire', () => {
  it('discovers accounts (plain and organization) and regions, and lists only the window’s day folders', async () => {
    const result = await scan();
    const days = ['2026/11/01/', '2026/11/02/', '2026/11/03/'];
    const roots = [
      `${PLAIN}/CloudTrail/eu-west-1/`,
      `${PLAIN}/CloudTrail/us-east-1/`,
      `${ORG}/${MEMBER}/CloudTrail/us-east-1/`,
    ];
    expect(listPrefixesRequested(server.requests)).toEqual(
      roots.flatMap((r) => days.map((d) => `${PREFIX}/AWSLogs/${r}${d}`)).sort(),
    );
    // Discovery went through delimiter listings, organization level included.
    const discovery = server.requests.filter((r) => r.query.delimiter === '/').map((r) => r.query.prefix);
    expect(discovery).toContain(`${PREFIX}/AWSLogs/`);
    expect(discovery).toContain(`${PREFIX}/AWSLogs/${ORG}/`);
    expect(discovery).toContain(`${PREFIX}/AWSLogs/${ORG}/${MEMBER}/CloudTrail/`);
    // Only in-window folders' log objects were fetched, each once.
    expect(gets(server.requests).sort()).toEqual(windowObjects.map((o) => o.key).sort());
    expect(result).toMatchObject({ listed: windowObjects.length, fetched: windowObjects.length, cached: 0 });

    const orders = result.acc.principals.get(ROLE);
    expect([...(orders?.actions.keys() ?? [])].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    // The previous day's late event was read but fell outside the window.
    expect(orders?.actions.has('dynamodb:UpdateItem')).toBe(false);
    expect(orders?.actions.get('dynamodb:GetItem')?.count).toBe(5);
    expect(result.acc.principals.get(MEMBER_ROLE)?.actions.has('sqs:SendMessage')).toBe(true);
    // The stray file is named, not dropped.
    expect(
      [...result.acc.skipped.values()].some(
        (s) => s.file.endsWith('/README.txt') && s.reason.includes('.json.gz'),
      ),
    ).toBe(true);
  });

  it('follows list pagination across three pages', async () => {
    const progress: S3ScanProgress[] = [];
    const result = await scan({
      regions: ['us-east-1'],
      accounts: [PLAIN],
      onProgress: (p) => progress.push(p),
    });
    // One report per object, the last one matching the result.
    expect(progress).toHaveLength(result.listed);
    expect(progress.at(-1)).toMatchObject({
      fetched: result.fetched,
      cached: 0,
      records: result.acc.stats.records,
    });
    const day = `${PREFIX}/AWSLogs/${PLAIN}/CloudTrail/us-east-1/2026/11/01/`;
    const pages = server.requests.filter((r) => r.key === undefined && r.query.prefix === day);
    expect(pages.length).toBe(3); // 6 objects at 2 per page
    expect(pages.filter((p) => p.query['continuation-token']).length).toBe(2);
    expect(gets(server.requests).filter((k) => k.startsWith(day))).toHaveLength(6);
  });

  it('reports a truncated object under its s3:// name while the others still count', async () => {
    const result = await scan();
    const bad = [...result.acc.skipped.values()].filter((s) => s.file === `s3://${BUCKET}/${truncatedKey}`);
    expect(bad.map((s) => s.reason).join()).toMatch(/truncated gzip|ends inside a value/);
    expect(result.acc.principals.get(ROLE)?.actions.get('dynamodb:PutItem')?.count).toBe(5);
  });

  it.each([
    ['its own GET, then through the SDK', true, { '': 1, 'x-id=GetObject': 1 }],
    ['the SDK, which retries', false, { 'x-id=GetObject': 2 }],
  ])('reads an object answered SlowDown once, by %s, and loses nothing', async (_, directRequests, asked) => {
    const slowKey = key(PLAIN, 'us-east-1', '2026-11-01', 3);
    let thrown = 0;
    fault = (req) => (req.key === slowKey && thrown++ === 0 ? 'SlowDown' : undefined);
    const result = await scan({ directRequests });
    const slow = server.requests.filter((r) => r.key === slowKey);
    const kinds: Record<string, number> = {};
    for (const r of slow) {
      const q = new URLSearchParams(r.query).toString();
      kinds[q] = (kinds[q] ?? 0) + 1;
    }
    expect(kinds).toEqual(asked);
    expect(result.acc.principals.get(ROLE)?.actions.get('dynamodb:GetItem')?.count).toBe(5);
    expect([...result.acc.skipped.values()].some((s) => s.file.endsWith(slowKey))).toBe(false);
  });

  it('stops with an AwsError naming s3:ListBucket when listing is denied', async () => {
    fault = (req) => (req.key === undefined ? 'AccessDenied' : undefined);
    const err = await scan().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toContain('s3:ListBucket');
  });

  it('stops with an AwsError naming s3:GetObject and kms:Decrypt when reading is denied', async () => {
    fault = (req) => (req.key !== undefined ? 'AccessDenied' : undefined);
    const err = await scan().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(/s3:GetObject.*kms:Decrypt/);
  });

  it('stops, naming the cause, when the credentials expire during the scan', async () => {
    // The third GET on is refused: the token ran out mid-scan.
    fault = (req) => (req.key !== undefined && gets(server.requests).length > 2 ? 'ExpiredToken' : undefined);
    const err = await scan({ concurrency: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(/credentials have expired \(ExpiredToken\)/);
  });

  it('keeps objects in the cache dir and fetches nothing on a second run', async () => {
    const cacheDir = tempDir();
    const first = await scan({ cacheDir });
    expect(first).toMatchObject({ fetched: windowObjects.length, cached: 0 });
    const firstGets = gets(server.requests).length;
    expect(firstGets).toBe(windowObjects.length);

    server.requests.length = 0;
    const second = await scan({ cacheDir });
    expect(second).toMatchObject({ fetched: 0, cached: windowObjects.length, listed: windowObjects.length });
    expect(gets(server.requests)).toEqual([]);
    expect(snapshot(second.acc, fromS3)).toEqual(snapshot(first.acc, fromS3));

    // A new object is fetched alone; a cut cached copy (size differs from the listing) is fetched again.
    const fresh = key(PLAIN, 'us-east-1', '2026-11-02', 9);
    server.put(BUCKET, fresh, gz([call('Scan', '2026-11-02T09:00:00Z')]));
    const damaged = key(PLAIN, 'us-east-1', '2026-11-01', 2);
    writeFileSync(join(cacheDir, BUCKET, damaged), Buffer.from('cut'));
    server.requests.length = 0;
    try {
      const third = await scan({ cacheDir });
      expect(gets(server.requests).sort()).toEqual([damaged, fresh].sort());
      expect(third).toMatchObject({ fetched: 2, cached: windowObjects.length - 1 });
      expect(third.acc.principals.get(ROLE)?.actions.has('dynamodb:Scan')).toBe(true);
    } finally {
      server.delete(BUCKET, fresh);
    }
  });

  it('reads a bucket in another region (the CLI follows redirects), asking for each object once', async () => {
    const here = await scan();
    const homeLists = server.requests.filter((r) => r.key === undefined).length;
    server.requests.length = 0;
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: SECRET,
      followRegionRedirects: true,
    });
    // One request at a time: the first listing is answered 301, and everything after goes
    // to the bucket's region first.
    const there = await scanS3Trail(`s3://${EU_BUCKET}/${PREFIX}/`, {
      s3,
      aggregate,
      catalog,
      nowMs: NOW,
      concurrency: 1,
    });
    const euFiles = (f: string): string => f.replace(`s3://${EU_BUCKET}/`, `s3://${BUCKET}/`);
    expect(snapshot(there.acc, (f) => fromS3(euFiles(f)))).toEqual(snapshot(here.acc, fromS3));
    expect(gets(server.requests).sort()).toEqual(windowObjects.map((o) => o.key).sort());
    // The same listings, and the one the 301 answered.
    expect(server.requests.filter((r) => r.key === undefined)).toHaveLength(homeLists + 1);
  });

  it('yields the same usage as scanning the same objects from local files', async () => {
    const s3 = await scan();
    const local = tempDir();
    for (const o of windowObjects) {
      const path = join(local, o.key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, o.body);
    }
    const files = await scanTrail([local], { aggregate, catalog, workers: 1 });
    expect(files.stats.files).toBe(windowObjects.length);
    const fromLocal = (f: string): string => f.slice(local.length + 1);
    // The stray README is only seen by the S3 listing (a local directory scan passes over it).
    const s3Files = (f: string): string => (f.endsWith('README.txt') ? '' : fromS3(f));
    const withoutReadme = (snap: unknown): unknown => {
      const s = snap as { skipped: { file: string }[] };
      return { ...s, skipped: s.skipped.filter((x) => x.file !== '') };
    };
    expect(withoutReadme(snapshot(s3.acc, s3Files))).toEqual(snapshot(files, fromLocal));
    // Not a vacuous comparison.
    expect(s3.acc.principals.size).toBe(2);
    expect(s3.acc.skipped.size).toBeGreaterThan(0);
  });
});

import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import {
  describeNativeInflate,
  gunzipScanNative,
  type ScannedRecords,
} from '../../src/sources/inflate-native.js';
import { readTrailFile } from '../../src/sources/read-trail-file.js';
import {
  createRecordPrefilter,
  readRecordsPrefiltered,
  readScannedRecords,
  type PrefilterScan,
  type RecordPrefilter,
} from '../../src/sources/record-prefilter.js';
import { prefilterInto } from '../../src/sources/scan-file.js';
import type { UnwrapSink } from '../../src/sources/unwrap-records.js';
import { addRecordByDay } from '../../src/usage/add-record-by-day.js';
import { createDayUsage, type DayUsage } from '../../src/usage/day-usage.js';
import { addRecord, type AggregateOptions } from '../../src/usage/add-record.js';
import { addUnselected } from '../../src/usage/add-unselected.js';
import { createUsageAccumulator, type UsageAccumulator } from '../../src/usage/usage-accumulator.js';

const catalog = createEventCatalog();
const dir = mkdtempSync(join(tmpdir(), 'iamtrim-prefilter-'));
let fileNo = 0;

const ROLES = ['billing', 'billing-role', 'orders-api-role', 'ops'] as const;
const ACCOUNT = '123456789012';

interface RecordSpec {
  role: number;
  fn: string;
  identity: 'assumed' | 'assumed-no-issuer' | 'assumed-blank-issuer' | 'service' | 'user' | 'odd';
  time: number;
  region: string;
  source: string;
  name: string;
  /** Where another role's name hides in the record. */
  decoy: 'none' | 'params' | 'agent';
  /** A character of the role name written as a \u escape. */
  escapeRole: boolean;
  category: 'Management' | 'Data' | 'none' | 'mgmt-false' | 'data-only';
  eventType: 'AwsApiCall' | 'AwsServiceEvent' | 'none' | 'Bogus';
  badTime: boolean;
}

/** CloudTrail's `YYYY-MM-DDTHH:MM:SSZ`; every third with milliseconds, which it never writes. */
function timeOf(minutes: number): string {
  const iso = new Date(Date.UTC(2026, 10, 1) + minutes * 60_000).toISOString();
  return minutes % 3 === 0 ? iso : iso.replace('.000Z', 'Z');
}

const CLOUDTRAIL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** A record with its fields in CloudTrail's order, so the prefilter reads most as stubs. */
function recordOf(s: RecordSpec): string {
  const roleName = ROLES[s.role] as string;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/service-role/${roleName}`;
  const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${s.fn}`;
  const identity =
    s.identity === 'assumed' || s.identity === 'assumed-blank-issuer'
      ? {
          type: 'AssumedRole',
          principalId: `AROAEXAMPLE:${s.fn}`,
          arn: sessionArn,
          accountId: ACCOUNT,
          accessKeyId: 'ASIAEXAMPLE',
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: 'AROAEXAMPLE',
              arn: s.identity === 'assumed' ? roleArn : '',
              accountId: ACCOUNT,
            },
            attributes: { creationDate: '2026-11-01T00:00:00Z', mfaAuthenticated: 'false' },
          },
        }
      : s.identity === 'assumed-no-issuer'
        ? { type: 'AssumedRole', principalId: `AROAEXAMPLE:${s.fn}`, arn: sessionArn, accountId: ACCOUNT }
        : s.identity === 'service'
          ? { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }
          : s.identity === 'user'
            ? { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${roleName}` }
            : { type: 'Unknown', principalId: 'x' };
  const decoy = ROLES[(s.role + 1) % ROLES.length] as string;
  const record: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: identity,
    eventTime: s.badTime ? 'not a time' : timeOf(s.time),
    eventSource: s.source,
    eventName: s.name,
    awsRegion: s.region,
    sourceIPAddress: '10.0.0.1',
    userAgent: s.decoy === 'agent' ? `aws-sdk/${decoy}` : 'aws-sdk',
    requestParameters:
      s.decoy === 'params' ? { functionName: decoy, tableName: 'Orders' } : { tableName: 'Orders' },
    responseElements: null,
    eventID: `id-${s.time}`,
    readOnly: true,
  };
  if (s.eventType !== 'none') record.eventType = s.eventType;
  if (s.category === 'mgmt-false') record.managementEvent = false;
  else if (s.category !== 'data-only') record.managementEvent = s.category !== 'Data';
  record.recipientAccountId = ACCOUNT;
  if (s.category === 'Data' || s.category === 'Management') record.eventCategory = s.category;
  // Older records have no managementEvent; the category alone says Data.
  if (s.category === 'data-only') record.eventCategory = 'Data';
  const text = JSON.stringify(record);
  if (!s.escapeRole) return text;
  // The first letter of the role name escaped wherever it is written: the same value to JSON.parse.
  const ch = roleName.charCodeAt(0).toString(16).padStart(4, '0');
  return text.replaceAll(`/${roleName}`, `/\\u${ch}${roleName.slice(1)}`);
}

const specArb: fc.Arbitrary<RecordSpec> = fc.record({
  role: fc.integer({ min: 0, max: ROLES.length - 1 }),
  fn: fc.constantFrom('fn-a', 'fn-b', 'billing'),
  identity: fc.constantFrom(
    'assumed',
    'assumed',
    'assumed',
    'assumed-no-issuer',
    'assumed-blank-issuer',
    'service',
    'user',
    'odd',
  ),
  // Now and then a time before CloudTrail existed or after the scan: skipped as implausible.
  time: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 5000 }) },
    { weight: 1, arbitrary: fc.constantFrom(-8_000_000, 300_000) },
  ),
  region: fc.constantFrom('us-east-1', 'eu-west-1'),
  source: fc.constantFrom('dynamodb.amazonaws.com', 's3.amazonaws.com', 'iam.amazonaws.com', 'aws:s3'),
  name: fc.constantFrom('GetItem', 'PutObject', 'PutRolePolicy', 'AttachRolePolicy'),
  decoy: fc.constantFrom('none', 'none', 'params', 'agent'),
  escapeRole: fc.boolean(),
  category: fc.constantFrom('Management', 'Data', 'none', 'mgmt-false', 'data-only'),
  eventType: fc.constantFrom('AwsApiCall', 'AwsApiCall', 'AwsServiceEvent', 'none', 'Bogus'),
  badTime: fc.boolean(),
});

type Layout = 'compact' | 'gzip' | 'gzip-members' | 'pretty' | 'ndjson';

function writeTrail(records: string[], layout: Layout): string {
  const path = join(dir, `trail-${fileNo++}.json${layout.startsWith('gzip') ? '.gz' : ''}`);
  const doc = `{"Records":[${records.join(',')}]}`;
  let bytes: Buffer;
  if (layout === 'compact') bytes = Buffer.from(doc);
  else if (layout === 'gzip') bytes = gzipSync(doc);
  else if (layout === 'gzip-members') {
    // Members cut mid-record: the records cross member boundaries.
    const cut = Math.floor(doc.length / 3);
    bytes = Buffer.concat(
      [doc.slice(0, cut), doc.slice(cut, 2 * cut), doc.slice(2 * cut)].map((p) => gzipSync(p)),
    );
  } else if (layout === 'pretty') bytes = Buffer.from(JSON.stringify(JSON.parse(doc), null, 2));
  else bytes = Buffer.from(records.map((r) => JSON.stringify(JSON.parse(r))).join('\n') + '\n');
  writeFileSync(path, bytes);
  return path;
}

async function scanWith(path: string, options: AggregateOptions, prefilter?: RecordPrefilter) {
  const acc = createUsageAccumulator();
  const delivered: unknown[] = [];
  let unselected = 0;
  const result = await readTrailFile(
    path,
    (raw) => {
      delivered.push(raw);
      addRecord(acc, raw, path, catalog, options);
    },
    undefined,
    prefilter && {
      prefilter,
      unselected: (kind, timeMs, region, source) => {
        unselected++;
        addUnselected(acc, kind, timeMs, region, source, path, options);
      },
    },
  );
  return { acc, result, delivered, unselected };
}

function optionsFor(
  roles: string[],
  functions: string[] = [],
  capturePolicyChanges = false,
): AggregateOptions {
  return {
    filter: { ...(roles.length ? { roles } : {}), ...(functions.length ? { functions } : {}) },
    maxResourcesPerAction: 1000,
    scanTimeMs: Date.UTC(2027, 0, 1),
    capturePolicyChanges,
  };
}

/** A record without `eventType`, `managementEvent` and `eventCategory`. */
const bare = (record: string | undefined): string =>
  (record as string).replace(/,"(eventType|managementEvent|eventCategory)":("[^"]*"|true|false)/g, '');

/** The full report and the prefiltered one, for comparison. */
async function both(path: string, options: AggregateOptions) {
  const prefilter = createRecordPrefilter(options.filter, options.capturePolicyChanges);
  expect(prefilter).toBeDefined();
  const full = await scanWith(path, options);
  const fast = await scanWith(path, options, prefilter);
  return { full, fast };
}

function expectSameReport(a: UsageAccumulator, b: UsageAccumulator): void {
  expect(b.stats).toEqual(a.stats);
  expect([...b.principals.entries()]).toEqual([...a.principals.entries()]);
  expect([...b.unmapped.entries()]).toEqual([...a.unmapped.entries()]);
  expect([...b.skipped.entries()]).toEqual([...a.skipped.entries()]);
  expect(b.policyChanges).toEqual(a.policyChanges);
}

type ReadingItem = { counted: [string, number, string, string] } | { record: unknown };

/** What one reading of a document hands on, record by record, and whether it read it. */
function readingOf(
  read: (scan: PrefilterScan, sink: UnwrapSink) => boolean,
  prefilter: RecordPrefilter,
): { ok: boolean; items: ReadingItem[] } {
  const items: ReadingItem[] = [];
  const ok = read(
    {
      prefilter,
      unselected: (kind, time, region, source) => items.push({ counted: [kind, time, region, source] }),
    },
    { record: (raw) => items.push({ record: raw }), foreign: (reason) => items.push({ record: reason }) },
  );
  return { ok, items: ok ? items : [] };
}

/** A usual Lambda call, for the cases that change one thing of it. */
const baseSpec: RecordSpec = {
  role: 2,
  fn: 'fn-a',
  identity: 'assumed',
  time: 1,
  region: 'us-east-1',
  source: 'dynamodb.amazonaws.com',
  name: 'GetItem',
  decoy: 'none',
  escapeRole: false,
  category: 'Management',
  eventType: 'AwsApiCall',
  badTime: false,
};

describe('record prefilter', () => {
  it('gives the report of the full parse over generated record sets, in every layout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom<Layout>('compact', 'gzip', 'gzip-members', 'pretty', 'ndjson'),
        fc.subarray([...ROLES.map((r) => r), `arn:aws:iam::${ACCOUNT}:role/service-role/billing`], {
          minLength: 1,
          maxLength: 2,
        }),
        fc.constantFrom<string[]>([], ['fn-a'], ['billing']),
        fc.boolean(),
        async (specs, layout, roles, functions, capture) => {
          const path = writeTrail(specs.map(recordOf), layout);
          const { full, fast } = await both(path, optionsFor(roles, functions, capture));
          expect(fast.result).toEqual(full.result);
          expectSameReport(full.acc, fast.acc);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the report of the full parse split by day, as drift reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom<string[]>(['billing'], ['orders-api-role', 'ops']),
        async (specs, roles) => {
          const path = writeTrail(specs.map(recordOf), 'gzip');
          const options = optionsFor(roles, [], true);
          const full = createDayUsage();
          const fast = createDayUsage();
          const read = (days: DayUsage, scan?: PrefilterScan) =>
            readTrailFile(path, (raw) => addRecordByDay(days, raw, path, catalog, options), undefined, scan);
          await read(full);
          await read(fast, prefilterInto(fast, path, options));
          expect([...fast.days.keys()]).toEqual([...full.days.keys()]);
          for (const [day, acc] of full.days) expectSameReport(acc, fast.days.get(day) as UsageAccumulator);
          expectSameReport(full.undated, fast.undated);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('parses only the records that hold the name (and counts the rest unparsed)', async () => {
    const specs: RecordSpec[] = [0, 1, 2, 3, 2, 2].map((role, i) => ({ ...baseSpec, role, time: 3 * i + 1 }));
    const path = writeTrail(specs.map(recordOf), 'gzip');
    const { full, fast } = await both(path, optionsFor(['billing-role']));
    expectSameReport(full.acc, fast.acc);
    expect(full.unselected).toBe(0);
    // Only the record of `billing-role` holds the name; `billing` (a prefix) does not.
    expect(fast.unselected).toBe(5);
    expect(fast.delivered).toHaveLength(1);
    expect([...fast.acc.principals.keys()]).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/service-role/billing-role`,
    ]);
  });

  it.each<[string, Partial<RecordSpec>]>([
    ['the name inside another field', { decoy: 'params' }],
    ['the name escaped in the ARN', { escapeRole: true }],
    ['an assumed role without its issuer', { identity: 'assumed-no-issuer' }],
    ['an IAM policy change (drift keeps them)', { source: 'iam.amazonaws.com', name: 'PutRolePolicy' }],
  ])('keeps the same report with %s', async (_label, change) => {
    const specs = [0, 1, 2, 3].map((role) => ({ ...baseSpec, ...change, role, time: role }));
    const path = writeTrail(specs.map(recordOf), 'compact');
    for (const role of ['billing', `arn:aws:iam::${ACCOUNT}:role/service-role/billing`]) {
      const { full, fast } = await both(path, optionsFor([role], [], true));
      expectSameReport(full.acc, fast.acc);
      // A rebuilt ARN has no path: only the name finds it.
      if (role === 'billing' || change.identity === undefined) expect(full.acc.principals.size).toBe(1);
    }
  });

  it.each<[string, (records: string[]) => string]>([
    ['a second Records array', (r) => `{"Records":[${r[0]},${r[1]}],"Records":[${r[2]},${r[3]}]}`],
    // Its first record without the later keys: only the `Records` key tells the arrays apart.
    [
      'a second Records array of bare records',
      (r) => `{"Records":[${r[0]},${r[1]}],"Records":[${bare(r[2])},${r[3]}]}`,
    ],
    ['an empty second Records array', (r) => `{"Records":[${r.join(',')}],"Records":[]}`],
    [
      'a key written twice in a record',
      (r) =>
        `{"Records":[${r.map((x) => x.replace('"readOnly":true', '"eventCategory":"Data","readOnly":true')).join(',')}]}`,
    ],
    [
      'a nested Records key',
      (r) => `{"Records":[${r.map((x) => x.replace('"tableName":"Orders"', '"Records":[1]')).join(',')}]}`,
    ],
  ])('gives the report of the full parse with %s', async (_label, layout) => {
    const records = [0, 1, 3, 0].map((role, i) => recordOf({ ...baseSpec, role, time: i, region: `r-${i}` }));
    // Plain, read by the TypeScript prefilter; gzipped, by the native scan when it is built.
    for (const gz of [false, true]) {
      const path = join(dir, `trail-${fileNo++}.json${gz ? '.gz' : ''}`);
      writeFileSync(path, gz ? gzipSync(layout(records)) : layout(records));
      const { full, fast } = await both(path, optionsFor(['orders-api-role']));
      expect(fast.result).toEqual(full.result);
      expectSameReport(full.acc, fast.acc);
    }
  });

  it.skipIf(describeNativeInflate().kind !== 'native')(
    'property: the native scan counts a record as the TypeScript reading does, or leaves it to the full parse',
    () => {
      let countedNatively = 0;
      fc.assert(
        fc.property(
          fc.array(specArb, { minLength: 1, maxLength: 25 }),
          fc.constantFrom(['billing'], ['billing-role', 'ops'], ['orders-api-role']),
          fc.boolean(),
          (specs, roles, capturePolicyChanges) => {
            const text = `{"Records":[${specs.map(recordOf).join(',')}]}`;
            const prefilter = createRecordPrefilter({ roles }, capturePolicyChanges) as RecordPrefilter;
            const reference = readingOf(
              (scan, sink) => readRecordsPrefiltered(Buffer.from(text), scan, sink),
              prefilter,
            );
            const scanned = gunzipScanNative(
              gzipSync(text),
              1 << 24,
              prefilter.groups,
              prefilter.alwaysSources,
            );
            expect(scanned && 'kinds' in scanned).toBe(true);
            const native = readingOf(
              (scan, sink) => readScannedRecords(scanned as ScannedRecords, scan, sink),
              prefilter,
            );
            expect(native.ok).toBe(reference.ok);
            expect(native.items).toHaveLength(reference.items.length);
            native.items.forEach((item, i) => {
              const ref = reference.items[i] as ReadingItem;
              const spec = specs[i] as RecordSpec;
              if ('counted' in item) {
                countedNatively++;
                expect(item).toEqual(ref);
              } else if ('record' in ref) expect(item).toEqual(ref);
              else {
                // Left to the full parse while the TypeScript reading counted it: only for a
                // time CloudTrail never writes (the native scan reads its one format).
                expect(CLOUDTRAIL_TIME.test(timeOf(spec.time))).toBe(false);
                expect(item.record).toEqual(JSON.parse(recordOf(spec)));
              }
            });
          },
        ),
        { numRuns: 300 },
      );
      // Not vacuous: many records were counted without a parse.
      expect(countedNatively).toBeGreaterThan(50);
    },
  );

  it('is off when no role or function is asked for, or a name could only appear escaped', () => {
    expect(createRecordPrefilter({})).toBeUndefined();
    expect(createRecordPrefilter({ roles: ['a"b'] })).toBeUndefined();
    expect(createRecordPrefilter({ roles: ['caf\u00e9'] })).toBeUndefined();
    expect(createRecordPrefilter({ roles: ['arn:aws:iam::1:role/'] })).toBeUndefined();
    expect(createRecordPrefilter({ functions: ['f'] })?.groups).toHaveLength(1);
  });

  it('gives the report of the full parse on the shared CloudTrail corpora', async () => {
    const root = '/work/shared/corpora/cloudtrail';
    let files: string[];
    try {
      files = listFiles(root).filter((f) => /\.json(\.gz)?$/.test(f));
    } catch {
      return; // the corpora are not on every machine
    }
    let compared = 0;
    for (const path of files) {
      const all = await scanWith(path, optionsFor([]));
      const roles = [...all.acc.principals.values()].filter((p) => p.type === 'role').map((p) => p.arn);
      for (const role of roles.slice(0, 3)) {
        const name = role.slice(role.lastIndexOf('/') + 1);
        if (!createRecordPrefilter({ roles: [name] })) continue;
        const { full, fast } = await both(path, optionsFor([name], [], true));
        expectSameReport(full.acc, fast.acc);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});

function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root)) {
    const p = join(root, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

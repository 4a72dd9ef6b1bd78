import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeNativeInflate,
  gunzipRecordsNative,
  type ProjectedRecords,
} from '../../src/sources/inflate-native.js';
import { readTrailFile } from '../../src/sources/read-trail-file.js';

const built = describeNativeInflate().kind === 'native';
const dir = mkdtempSync(join(tmpdir(), 'iamtrim-project-'));
let fileNo = 0;

interface Spec {
  session: number;
  identity: 'usual' | 'empty' | 'nested-event-time' | 'twice' | 'escaped';
  ip: 'after-region' | 'before-region' | 'none';
  tls: 'flat' | 'nested' | 'in-params' | 'none' | 'after-session-flag';
  category: boolean;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  session: fc.integer({ min: 0, max: 3 }),
  identity: fc.constantFrom('usual', 'usual', 'usual', 'empty', 'nested-event-time', 'twice', 'escaped'),
  ip: fc.constantFrom('after-region', 'after-region', 'before-region', 'none'),
  tls: fc.constantFrom('flat', 'flat', 'nested', 'in-params', 'none', 'after-session-flag'),
  category: fc.boolean(),
});

/** A record in CloudTrail's order, with the variations the projection must leave alone. */
function recordText(s: Spec, i: number): string {
  const identity =
    s.identity === 'empty'
      ? {}
      : s.identity === 'nested-event-time'
        ? { type: 'AssumedRole', extra: { a: 1 }, eventTime: 'inside' }
        : {
            type: 'AssumedRole',
            principalId: `AROAEXAMPLE:fn-${s.session}`,
            arn: `arn:aws:sts::123456789012:assumed-role/role-${s.session}/fn-${s.session}`,
            accountId: '123456789012',
            sessionContext: {
              sessionIssuer: { type: 'Role', arn: `arn:aws:iam::123456789012:role/role-${s.session}` },
              attributes: { creationDate: '2026-11-01T00:00:00Z', mfaAuthenticated: 'false' },
            },
          };
  const tls = { tlsVersion: 'TLSv1.2', clientProvidedHostHeader: 'dynamodb.us-east-1.amazonaws.com' };
  const parts: string[] = [
    `"eventVersion":"1.08"`,
    `"userIdentity":${JSON.stringify(identity)}`,
    `"eventTime":"2026-11-01T00:00:0${i % 10}Z"`,
    `"eventSource":"dynamodb.amazonaws.com"`,
    `"eventName":"GetItem"`,
  ];
  if (s.ip === 'before-region') parts.push(`"sourceIPAddress":"10.0.0.${i}"`);
  parts.push(`"awsRegion":"us-east-1"`);
  if (s.ip === 'after-region') parts.push(`"sourceIPAddress":"10.0.0.${i}"`);
  parts.push(`"userAgent":"${s.identity === 'escaped' ? 'aws-sdk\\/3' : 'aws-sdk'}"`);
  parts.push(
    `"requestParameters":${JSON.stringify(s.tls === 'in-params' ? { eventCategory: 'x', tlsDetails: tls } : { tableName: 'Orders' })}`,
  );
  if (s.identity === 'twice') parts.push(`"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u"}`);
  parts.push(`"eventType":"AwsApiCall"`, `"managementEvent":true`);
  if (s.category) parts.push(`"eventCategory":"Management"`);
  if (s.tls === 'after-session-flag') parts.push(`"sessionCredentialFromConsole":"true"`);
  if (s.tls === 'flat' || s.tls === 'after-session-flag') parts.push(`"tlsDetails":${JSON.stringify(tls)}`);
  if (s.tls === 'nested') parts.push(`"tlsDetails":${JSON.stringify({ ...tls, more: { x: 1 } })}`);
  if (s.tls === 'flat') parts.push(`"sessionCredentialFromConsole":"true"`);
  return `{${parts.join(',')}}`;
}

/** The records `readTrailFile` hands on for the gzipped document. */
async function delivered(doc: string): Promise<unknown[]> {
  const path = join(dir, `trail-${fileNo++}.json.gz`);
  writeFileSync(path, gzipSync(doc));
  const out: unknown[] = [];
  const result = await readTrailFile(path, (raw) => out.push(raw));
  expect(result.problems).toEqual([]);
  return out;
}

/** True when `got` is `want` less some of the top-level fields nothing reads. */
function equalLessUnread(got: Record<string, unknown>, want: Record<string, unknown>): boolean {
  const trimmed = { ...want };
  for (const key of ['sourceIPAddress', 'tlsDetails'])
    if (!(key in got) && isDroppable(key, want[key])) delete trimmed[key];
  expect(got).toEqual(trimmed);
  return true;
}

function isDroppable(key: string, value: unknown): boolean {
  if (key === 'sourceIPAddress') return typeof value === 'string';
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
  );
}

describe.skipIf(!built)('native projection for scans of every role', () => {
  it("property: the records handed on are JSON.parse's, less only unread top-level fields", async () => {
    let projected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(specArb, { minLength: 1, maxLength: 12 }), async (specs) => {
        const doc = `{"Records":[${specs.map(recordText).join(',')}]}\n`;
        const want = (JSON.parse(doc) as { Records: Record<string, unknown>[] }).Records;
        const got = (await delivered(doc)) as Record<string, unknown>[];
        expect(got).toHaveLength(want.length);
        got.forEach((g, i) => equalLessUnread(g, want[i] as Record<string, unknown>));
        const native = gunzipRecordsNative(gzipSync(doc), 1 << 24);
        if (native && 'identityOf' in native) projected += native.identityOf.filter((id) => id >= 0).length;
      }),
      { numRuns: 200 },
    );
    // Not vacuous: most usual records had their identity written once.
    expect(projected).toBeGreaterThan(200);
  });

  it("writes a session's identity once and leaves out the unread fields of usual records", async () => {
    const specs: Spec[] = [0, 0, 1, 0].map((session) => ({
      session,
      identity: 'usual',
      ip: 'after-region',
      tls: 'flat',
      category: true,
    }));
    const doc = `{"Records":[${specs.map(recordText).join(',')}]}`;
    const native = gunzipRecordsNative(gzipSync(doc), 1 << 24);
    expect(native && 'identityOf' in native).toBe(true);
    const { texts, identities, identityOf } = native as ProjectedRecords;
    expect([...identityOf]).toEqual([0, 0, 1, 0]);
    expect(identities).toHaveLength(2);
    const text = texts.join('');
    expect(text).not.toContain('sourceIPAddress');
    expect(text).not.toContain('tlsDetails');
    expect(text.length).toBeLessThan(doc.length / 2);
    // The reading accepted it: one identity object per session, the unread fields gone.
    const got = (await delivered(doc)) as Record<string, unknown>[];
    expect(got[0]?.userIdentity).toBe(got[1]?.userIdentity);
    expect(got[0]?.userIdentity).not.toBe(got[2]?.userIdentity);
    expect(got[0]?.userIdentity).toEqual(
      (JSON.parse(doc) as { Records: { userIdentity: unknown }[] }).Records[0]?.userIdentity,
    );
    for (const r of got) expect(Object.keys(r)).not.toContain('sourceIPAddress');
    for (const r of got) expect(Object.keys(r)).not.toContain('tlsDetails');
  });

  it("hands a large document to JSON.parse in arrays under V8's large-object size, the same records", async () => {
    const specs: Spec[] = Array.from({ length: 1000 }, (_, i) => ({
      session: i % 4,
      identity: i % 7 === 0 ? 'escaped' : 'usual',
      ip: 'after-region',
      tls: i % 5 === 0 ? 'nested' : 'flat',
      category: true,
    }));
    const doc = `{"Records":[${specs.map(recordText).join(',')}]}`;
    const native = gunzipRecordsNative(gzipSync(doc), 1 << 24);
    const { texts } = native as ProjectedRecords;
    expect(texts.length).toBeGreaterThan(2);
    for (const t of texts) expect(t.length).toBeLessThan(128 * 1024);
    const want = (JSON.parse(doc) as { Records: Record<string, unknown>[] }).Records;
    const got = (await delivered(doc)) as Record<string, unknown>[];
    expect(got).toHaveLength(want.length);
    got.forEach((g, i) => equalLessUnread(g, want[i] as Record<string, unknown>));
    expect(Object.keys(got[1] as object)).not.toContain('sourceIPAddress');
  });

  it('reads a large document where nothing can be projected (every record escaped) whole', async () => {
    // Over 13 arrays of output: each cut between arrays takes a character more than the
    // comma it replaces, which the output buffer must have room for.
    const specs: Spec[] = Array.from({ length: 2500 }, (_, i) => ({
      session: i % 4,
      identity: 'escaped',
      ip: 'after-region',
      tls: 'flat',
      category: true,
    }));
    const doc = `{"Records":[${specs.map(recordText).join(',')}]}`;
    expect(doc.length).toBeGreaterThan(14 * 96 * 1024);
    const native = gunzipRecordsNative(gzipSync(doc), 1 << 24) as ProjectedRecords;
    expect(native.texts.length).toBeGreaterThan(14);
    expect(native.texts.join('').length).toBeGreaterThan(doc.length - 12);
    const got = await delivered(doc);
    expect(got).toEqual((JSON.parse(doc) as { Records: unknown[] }).Records);
  });

  it.each<[string, Partial<Spec>]>([
    ['an identity holding a nested "eventTime" key', { identity: 'nested-event-time' }],
    ['a second userIdentity key', { identity: 'twice' }],
    ['an escape in the record', { identity: 'escaped' }],
  ])('leaves the identity in place with %s', (_label, change) => {
    const spec: Spec = {
      session: 0,
      identity: 'usual',
      ip: 'after-region',
      tls: 'flat',
      category: true,
      ...change,
    };
    const native = gunzipRecordsNative(gzipSync(`{"Records":[${recordText(spec, 0)}]}`), 1 << 24);
    // Projected or not, an identity it wrote once must be the record's own (checked on read).
    if (native && 'identityOf' in native && native.identityOf[0] !== -1) {
      expect(spec.identity).toBe('nested-event-time');
      expect(() => JSON.parse(native.identities[0] as string)).toThrow();
    }
  });
});

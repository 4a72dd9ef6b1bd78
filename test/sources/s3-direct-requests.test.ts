import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDirectS3 } from '../../src/sources/s3-direct-requests.js';
import { startS3Server, type S3Fault, type S3TestServer } from '../support/wire/s3-server.js';

const BUCKET = 'trail-bucket';
/** A bucket in eu-west-1, asked through a client set for us-east-1. */
const EU_BUCKET = 'eu-trail-bucket';
const SECRET = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
// Keys whose path needs escaping: S3 signs the path as sent, so a wrong escape fails the check.
const KEYS = [
  'AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/01/plain_20261101T0000Z_a.json.gz',
  'odd/with space/plus+sign/eq=amp&/x.json.gz',
  "odd/quote's (paren)!*~/tilde.json.gz",
  'odd/ünïcode/日本/x.json.gz',
  'odd//double-slash/x.json.gz',
];

let server: S3TestServer;
let fault: ((key: string | undefined) => S3Fault | undefined) | undefined;

beforeAll(async () => {
  server = await startS3Server({
    verify: SECRET,
    bucketRegions: { [EU_BUCKET]: 'eu-west-1' },
    fault: (req) => fault?.(req.key),
  });
  KEYS.forEach((k, i) => server.put(BUCKET, k, Buffer.from(`body ${i} of ${k}`)));
  KEYS.forEach((k, i) => server.put(EU_BUCKET, k, Buffer.from(`eu body ${i}`)));
});
afterEach(() => {
  fault = undefined;
  server.requests.length = 0;
});
afterAll(() => server.close());

function client(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = SECRET,
): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
}

async function text(body: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

describe('createDirectS3', () => {
  it('fetches each object with a signature the server accepts, whatever the key holds', async () => {
    const direct = await createDirectS3(client(), BUCKET, KEYS[0]!);
    expect(direct).toBeDefined();
    for (const [i, key] of KEYS.entries()) {
      const body = await direct!.get(key);
      expect(body, key).toBeDefined();
      expect(await text(body!)).toBe(`body ${i} of ${key}`);
    }
    // Plain GETs of the object, not the SDK's x-id=GetObject requests.
    expect(server.requests.map((r) => [r.method, r.key, r.query])).toEqual(KEYS.map((k) => ['GET', k, {}]));
  });

  it('lists with a signature the server accepts: keys, folders and every page', async () => {
    const paged = await startS3Server({ verify: SECRET, pageSize: 2 });
    try {
      KEYS.forEach((k) => paged.put(BUCKET, k, Buffer.from('x')));
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: paged.endpoint,
        forcePathStyle: true,
        credentials: SECRET,
      });
      const direct = await createDirectS3(s3, BUCKET, 'AWSLogs/');
      const all = async (
        prefix: string,
        delimiter?: string,
      ): Promise<{ keys: string[]; folders: string[] }> => {
        const out = { keys: [] as string[], folders: [] as string[] };
        let token: string | undefined;
        do {
          const page = await direct!.list(prefix, delimiter, token);
          expect(page).toBeDefined();
          out.keys.push(...page!.objects.map((o) => o.key));
          out.folders.push(...page!.prefixes);
          token = page!.nextToken;
        } while (token !== undefined);
        return out;
      };
      expect((await all('')).keys.sort()).toEqual([...KEYS].sort());
      expect(paged.requests.length).toBe(Math.ceil(KEYS.length / 2));
      const odd = await all('odd/', '/');
      expect(odd.folders.sort()).toEqual([
        'odd//',
        "odd/quote's (paren)!*~/",
        'odd/with space/',
        'odd/ünïcode/',
      ]);
      expect(odd.keys).toEqual([]);
    } finally {
      await paged.close();
    }
  });

  it('signs with session credentials too (the token is sent and signed)', async () => {
    const s3 = client({ ...SECRET, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
    const direct = await createDirectS3(s3, BUCKET, KEYS[0]!);
    expect(await text((await direct!.get(KEYS[0]!))!)).toBe(`body 0 of ${KEYS[0]}`);
  });

  it('returns nothing for a signature S3 refuses, and then stops trying for the scan', async () => {
    const s3 = client({ accessKeyId: SECRET.accessKeyId, secretAccessKey: 'not-the-secret' });
    const direct = await createDirectS3(s3, BUCKET, KEYS[0]!);
    expect(await direct!.get(KEYS[0]!)).toBeUndefined();
    expect(await direct!.get(KEYS[1]!)).toBeUndefined();
    // One refused request; the second object was not asked for this way at all.
    expect(server.requests).toHaveLength(1);
    // The server's check is the one the SDK passes, so the fallback works with the right secret.
    const viaSdk = await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: KEYS[1] }));
    expect(await text(viaSdk.Body as Readable)).toBe(`body 1 of ${KEYS[1]}`);
  });

  it.each<[string, S3Fault | 'missing', boolean]>([
    ['a vanished object (404)', 'missing', true],
    ['SlowDown (503)', 'SlowDown', true],
    ['InternalError (500)', 'InternalError', true],
    ['AccessDenied (403)', 'AccessDenied', false],
    // The SDK's own attempt corrects the clock offset the direct GETs also read.
    ['RequestTimeTooSkewed (403)', 'RequestTimeTooSkewed', true],
  ])('after %s it returns nothing; it keeps going for the next object: %s', async (_, what, keeps) => {
    const direct = await createDirectS3(client(), BUCKET, KEYS[0]!);
    if (what === 'missing') expect(await direct!.get('no/such/key.json.gz')).toBeUndefined();
    else {
      fault = (key) => (key === KEYS[0] ? what : undefined);
      expect(await direct!.get(KEYS[0]!)).toBeUndefined();
    }
    const next = await direct!.get(KEYS[1]!);
    expect(next !== undefined).toBe(keeps);
    expect(server.requests).toHaveLength(keeps ? 2 : 1);
  });

  it('follows a bucket in another region, also with GETs in flight, then asks there first', async () => {
    const direct = await createDirectS3(client(), EU_BUCKET, KEYS[0]!);
    // All at once, as a scan sends them: each is answered 301 and asked again there.
    const bodies = await Promise.all(KEYS.map((k) => direct!.get(k)));
    expect(await Promise.all(bodies.map((b) => text(b!)))).toEqual(KEYS.map((_, i) => `eu body ${i}`));
    expect(server.requests).toHaveLength(2 * KEYS.length);
    // Later GETs go to the bucket's region first: once each.
    server.requests.length = 0;
    for (const [i, key] of KEYS.entries()) expect(await text((await direct!.get(key))!)).toBe(`eu body ${i}`);
    expect(server.requests).toHaveLength(KEYS.length);
  });

  it('after a skewed clock is refused, later GETs go direct again once the SDK has corrected it', async () => {
    // S3's clock 30 minutes ahead of this machine's: S3 refuses requests over 15 minutes off.
    const skewed = await startS3Server({ verify: SECRET, clockAheadMs: 30 * 60 * 1000 });
    try {
      KEYS.forEach((k, i) => skewed.put(BUCKET, k, Buffer.from(`body ${i} of ${k}`)));
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: skewed.endpoint,
        forcePathStyle: true,
        credentials: SECRET,
      });
      const direct = await createDirectS3(s3, BUCKET, KEYS[0]!);
      expect(await direct!.get(KEYS[0]!)).toBeUndefined();
      // The fallback: the SDK is refused too, takes the offset from S3's Date and tries again.
      const viaSdk = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEYS[0] }));
      expect(await text(viaSdk.Body as Readable)).toBe(`body 0 of ${KEYS[0]}`);
      skewed.requests.length = 0;
      expect(await text((await direct!.get(KEYS[1]!))!)).toBe(`body 1 of ${KEYS[1]}`);
      expect(skewed.requests).toHaveLength(1);
    } finally {
      await skewed.close();
    }
  });

  it('returns nothing when the server cannot be reached', async () => {
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9', // discard port: nothing listens
      forcePathStyle: true,
      credentials: SECRET,
    });
    const direct = await createDirectS3(s3, BUCKET, KEYS[0]!);
    expect(await direct!.get(KEYS[0]!)).toBeUndefined();
  });

  it('is not used for buckets that need more than SigV4 (S3 Express directory buckets)', async () => {
    const s3 = new S3Client({ region: 'us-east-1', credentials: SECRET });
    expect(await createDirectS3(s3, 'logs--use1-az4--x-s3', 'a/b.json.gz')).toBeUndefined();
  });
});

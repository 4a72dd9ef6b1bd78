import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { scanS3Trail } from '../../src/sources/s3-trail-source.js';
import { defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { callRecord } from '../support/records.js';

const PLAIN = '123456789012';
const DAY = `AWSLogs/${PLAIN}/CloudTrail/us-east-1/2026/11/01/`;
const keyOf = (n: number): string => `${DAY}${PLAIN}_CloudTrail_us-east-1_20261101T00${n}0Z_k${n}.json.gz`;
const body = (b: Buffer): never => Readable.from([b]) as never;

const s3Mock = mockClient(S3Client);
afterEach(() => s3Mock.reset());

function mockListing(keys: string[]): void {
  s3Mock.on(ListObjectsV2Command).resolves({});
  s3Mock
    .on(ListObjectsV2Command, { Prefix: 'AWSLogs/', Delimiter: '/' })
    .resolves({ CommonPrefixes: [{ Prefix: `AWSLogs/${PLAIN}/` }] });
  s3Mock
    .on(ListObjectsV2Command, { Prefix: DAY })
    .resolves({ Contents: keys.map((Key) => ({ Key, Size: 10 })) });
}

const options = {
  aggregate: defaultAggregateOptions,
  catalog: createEventCatalog(),
  since: new Date('2026-11-01T00:00:00Z'),
  until: new Date('2026-11-01T12:00:00Z'),
  regions: ['us-east-1'],
  nowMs: Date.parse('2026-11-20T00:00:00Z'),
  // The mock answers s3.send only: no signed GET of iamtrim's own to a real endpoint.
  directRequests: false,
};

describe('scanS3Trail with a mocked client', () => {
  it('reads gzip and plain bodies by content, and records an object gone since listing', async () => {
    mockListing([keyOf(1), keyOf(2), keyOf(3)]);
    s3Mock.on(GetObjectCommand, { Key: keyOf(1) }).resolves({
      Body: body(gzipSync(JSON.stringify({ Records: [callRecord({ time: '2026-11-01T01:00:00Z' })] }))),
    });
    // Named .json.gz but stored uncompressed: sniffed, not trusted to the name.
    s3Mock.on(GetObjectCommand, { Key: keyOf(2) }).resolves({
      Body: body(
        Buffer.from(
          JSON.stringify({ Records: [callRecord({ name: 'PutItem', time: '2026-11-01T02:00:00Z' })] }),
        ),
      ),
    });
    s3Mock
      .on(GetObjectCommand, { Key: keyOf(3) })
      .rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }));

    const result = await scanS3Trail('s3://bkt', { ...options, s3: new S3Client({ region: 'us-east-1' }) });
    expect(result).toMatchObject({ listed: 3, fetched: 2, cached: 0 });
    const role = result.acc.principals.get('arn:aws:iam::123456789012:role/service-role/orders-api-role');
    expect([...(role?.actions.keys() ?? [])].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect([...result.acc.skipped.values()]).toEqual([
      { file: `s3://bkt/${keyOf(3)}`, reason: 'unreadable: NoSuchKey', records: 0 },
    ]);
    // Only the window's day folder was listed for objects.
    const listed = s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(listed.filter((i) => !i.Delimiter).map((i) => i.Prefix)).toEqual([DAY]);
  });

  it('keeps at most `concurrency` objects in flight', async () => {
    const keys = [1, 2, 3, 4, 5, 6].map(keyOf);
    mockListing(keys);
    let inFlight = 0;
    let most = 0;
    s3Mock.on(GetObjectCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 10));
      inFlight--;
      return {
        Body: body(gzipSync(JSON.stringify({ Records: [callRecord({ time: '2026-11-01T01:00:00Z' })] }))),
      };
    });
    const result = await scanS3Trail('s3://bkt', {
      ...options,
      s3: new S3Client({ region: 'us-east-1' }),
      concurrency: 2,
    });
    expect(result.fetched).toBe(6);
    expect(result.acc.stats.records).toBe(6);
    expect(most).toBe(2);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsError, UsageError } from '../../src/errors/iamtrim-error.js';
import { createStateStore } from '../../src/store/create-state-store.js';
import { createS3StateStore, parseS3StateUrl } from '../../src/store/s3-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { startS3Server, type S3ServerOptions, type S3TestServer } from '../support/wire/s3-server.js';
import { s3ClientFor } from './state-backends.js';

/** What only the S3 store does: conditional-write conflicts, pagination, S3's own errors. */

const BUCKET = 'state-bucket';
let server: S3TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function open(options: S3ServerOptions = {}, prefix = 'drift'): Promise<StateStore> {
  server = await startS3Server(options);
  server.put(BUCKET, 'unrelated/other.json', Buffer.from('{}'));
  return createS3StateStore(s3ClientFor(server), { bucket: BUCKET, prefix });
}

const body = Buffer.from('{"generation":1}');
const commitPuts = (): number =>
  server!.requests.filter((r) => r.method === 'PUT' && r.key === 'drift/commits/00000001.json').length;

describe('S3 state store', () => {
  it('retries a conditional write once after 409 ConditionalRequestConflict, then creates', async () => {
    const store = await open({
      fault: (r) => (r.method === 'PUT' && commitPuts() === 1 ? 'ConditionalRequestConflict' : undefined),
    });
    expect(await store.createExclusive('commits/00000001.json', body)).toBe(true);
    expect(commitPuts()).toBe(2);
    expect(server!.objects(BUCKET).get('drift/commits/00000001.json')).toEqual(body);
  });

  it('gives up after a second 409: another run is writing that key, so this one did not create it', async () => {
    const store = await open({
      fault: (r) => (r.method === 'PUT' ? 'ConditionalRequestConflict' : undefined),
    });
    expect(await store.createExclusive('commits/00000001.json', body)).toBe(false);
    expect(commitPuts()).toBe(2);
    expect(server!.objects(BUCKET).has('drift/commits/00000001.json')).toBe(false);
  });

  it('lists every key across pages, without the prefix, and nothing outside it', async () => {
    const store = await open({ pageSize: 2 });
    const keys = [
      'commits/00000001.json',
      'commits/00000002.json',
      'commits/00000003.json',
      'commits/00000004.json',
    ];
    for (const k of keys.reverse()) await store.write(k, body);
    server!.put(BUCKET, 'drift-other/commits/00000009.json', body);
    expect(await store.list('commits/')).toEqual([...keys].sort());
    const lists = server!.requests.filter((r) => r.query['list-type'] === '2');
    expect(lists.length).toBeGreaterThan(1);
  });

  it('works at the top of the bucket', async () => {
    const store = await open({}, '');
    await store.write('commits/00000001.json', body);
    expect(store.describe('commits/00000001.json')).toBe(`s3://${BUCKET}/commits/00000001.json`);
    expect(await store.list('commits/')).toEqual(['commits/00000001.json']);
  });

  it.each([
    ['read', (s: StateStore) => s.read('commits/00000001.json'), 's3:GetObject'],
    ['write', (s: StateStore) => s.write('commits/00000001.json', body), 's3:PutObject'],
    ['create', (s: StateStore) => s.createExclusive('commits/00000001.json', body), 's3:PutObject'],
    ['list', (s: StateStore) => s.list('commits/'), 's3:ListBucket'],
    ['remove', (s: StateStore) => s.remove('commits/00000001.json'), 's3:DeleteObject'],
  ])('names the location and the missing permission when %s is denied', async (_op, call, action) => {
    const store = await open({ fault: () => 'AccessDenied' });
    const err = await call(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toContain(`s3://${BUCKET}/drift/commits/`);
    expect((err as Error).message).toContain(`needs ${action}`);
  });

  it('says so when the bucket does not exist', async () => {
    server = await startS3Server();
    const store = createS3StateStore(s3ClientFor(server), { bucket: 'missing-bucket', prefix: 'drift' });
    await expect(store.read('commits/00000001.json')).rejects.toThrow(
      /s3:\/\/missing-bucket\/drift\/commits\/00000001\.json: cannot read: the bucket does not exist/,
    );
  });
});

describe('parseS3StateUrl', () => {
  it.each([
    ['s3://bucket/prefix/sub/', { bucket: 'bucket', prefix: 'prefix/sub' }],
    ['s3://bucket', { bucket: 'bucket', prefix: '' }],
    ['s3://bucket/', { bucket: 'bucket', prefix: '' }],
    ['.iamtrim/state', undefined],
    ['/abs/s3://x', undefined],
  ])('parses %j', (url, expected) => {
    expect(parseS3StateUrl(url)).toEqual(expected);
  });
});

describe('the S3 wire server', () => {
  it('answers a PutObject with If-None-Match: * on an existing key as S3 does: 412 PreconditionFailed, object kept', async () => {
    server = await startS3Server();
    server.put(BUCKET, 'k', Buffer.from('first'));
    const s3 = s3ClientFor(server);
    const put = (Body: string) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body, IfNoneMatch: '*' }));
    const err = await put('second').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3ServiceException);
    expect((err as S3ServiceException).name).toBe('PreconditionFailed');
    expect((err as S3ServiceException).$metadata.httpStatusCode).toBe(412);
    expect(server.objects(BUCKET).get('k')?.toString()).toBe('first');
    server.delete(BUCKET, 'k');
    await put('third');
    expect(server.objects(BUCKET).get('k')?.toString()).toBe('third');
  });
});

describe('createStateStore', () => {
  it('makes an S3 store for s3:// (and only then an S3 client), a directory store otherwise', async () => {
    server = await startS3Server();
    server.put(BUCKET, 'x', Buffer.alloc(0));
    let made = 0;
    const makeS3 = () => (made++, s3ClientFor(server!));
    const s3 = createStateStore(`s3://${BUCKET}/team/drift/`, makeS3);
    await s3.write('commits/00000001.json', body);
    expect(server.objects(BUCKET).get('team/drift/commits/00000001.json')).toEqual(body);
    expect(made).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-state-'));
    try {
      const local = createStateStore(join(dir, 'state'), makeS3);
      await local.write('commits/00000001.json', body);
      expect(readFileSync(join(dir, 'state', 'commits', '00000001.json'))).toEqual(body);
      expect(made).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => createStateStore('s3://', makeS3)).toThrow(UsageError);
  });
});

import type { S3Client } from '@aws-sdk/client-s3';
import { AwsError, StateError } from '../errors/iamtrim-error.js';
import { explainSdkError, oneLine } from '../errors/explain-sdk-error.js';
import { checkStateKey, MAX_STATE_OBJECT_BYTES, tooLargeError, type StateStore } from './state-store.js';
import { sdk } from '../sdk/require-sdk.js';

/** Where an S3 state lives: `s3://bucket/prefix`. */
export interface S3StateLocation {
  readonly bucket: string;
  /** Key prefix without leading or trailing `/`; empty for the bucket's top. */
  readonly prefix: string;
}

/** The S3 action each operation needs, named in an AccessDenied error. */
const actionFor = {
  read: 's3:GetObject',
  write: 's3:PutObject',
  list: 's3:ListBucket',
  remove: 's3:DeleteObject',
} as const;

/**
 * The drift state under an S3 prefix. `createExclusive` is a PutObject with
 * `If-None-Match: *`: S3 answers 412 PreconditionFailed when the key exists, so two runs
 * cannot both commit one generation. The client is the caller's (region, credentials,
 * endpoint); its own retries cover throttling and 5xx.
 */
export function createS3StateStore(s3: S3Client, location: S3StateLocation): StateStore {
  const prefix = location.prefix.replace(/^\/+|\/+$/g, '');
  const objectKey = (key: string): string => (prefix === '' ? key : `${prefix}/${key}`);
  const describe = (key: string): string => `s3://${location.bucket}/${objectKey(String(key))}`;
  const checked = (key: string): string => {
    checkStateKey(key, describe(key));
    return objectKey(key);
  };
  const fail = (op: keyof typeof actionFor, e: unknown, where: string): AwsError =>
    new AwsError(`${where}: cannot ${op}: ${explainS3Error(e, actionFor[op])}`, { cause: e });

  const put = async (key: string, bytes: Uint8Array, exclusive: boolean): Promise<void> => {
    const { PutObjectCommand } = sdk('@aws-sdk/client-s3');
    await s3.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: checked(key),
        Body: bytes,
        ContentLength: bytes.length,
        ...(exclusive ? { IfNoneMatch: '*' } : {}),
      }),
    );
  };

  return {
    describe,

    async read(key, maxBytes = MAX_STATE_OBJECT_BYTES) {
      const { GetObjectCommand } = sdk('@aws-sdk/client-s3');
      const where = describe(key);
      let out;
      try {
        out = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: checked(key) }));
      } catch (e) {
        if (e instanceof StateError) throw e;
        if (isMissingKey(e)) return undefined;
        throw fail('read', e, where);
      }
      const body = out.Body;
      if (!body) return new Uint8Array();
      if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
        // Not read: close the socket instead of draining a huge body.
        (body as { destroy?: () => void }).destroy?.();
        throw tooLargeError(where, out.ContentLength, maxBytes);
      }
      try {
        const bytes = await body.transformToByteArray();
        if (bytes.length > maxBytes) throw tooLargeError(where, bytes.length, maxBytes);
        return bytes;
      } catch (e) {
        throw e instanceof StateError ? e : fail('read', e, where);
      }
    },

    async write(key, bytes) {
      try {
        await put(key, bytes, false);
      } catch (e) {
        throw e instanceof StateError ? e : fail('write', e, describe(key));
      }
    },

    async createExclusive(key, bytes) {
      // A 409 means another conditional write of this key was in flight: try once more, and
      // the second answer (created, or 412 because the other one won) settles it.
      for (let attempt = 1; ; attempt++) {
        try {
          await put(key, bytes, true);
          return true;
        } catch (e) {
          if (e instanceof StateError) throw e;
          if (errorName(e) === 'PreconditionFailed' || statusOf(e) === 412) return false;
          const conflict = errorName(e) === 'ConditionalRequestConflict' || statusOf(e) === 409;
          if (conflict && attempt < 2) continue;
          if (conflict) return false;
          throw fail('write', e, describe(key));
        }
      }
    },

    async list(listPrefix) {
      const { paginateListObjectsV2 } = sdk('@aws-sdk/client-s3');
      const full = objectKey(listPrefix);
      const keys: string[] = [];
      const strip = prefix === '' ? 0 : prefix.length + 1;
      try {
        const pages = paginateListObjectsV2({ client: s3 }, { Bucket: location.bucket, Prefix: full });
        for await (const page of pages)
          for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key.slice(strip));
      } catch (e) {
        throw fail('list', e, describe(listPrefix));
      }
      return keys.sort();
    },

    async remove(key) {
      const { DeleteObjectCommand } = sdk('@aws-sdk/client-s3');
      try {
        await s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: checked(key) }));
      } catch (e) {
        if (e instanceof StateError) throw e;
        if (isMissingKey(e)) return;
        throw fail('remove', e, describe(key));
      }
    },
  };
}

/**
 * Parses `s3://bucket/prefix` into its parts; undefined for anything that is not an S3 URL
 * (then the state is a directory).
 */
export function parseS3StateUrl(url: string): S3StateLocation | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m) return undefined;
  return { bucket: m[1] as string, prefix: (m[2] as string).replace(/^\/+|\/+$/g, '') };
}

function explainS3Error(e: unknown, action: string): string {
  const name = errorName(e);
  if (name === 'AccessDenied' || statusOf(e) === 403)
    return `access denied: the state bucket needs ${action} (see "iamtrim's own permissions" in the README)`;
  if (name === 'NoSuchBucket') return 'the bucket does not exist';
  const why = explainSdkError(e);
  if (why) return why;
  const message = e instanceof Error ? oneLine(e.message) : String(e);
  return name && !message.includes(name) ? `${name}: ${message}` : message;
}

/** The key is not there (but the bucket is: a missing bucket is a 404 too, and an error). */
function isMissingKey(e: unknown): boolean {
  const name = errorName(e);
  return name === 'NoSuchKey' || (statusOf(e) === 404 && name !== 'NoSuchBucket');
}

function errorName(e: unknown): string {
  const err = e as { name?: unknown; Code?: unknown } | undefined;
  return String(err?.Code ?? err?.name ?? '');
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

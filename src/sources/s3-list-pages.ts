import type { S3Client } from '@aws-sdk/client-s3';
import { sdk } from '../sdk/require-sdk.js';
import type { DirectS3 } from './s3-direct-requests.js';
import type { ListPage } from './s3-list-result.js';

/**
 * The pages of one ListObjectsV2 listing under `prefix`. Each page is asked for with
 * iamtrim's own signed GET when `direct` is given, and through the SDK when that returns
 * nothing (or without it); the SDK's errors reach the caller, which names what was listed.
 */
export async function* listPages(
  s3: S3Client,
  direct: DirectS3 | undefined,
  bucket: string,
  prefix: string,
  delimiter?: string,
): AsyncGenerator<ListPage> {
  let token: string | undefined;
  do {
    const page =
      (await direct?.list(prefix, delimiter, token)) ?? (await sdkPage(s3, bucket, prefix, delimiter, token));
    yield page;
    // A server that hands back the token it was given would otherwise list forever.
    if (page.nextToken !== undefined && page.nextToken === token)
      throw new Error(`S3 returned the same continuation token twice listing ${prefix}`);
    token = page.nextToken;
  } while (token !== undefined);
}

async function sdkPage(
  s3: S3Client,
  bucket: string,
  prefix: string,
  delimiter: string | undefined,
  token: string | undefined,
): Promise<ListPage> {
  const { ListObjectsV2Command } = sdk('@aws-sdk/client-s3');
  const out = await s3.send(
    new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: prefix,
      ...(delimiter !== undefined ? { Delimiter: delimiter } : {}),
      ...(token !== undefined ? { ContinuationToken: token } : {}),
    }),
  );
  return {
    objects: (out.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, size: o.Size }] : [])),
    prefixes: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
    nextToken: out.IsTruncated ? out.NextContinuationToken || undefined : undefined,
  };
}

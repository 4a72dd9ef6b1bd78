import type { S3Client } from '@aws-sdk/client-s3';
import { UsageError } from '../errors/iamtrim-error.js';
import { createDirStateStore } from './dir-state-store.js';
import { createS3StateStore, parseS3StateUrl } from './s3-state-store.js';
import type { StateStore } from './state-store.js';

/** The default `--state`: a directory in the current one. */
export const DEFAULT_STATE_LOCATION = '.iamtrim/state';

/**
 * The store `--state` names: `s3://bucket/prefix` (the client is made only then, by
 * `makeS3`) or a directory. A bucket-less `s3://` is a usage error.
 */
export function createStateStore(location: string, makeS3: () => S3Client): StateStore {
  if (!/^s3:\/\//i.test(location)) return createDirStateStore(location);
  const parsed = parseS3StateUrl(location);
  if (!parsed || parsed.bucket === '')
    throw new UsageError(`--state ${location}: an S3 state is s3://bucket or s3://bucket/prefix`);
  return createS3StateStore(makeS3(), parsed);
}

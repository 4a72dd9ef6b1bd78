import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsClientConfig } from '../aws/aws-config.js';
import { sdk } from '../sdk/require-sdk.js';

/**
 * The S3 client for a trail bucket, made when the scan first asks for it: the scan starts
 * its worker threads first, and they boot while this thread loads the SDK.
 */
export interface TrailBucketClient {
  readonly client: () => Promise<S3Client>;
  /** Closes the client's connections, if it was made. */
  destroy(): void;
}

export function trailBucketClient(config: AwsClientConfig | undefined): TrailBucketClient {
  let made: S3Client | undefined;
  return {
    client: async () => {
      const { S3Client } = sdk('@aws-sdk/client-s3');
      // The trail bucket may live in another region than the caller's default.
      return (made ??= new S3Client({ ...config, followRegionRedirects: true }));
    },
    destroy: () => made?.destroy(),
  };
}

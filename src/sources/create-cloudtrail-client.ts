import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { createSdkRetryStrategy, type SdkRetryOptions } from './sdk-retry-strategy.js';

export interface CloudTrailClientOptions {
  readonly region: string;
  /** For tests and VPC endpoints; default: the region's public endpoint. */
  readonly endpoint?: string;
  /** Default: the SDK's provider chain (environment, profile, SSO, instance role). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly retry?: Partial<SdkRetryOptions>;
}

/** A CloudTrail client whose SDK-level retries back off on throttling (see `createSdkRetryStrategy`). */
export function createCloudTrailClient(options: CloudTrailClientOptions): CloudTrailClient {
  const retryStrategy = createSdkRetryStrategy(options.retry);
  return new CloudTrailClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.retry?.maxAttempts ?? 5,
    retryStrategy,
  });
}

import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { defaultMaxAttempts } from '../../src/aws/aws-config.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Fake credentials and an empty AWS config for wire tests, so the SDK's default chain
 * resolves without touching the developer's ~/.aws or any network. Returns a restore.
 */
export function useFakeAwsEnv(extra: Record<string, string> = {}): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrim-aws-'));
  const vars: Record<string, string> = {
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
  const cleared = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION'];
  const saved = new Map<string, string | undefined>();
  for (const k of [...Object.keys(vars), ...cleared]) saved.set(k, process.env[k]);
  for (const k of cleared) delete process.env[k];
  for (const [k, v] of Object.entries(vars)) process.env[k] = v;
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/**
 * The SDK's own standard retry with iamtrim's attempt count but a 10 ms backoff, so throttling
 * tests run in milliseconds. The adaptive limiter would pace retries at seconds.
 */
export function fastRetry(): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(defaultMaxAttempts, 10);
}

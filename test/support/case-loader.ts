import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const casesRoot = fileURLToPath(new URL('../cases/', import.meta.url));

/** A case file: a description plus whatever input and expectation its stage needs. */
export interface CaseFile<T> {
  readonly file: string;
  readonly description: string;
  readonly data: T;
}

/**
 * Loads every `test/cases/<stage>/*.json`, sorted by name, so adding a case is adding
 * a file. One loader for all stages; each stage's test decides what the fields mean.
 */
export function loadCases<T>(stage: string): CaseFile<T>[] {
  const dir = join(casesRoot, stage);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as T & { description?: string };
      if (!data.description) throw new Error(`${stage}/${file}: a case needs a "description"`);
      return { file, description: data.description, data };
    });
}

/** A Lambda function's call as CloudTrail logs it; cases override only what they test. */
export function lambdaRecord(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:orders-api',
      arn: 'arn:aws:sts::123456789012:assumed-role/orders-api-role/orders-api',
      accountId: '123456789012',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEID',
          arn: 'arn:aws:iam::123456789012:role/service-role/orders-api-role',
          accountId: '123456789012',
          userName: 'orders-api-role',
        },
      },
    },
    eventTime: '2026-11-01T12:00:00Z',
    awsRegion: 'us-east-1',
    eventType: 'AwsApiCall',
    recipientAccountId: '123456789012',
    requestParameters: null,
    ...overrides,
  };
}

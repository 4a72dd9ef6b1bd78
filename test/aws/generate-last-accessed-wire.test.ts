import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../src/aws/aws-config.js';
import { generateLastAccessed } from '../../src/aws/generate-last-accessed.js';
import { startIamServer, type IamFixtures } from '../support/wire/iam-server.js';
import type { WireServer } from '../support/wire/wire-server.js';
import { fastRetry, useFakeAwsEnv } from './wire-env.js';

// The real IAM client against a local server speaking the query/XML protocol: the job is
// generated, polled while IN_PROGRESS, and every page of the report merged.

const ARN = 'arn:aws:iam::111122223333:role/service/orders-api-role';
const services = [
  { ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', TotalAuthenticatedEntities: 0 },
  {
    ServiceName: 'Amazon S3',
    ServiceNamespace: 's3',
    LastAuthenticated: '2026-10-20T08:00:00Z',
    LastAuthenticatedEntity: ARN,
    LastAuthenticatedRegion: 'us-east-1',
    TotalAuthenticatedEntities: 1,
    TrackedActionsLastAccessed: [
      { ActionName: 'PutBucketPolicy' },
      {
        ActionName: 'CreateBucket',
        LastAccessedTime: '2026-10-20T08:00:00Z',
        LastAccessedRegion: 'us-east-1',
      },
    ],
  },
  { ServiceName: 'Amazon SQS', ServiceNamespace: 'sqs', LastAuthenticated: '2026-09-01T00:00:00Z' },
];

function fixtures(extra: Partial<IamFixtures> = {}, createDate?: string): IamFixtures {
  return {
    roles: { 'orders-api-role': { arn: ARN, path: '/service/', ...(createDate ? { createDate } : {}) } },
    lastAccessed: { [ARN]: { services, inProgressPolls: 2, pageSize: 1 } },
    ...extra,
  };
}

describe('generateLastAccessed over the IAM wire protocol', () => {
  let server: WireServer | undefined;
  let restore: () => void = () => {};
  afterEach(async () => {
    restore();
    await server?.close();
    server = undefined;
  });
  async function client(f: IamFixtures): Promise<IAMClient> {
    server = await startIamServer(f);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_IAM: server.url });
    return new IAMClient({ ...awsClientConfig(), retryStrategy: fastRetry() });
  }

  it('polls an IN_PROGRESS job with doubling waits, then merges every page', async () => {
    const iam = await client(fixtures());
    const waits: number[] = [];
    const evidence = await generateLastAccessed(iam, 'orders-api-role', {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([1000, 2000]);
    // Two IN_PROGRESS answers, then three pages of one service each.
    expect(server?.count('GetServiceLastAccessedDetails')).toBe(2 + 3);
    const generate = server?.requests.find((r) => r.operation === 'GenerateServiceLastAccessedDetails');
    expect(generate?.form.get('Arn')).toBe(ARN);
    expect(generate?.form.get('Granularity')).toBe('ACTION_LEVEL');
    expect(evidence.granularity).toBe('ACTION_LEVEL');
    expect([...evidence.services.keys()]).toEqual(['dynamodb', 's3', 'sqs']);
    expect(evidence.services.get('dynamodb')?.last).toEqual({ kind: 'never' });
    expect(evidence.services.get('s3')?.actions.get('putbucketpolicy')).toEqual({ kind: 'never' });
    expect(evidence.services.get('s3')?.actions.get('createbucket')).toEqual({
      kind: 'accessed',
      at: '2026-10-20T08:00:00.000Z',
    });
    expect(evidence.completedAt).toBe('2026-11-01T00:00:00.000Z');
    // The fixture role is older than 400 days.
    expect(evidence.periodIsRoleAge).toBe(false);
    expect(evidence.periodStart).toBe('2025-09-27T00:00:00.000Z');
  });

  it("a role younger than the tracking period is judged over its age (GetRole's CreateDate)", async () => {
    const iam = await client(fixtures({}, '2026-08-01T00:00:00Z'));
    const evidence = await generateLastAccessed(iam, ARN, { sleep: async () => {} });
    expect(evidence.periodIsRoleAge).toBe(true);
    expect(evidence.periodStart).toBe('2026-08-01T00:00:00.000Z');
  });

  it('gives up after the timeout, naming the job and the way out', async () => {
    const iam = await client(fixtures({ lastAccessed: { [ARN]: { services, inProgressPolls: 1000 } } }));
    const waits: number[] = [];
    await expect(
      generateLastAccessed(iam, ARN, {
        timeoutMs: 20_000,
        sleep: async (ms) => {
          waits.push(ms);
        },
      }),
    ).rejects.toThrow(/still IN_PROGRESS.*--no-last-accessed/);
    // 1 + 2 + 4 + 8 + 8 s would pass 20 s: bounded waits, never more than the timeout in total.
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
  });

  it('a FAILED job is an error with IAM reason', async () => {
    const iam = await client(fixtures({ lastAccessed: { [ARN]: { services, fail: true } } }));
    await expect(generateLastAccessed(iam, ARN, { sleep: async () => {} })).rejects.toThrow(
      /FAILED: injected failure/,
    );
  });

  it('AccessDenied names the missing permission', async () => {
    const iam = await client(fixtures({ deny: ['GenerateServiceLastAccessedDetails'] }));
    await expect(generateLastAccessed(iam, ARN, { sleep: async () => {} })).rejects.toThrow(
      /iamtrim needs iam:GenerateServiceLastAccessedDetails.*iamtrim's own permissions/,
    );
  });
});

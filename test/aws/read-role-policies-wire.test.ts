import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../src/aws/aws-config.js';
import { readRolePolicies } from '../../src/aws/read-role-policies.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { startIamServer, type IamFixtures } from '../support/wire/iam-server.js';
import { queryThrottling, type WireServer } from '../support/wire/wire-server.js';
import { fastRetry, useFakeAwsEnv } from './wire-env.js';

// The real IAM client, through the SDK's own AWS_ENDPOINT_URL_IAM, against a local server
// speaking the query/XML protocol.

const doc = (action: string, resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});

function fixtures(partition: string, pageSize: number): IamFixtures {
  const managed = `arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`;
  const customer = `arn:${partition}:iam::111122223333:policy/orders-table-rw`;
  const boundary = `arn:${partition}:iam::111122223333:policy/boundaries/dev-boundary`;
  return {
    pageSize,
    roles: {
      'orders-api-role': {
        arn: `arn:${partition}:iam::111122223333:role/service/orders-api-role`,
        path: '/service/',
        boundaryArn: boundary,
        inline: {
          // Characters that must survive URL-encoding: spaces, %, +, &, quotes, unicode.
          'p1-s3': doc('s3:GetObject', `arn:${partition}:s3:::my bucket/100% +&"é"/*`),
          'p2-sqs': doc('sqs:SendMessage'),
          'p3-ddb': doc('dynamodb:GetItem'),
          'p4-sns': doc('sns:Publish'),
          'p5-kms': doc('kms:Decrypt'),
        },
        attached: [managed, customer],
      },
    },
    policies: {
      [managed]: {
        name: 'AWSLambdaBasicExecutionRole',
        defaultVersion: 'v1',
        document: doc('logs:PutLogEvents'),
      },
      [customer]: { name: 'orders-table-rw', defaultVersion: 'v7', document: doc('dynamodb:PutItem') },
      [boundary]: { name: 'dev-boundary', defaultVersion: 'v2', document: doc('*') },
    },
  };
}

describe('readRolePolicies over the IAM wire protocol', () => {
  let server: WireServer | undefined;
  let restore: () => void = () => {};
  beforeEach(() => {
    server = undefined;
  });
  afterEach(async () => {
    restore();
    await server?.close();
  });

  async function start(
    f: IamFixtures,
    faults: Parameters<typeof startIamServer>[1] = [],
  ): Promise<IAMClient> {
    server = await startIamServer(f, faults);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_IAM: server.url });
    return new IAMClient({ ...awsClientConfig({ region: 'us-east-1' }), retryStrategy: fastRetry() });
  }

  it('follows Marker across 3 pages of inline policies and decodes every document', async () => {
    const client = await start(fixtures('aws', 2));
    const out = await readRolePolicies(client, 'arn:aws:iam::111122223333:role/service/orders-api-role');
    expect(server!.count('ListRolePolicies')).toBe(3);
    expect(
      server!.requests.filter((r) => r.operation === 'ListRolePolicies').map((r) => r.form.get('Marker')),
    ).toEqual([null, 'm2', 'm4']);
    expect(server!.count('GetRolePolicy')).toBe(5);
    expect(out.policies.filter((p) => p.kind === 'inline').map((p) => p.name)).toEqual([
      'p1-s3',
      'p2-sqs',
      'p3-ddb',
      'p4-sns',
      'p5-kms',
    ]);
    expect(out.policies[0]?.document).toEqual(doc('s3:GetObject', 'arn:aws:s3:::my bucket/100% +&"é"/*'));
    // The request was really signed with the fake env credentials.
    expect(String(server!.requests[0]?.headers.authorization)).toContain('Credential=AKIDFAKEFAKEFAKE/');
  });

  it('classifies managed policies, reads default versions and the boundary', async () => {
    const client = await start(fixtures('aws', 100));
    const out = await readRolePolicies(client, 'orders-api-role');
    expect(out.path).toBe('/service/');
    expect(out.partition).toBe('aws');
    expect(out.account).toBe('111122223333');
    const managed = out.policies.filter((p) => p.kind !== 'inline');
    expect(managed.map((p) => [p.kind, p.name, p.versionId])).toEqual([
      ['aws-managed', 'AWSLambdaBasicExecutionRole', 'v1'],
      ['customer-managed', 'orders-table-rw', 'v7'],
    ]);
    expect(managed[1]?.document).toEqual(doc('dynamodb:PutItem'));
    expect(out.boundary?.arn).toBe('arn:aws:iam::111122223333:policy/boundaries/dev-boundary');
    expect(out.boundary?.document).toEqual(doc('*'));
    const versions = server!.requests.filter((r) => r.operation === 'GetPolicyVersion');
    expect(versions.map((r) => r.form.get('VersionId'))).toEqual(['v1', 'v7', 'v2']);
  });

  it('handles aws-cn ARNs: partition, AWS-managed policies in arn:aws-cn:iam::aws', async () => {
    const client = await start(fixtures('aws-cn', 1));
    const out = await readRolePolicies(client, 'arn:aws-cn:iam::111122223333:role/service/orders-api-role');
    expect(out.partition).toBe('aws-cn');
    expect(out.roleArn).toBe('arn:aws-cn:iam::111122223333:role/service/orders-api-role');
    expect(out.policies.find((p) => p.name === 'AWSLambdaBasicExecutionRole')?.kind).toBe('aws-managed');
    expect(out.policies.find((p) => p.name === 'orders-table-rw')?.kind).toBe('customer-managed');
    // One item per page: 2 attached policies take 2 pages.
    expect(server!.count('ListAttachedRolePolicies')).toBe(2);
    expect(server!.count('ListRolePolicies')).toBe(5);
  });

  it('retries a Throttling response and succeeds', async () => {
    // Request 1 is GetRole (2 its retry), 3 the first ListRolePolicies page: both throttled once.
    const client = await start(fixtures('aws', 2), [{ onRequests: [1, 3], response: queryThrottling }]);
    const started = Date.now();
    const out = await readRolePolicies(client, 'orders-api-role');
    expect(out.policies).toHaveLength(7);
    expect(server!.count('GetRole')).toBe(2);
    expect(server!.count('ListRolePolicies')).toBe(4);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up after the configured attempts when throttling persists', async () => {
    const client = await start(fixtures('aws', 2), [
      { onRequests: [1, 2, 3, 4, 5, 6, 7], response: queryThrottling },
    ]);
    const err = await readRolePolicies(client, 'orders-api-role').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toBe('iam GetRole for orders-api-role failed: Throttling: Rate exceeded');
    expect(server!.count('GetRole')).toBe(6);
  });

  it('turns AccessDenied into an error naming iam:GetRolePolicy and the README section', async () => {
    const client = await start({ ...fixtures('aws', 100), deny: ['GetRolePolicy'] });
    const err = await readRolePolicies(client, 'orders-api-role').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toContain('iamtrim needs iam:GetRolePolicy for orders-api-role/p1-s3');
    expect((err as Error).message).toContain(`see README section "iamtrim's own permissions"`);
    // AccessDenied is not retried.
    expect(server!.count('GetRolePolicy')).toBe(1);
  });

  it('reports other errors with service, operation and the AWS message', async () => {
    const client = await start(fixtures('aws', 100));
    const err = await readRolePolicies(client, 'no-such-role').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(server!.count('GetRole')).toBe(1);
    expect((err as Error).message).toBe(
      'iam GetRole for no-such-role failed: NoSuchEntity: The role with name no-such-role cannot be found.',
    );
  });
});

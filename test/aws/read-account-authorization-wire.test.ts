import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../src/aws/aws-config.js';
import { readAccountAuthorization } from '../../src/aws/read-account-authorization.js';
import { readRolePolicies } from '../../src/aws/read-role-policies.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { startIamServer, type IamFixtures } from '../support/wire/iam-server.js';
import { queryThrottling, type WireServer } from '../support/wire/wire-server.js';
import { fastRetry, useFakeAwsEnv } from './wire-env.js';

// The real IAM client against the local query/XML server: GetAccountAuthorizationDetails,
// paginated, must give each role what the per-role calls give.

const doc = (action: string, resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});

const managed = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const customer = 'arn:aws:iam::111122223333:policy/orders-table-rw';
const boundary = 'arn:aws:iam::111122223333:policy/boundaries/dev-boundary';

const fixtures: IamFixtures = {
  pageSize: 2,
  roles: {
    'orders-api-role': {
      arn: 'arn:aws:iam::111122223333:role/service/orders-api-role',
      path: '/service/',
      boundaryArn: boundary,
      inline: {
        'p1-s3': doc('s3:GetObject', 'arn:aws:s3:::my bucket/100% +&"é"/*'),
        'p2-sqs': doc('sqs:SendMessage'),
      },
      attached: [managed, customer],
    },
    'orders-worker-role': {
      arn: 'arn:aws:iam::111122223333:role/orders-worker-role',
      attached: [customer],
      createDate: '2026-11-30T00:00:00Z',
    },
    'no-policies-role': { arn: 'arn:aws:iam::111122223333:role/no-policies-role' },
  },
  policies: {
    [managed]: {
      name: 'AWSLambdaBasicExecutionRole',
      defaultVersion: 'v1',
      document: doc('logs:PutLogEvents'),
    },
    [customer]: {
      name: 'orders-table-rw',
      defaultVersion: 'v7',
      document: doc('dynamodb:PutItem'),
      otherVersions: { v6: doc('dynamodb:*'), v8: doc('*') },
    },
    [boundary]: { name: 'dev-boundary', defaultVersion: 'v2', document: doc('*') },
  },
};

describe('readAccountAuthorization over the IAM wire protocol', () => {
  let server: WireServer | undefined;
  let restore: () => void = () => {};
  afterEach(async () => {
    restore();
    await server?.close();
    server = undefined;
  });

  async function start(
    f: IamFixtures,
    faults: Parameters<typeof startIamServer>[1] = [],
  ): Promise<IAMClient> {
    server = await startIamServer(f, faults);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_IAM: server.url });
    return new IAMClient({ ...awsClientConfig({ region: 'us-east-1' }), retryStrategy: fastRetry() });
  }

  it('follows Marker over every page, asks only for roles and managed policies, and resolves default versions', async () => {
    const client = await start(fixtures);
    const out = await readAccountAuthorization(client);
    // 3 roles + 3 policies, 2 a page.
    const calls = server!.requests.filter((r) => r.operation === 'GetAccountAuthorizationDetails');
    expect(calls.map((r) => r.form.get('Marker'))).toEqual([null, 'm2', 'm4']);
    const filter = [...(calls[0]?.form.entries() ?? [])]
      .filter(([k]) => k.startsWith('Filter.'))
      .map(([, v]) => v);
    expect(filter.sort()).toEqual(['AWSManagedPolicy', 'LocalManagedPolicy', 'Role']);
    expect(out.source).toBe('IAM (account 111122223333)');
    expect(out.skipped).toEqual([]);
    expect(out.roles.map((r) => r.name)).toEqual([
      'orders-api-role',
      'orders-worker-role',
      'no-policies-role',
    ]);
    const worker = out.roles[1];
    expect(worker?.createDate).toBe('2026-11-30T00:00:00.000Z');
    expect(worker?.policies).toEqual([
      {
        kind: 'customer-managed',
        name: 'orders-table-rw',
        arn: customer,
        versionId: 'v7',
        document: doc('dynamodb:PutItem'),
      },
    ]);
    expect(out.roles[0]?.trustPolicy).toMatchObject({
      Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }],
    });
  });

  it('gives each role exactly what the per-role IAM calls give', async () => {
    const client = await start({ ...fixtures, pageSize: 1 });
    const out = await readAccountAuthorization(client);
    for (const role of out.roles) {
      const single = await readRolePolicies(client, role.arn);
      const plain = (p: {
        kind: string;
        name: string;
        arn?: string | undefined;
        versionId?: string | undefined;
        document: unknown;
      }) => ({
        kind: p.kind,
        name: p.name,
        arn: p.arn,
        versionId: p.versionId,
        document: p.document,
      });
      expect(role.policies.map(plain)).toEqual(single.policies.map(plain));
      expect(role.boundary ? plain(role.boundary) : undefined).toEqual(
        single.boundary ? plain(single.boundary) : undefined,
      );
      expect(role.path).toBe(single.path);
    }
  });

  it('names the missing permission when IAM denies the call', async () => {
    const client = await start({ ...fixtures, deny: ['GetAccountAuthorizationDetails'] });
    const err = await readAccountAuthorization(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(/access denied: iamtrim needs iam:GetAccountAuthorizationDetails/);
  });

  it('retries a throttled page and reads on', async () => {
    const client = await start(fixtures, [{ onRequests: [2], response: queryThrottling }]);
    const out = await readAccountAuthorization(client);
    expect(out.roles).toHaveLength(3);
    expect(server!.count('GetAccountAuthorizationDetails')).toBe(4);
  });
});

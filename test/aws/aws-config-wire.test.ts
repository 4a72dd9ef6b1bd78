import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig, defaultMaxAttempts } from '../../src/aws/aws-config.js';
import { readRolePolicies } from '../../src/aws/read-role-policies.js';
import { describeStackResources } from '../../src/aws/stack-resources.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { startCloudFormationServer } from '../support/wire/cloudformation-server.js';
import { startIamServer } from '../support/wire/iam-server.js';
import { startStsServer } from '../support/wire/sts-server.js';
import { queryError, queryThrottling, type WireServer } from '../support/wire/wire-server.js';
import { fastRetry, useFakeAwsEnv } from './wire-env.js';

// awsClientConfig with nothing but the SDK's own endpoint variables pointing at local servers.

const roleFixtures = {
  roles: {
    app: {
      arn: 'arn:aws:iam::444455556666:role/app',
      inline: { main: { Version: '2012-10-17', Statement: [] } },
    },
  },
};

describe('awsClientConfig against local wire servers', () => {
  const servers: WireServer[] = [];
  let restore: () => void = () => {};
  afterEach(async () => {
    restore();
    for (const s of servers.splice(0)) await s.close();
  });

  it('assumes --assume-role through STS (session iamtrim) and signs IAM calls with the temporary keys', async () => {
    const sts = await startStsServer({
      accessKeyId: 'ASIATEMPORARYKEY',
      secretAccessKey: 'temp-secret',
      sessionToken: 'temp-token',
    });
    const iam = await startIamServer(roleFixtures);
    servers.push(sts, iam);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_IAM: iam.url });

    const client = new IAMClient(
      awsClientConfig({
        region: 'us-east-1',
        assumeRoleArn: 'arn:aws:iam::444455556666:role/iamtrim-reader',
      }),
    );
    const out = await readRolePolicies(client, 'app');
    expect(out.roleArn).toBe('arn:aws:iam::444455556666:role/app');

    expect(sts.count('AssumeRole')).toBe(1);
    const assume = sts.requests[0]!;
    expect(assume.form.get('RoleArn')).toBe('arn:aws:iam::444455556666:role/iamtrim-reader');
    expect(assume.form.get('RoleSessionName')).toBe('iamtrim');
    expect(String(assume.headers.authorization)).toContain('Credential=AKIDFAKEFAKEFAKE/');
    for (const r of iam.requests) {
      expect(String(r.headers.authorization)).toContain('Credential=ASIATEMPORARYKEY/');
      expect(r.headers['x-amz-security-token']).toBe('temp-token');
    }
    expect(iam.requests.length).toBe(4);
  });

  it('a denied AssumeRole names sts:AssumeRole and the role, not the IAM call that needed credentials', async () => {
    const sts = await startStsServer(
      { accessKeyId: 'ASIATEMPORARYKEY', secretAccessKey: 'temp-secret', sessionToken: 'temp-token' },
      [
        {
          onRequests: [1],
          response: queryError(
            403,
            'AccessDenied',
            'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole',
          ),
        },
      ],
    );
    const iam = await startIamServer(roleFixtures);
    servers.push(sts, iam);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_IAM: iam.url });
    const reader = 'arn:aws:iam::444455556666:role/iamtrim-reader';
    const client = new IAMClient(awsClientConfig({ region: 'us-east-1', assumeRoleArn: reader }));
    const err = await readRolePolicies(client, 'app').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(
      new RegExp(`^access denied: iamtrim needs sts:AssumeRole for ${reader}; see README`),
    );
    expect(sts.count('AssumeRole')).toBe(1);
    expect(iam.requests).toHaveLength(0);
  });

  it('uses the generic AWS_ENDPOINT_URL for CloudFormation and builds the patch stack map', async () => {
    const cfn = await startCloudFormationServer({
      stacks: {
        orders: [
          {
            LogicalResourceId: 'OrdersRole',
            PhysicalResourceId: 'orders-OrdersRole-ABC123',
            ResourceType: 'AWS::IAM::Role',
          },
          {
            LogicalResourceId: 'Table',
            PhysicalResourceId: 'orders-table',
            ResourceType: 'AWS::DynamoDB::Table',
          },
          // Still creating: no physical id yet, so not usable for resolving names.
          { LogicalResourceId: 'Pending', ResourceType: 'AWS::SQS::Queue' },
        ],
      },
    });
    servers.push(cfn);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL: cfn.url });
    const client = new CloudFormationClient(awsClientConfig({ region: 'eu-west-1' }));
    const map = await describeStackResources(client, 'orders');
    expect([...map.entries()]).toEqual([
      [
        'OrdersRole',
        { logicalId: 'OrdersRole', physicalId: 'orders-OrdersRole-ABC123', type: 'AWS::IAM::Role' },
      ],
      ['Table', { logicalId: 'Table', physicalId: 'orders-table', type: 'AWS::DynamoDB::Table' }],
    ]);
    expect(cfn.requests[0]?.form.get('StackName')).toBe('orders');
    expect(String(cfn.requests[0]?.headers.authorization)).toContain(
      '/eu-west-1/cloudformation/aws4_request',
    );

    const err = await describeStackResources(client, 'missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toBe(
      'cloudformation DescribeStackResources for stack missing failed: ValidationError: Stack with id missing does not exist',
    );
  });

  it('retries CloudFormation throttling with the configured attempt budget', async () => {
    const cfn = await startCloudFormationServer(
      {
        stacks: { s: [{ LogicalResourceId: 'R', PhysicalResourceId: 'r', ResourceType: 'AWS::IAM::Role' }] },
      },
      [{ onRequests: [1, 2], response: queryThrottling }],
    );
    servers.push(cfn);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url });
    const client = new CloudFormationClient({ ...awsClientConfig({}), retryStrategy: fastRetry() });
    const map = await describeStackResources(client, 's');
    expect(map.get('R')?.physicalId).toBe('r');
    expect(cfn.count('DescribeStackResources')).toBe(3);
  });

  it('reads the region from the chain when none is given, and sets the retry budget', async () => {
    restore = useFakeAwsEnv({ AWS_REGION: 'ap-southeast-2' });
    const config = awsClientConfig({});
    expect(config.maxAttempts).toBe(defaultMaxAttempts);
    expect(config.retryMode).toBe('adaptive');
    expect(config.region).toBeUndefined();
    const client = new IAMClient(config);
    expect(await client.config.region()).toBe('ap-southeast-2');
    expect(await client.config.maxAttempts()).toBe(6);
    const creds = await client.config.credentials();
    expect(creds.accessKeyId).toBe('AKIDFAKEFAKEFAKE');
  });
});

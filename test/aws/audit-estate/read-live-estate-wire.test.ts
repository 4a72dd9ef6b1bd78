import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLiveEstateClients,
  readLiveEstate,
  type LiveEstateSources,
} from '../../../src/aws/audit-estate/read-live-estate.js';
import { awsClientConfig } from '../../../src/aws/aws-config.js';
import { AwsError } from '../../../src/errors/iamtrim-error.js';
import type { AccountAuthorization } from '../../../src/model/account-role.js';
import { startLambdaServer, type LambdaFixtures } from '../../support/wire/lambda-server.js';
import { startLogsServer, type FakeLogGroup, type LogsBehaviour } from '../../support/wire/logs-server.js';
import type { WireServer } from '../../support/wire/wire-server.js';
import { fastRetry, useFakeAwsEnv } from '../wire-env.js';

// The real Lambda (REST-JSON) and CloudWatch Logs (JSON 1.1) clients against local servers.

const account = '111122223333';
const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
const fnArn = (name: string, region = 'us-east-1') => `arn:aws:lambda:${region}:${account}:function:${name}`;

function fn(name: string, role: string, extra: Record<string, unknown> = {}) {
  return {
    FunctionName: name,
    FunctionArn: fnArn(name),
    Role: roleArn(role),
    Runtime: 'nodejs20.x',
    PackageType: 'Zip',
    TracingConfig: { Mode: 'PassThrough' },
    // ListFunctions reports the default group too, since LoggingConfig exists.
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    ...extra,
  };
}

function group(name: string, retentionInDays?: number): FakeLogGroup {
  const arn = `arn:aws:logs:us-east-1:${account}:log-group:${name}`;
  return {
    logGroupName: name,
    ...(retentionInDays !== undefined ? { retentionInDays } : {}),
    arn: `${arn}:*`,
    logGroupArn: arn,
    creationTime: 1714979289000,
    storedBytes: 0,
  };
}

const functions = [
  fn('orders-api', 'orders-role', { TracingConfig: { Mode: 'Active' } }),
  fn('orders-worker', 'orders-role'),
  fn('public-fn', 'public-role'),
  fn('secret-fn', 'orders-role', { LoggingConfig: { LogFormat: 'JSON', LogGroup: '/custom/secret' } }),
  fn('billing', 'billing-role'),
];

const lambdaFixtures: LambdaFixtures = {
  functions,
  pageSize: 2,
  policies: {
    'orders-api': {
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        {
          Sid: 'apigw',
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: fnArn('orders-api'),
          Condition: {
            ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${account}:abc123/*/GET/orders` },
          },
        },
      ],
    },
    'public-fn': {
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        {
          Sid: 'open',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunction',
          Resource: fnArn('public-fn'),
        },
        {
          Sid: 'FunctionURLAllowPublicAccess',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunctionUrl',
          Resource: fnArn('public-fn'),
          Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
        },
      ],
    },
    'secret-fn': { Version: '2012-10-17', Statement: [] },
  },
  urls: {
    'public-fn': { AuthType: 'NONE', Cors: { AllowOrigins: ['*'], AllowMethods: ['GET'] } },
    billing: { AuthType: 'AWS_IAM' },
  },
  eventSourceMappings: [
    ...[1, 2, 3].map((i) => ({
      UUID: `uuid-${i}`,
      EventSourceArn: `arn:aws:sqs:us-east-1:${account}:orders-${i}`,
      FunctionArn: fnArn('orders-worker'),
      State: 'Enabled',
    })),
    // A mapping on an alias runs the same function.
    {
      UUID: 'uuid-alias',
      EventSourceArn: `arn:aws:kinesis:us-east-1:${account}:stream/clicks`,
      FunctionArn: `${fnArn('orders-api')}:live`,
      State: 'Enabled',
    },
  ],
  denyFor: { GetPolicy: ['secret-fn'] },
};

const logGroups: FakeLogGroup[] = [
  group('/aws/lambda/billing', 30),
  group('/aws/lambda/orders-api', 14),
  group('/aws/lambda/orders-worker'),
  group('/aws/lambda/public-fn', 7),
  group('/aws/lambda/retired', 1),
  group('/aws/lambda/secret-fn', 5),
  group('/custom/secret', 90),
  group('/custom/secret-archive', 365),
  group('/other/app', 3),
];

const authorization: AccountAuthorization = {
  source: 'IAM (account 111122223333)',
  roles: [
    {
      arn: roleArn('orders-role'),
      name: 'orders-role',
      path: '/',
      trustPolicy: {
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      policies: [
        {
          kind: 'inline',
          name: 'orders',
          document: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] },
        },
        {
          kind: 'aws-managed',
          name: 'AdministratorAccess',
          arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
    },
    { arn: roleArn('billing-role'), name: 'billing-role', path: '/', policies: [] },
    { arn: roleArn('unrelated'), name: 'unrelated', path: '/', policies: [] },
  ],
  skipped: [],
};

describe('readLiveEstate over the Lambda and CloudWatch Logs wire protocols', () => {
  const servers: { close(): Promise<void> }[] = [];
  let restore: () => void = () => {};
  afterEach(async () => {
    restore();
    for (const s of servers.splice(0)) await s.close();
  });

  /** Servers per region; a region without its own gets the first one's. */
  async function sources(
    byRegion: Record<string, { lambda: LambdaFixtures; logs?: LogsBehaviour }>,
  ): Promise<{
    sources: LiveEstateSources;
    lambda: Record<string, WireServer>;
    logs: Record<string, Awaited<ReturnType<typeof startLogsServer>>>;
  }> {
    restore = useFakeAwsEnv();
    const lambda: Record<string, WireServer> = {};
    const logs: Record<string, Awaited<ReturnType<typeof startLogsServer>>> = {};
    for (const [region, f] of Object.entries(byRegion)) {
      lambda[region] = await startLambdaServer(f.lambda);
      servers.push(lambda[region]);
      logs[region] = await startLogsServer(f.logs ?? { logGroups: [] });
      servers.push(logs[region]);
    }
    const config = (region: string) => ({ ...awsClientConfig({ region }), retryStrategy: fastRetry() });
    return {
      lambda,
      logs,
      sources: {
        lambda: (region) => new LambdaClient({ ...config(region), endpoint: lambda[region]!.url }),
        logs: (region) => new CloudWatchLogsClient({ ...config(region), endpoint: logs[region]!.url }),
        authorization,
      },
    };
  }

  it('reads functions, policies, URLs, mappings, roles and log groups across pages; a denied GetPolicy skips only that part', async () => {
    const s = await sources({
      'us-east-1': { lambda: lambdaFixtures, logs: { logGroups, pageSize: 2, throttle: [2] } },
    });
    const estate = await readLiveEstate(s.sources, ['us-east-1']);

    // Pagination: 5 functions at 2 a page, 3 mappings at 2 a page, 5 Lambda groups at 2 a page.
    expect(s.lambda['us-east-1']!.count('ListFunctions')).toBe(3);
    expect(s.lambda['us-east-1']!.count('GetPolicy')).toBe(5);
    expect(s.lambda['us-east-1']!.count('GetFunctionUrlConfig')).toBe(5);
    // One listing of the region's mappings (4 at 2 a page), not one per function.
    expect(s.lambda['us-east-1']!.count('ListEventSourceMappings')).toBe(2);
    const logsCalls = s.logs['us-east-1']!.requests.map((r) => [
      r.body.logGroupNamePrefix,
      r.body.nextToken !== undefined,
    ]);
    // Request 2 was throttled and retried by the SDK with the same token.
    expect(logsCalls).toEqual([
      ['/aws/lambda/', false],
      ['/aws/lambda/', true],
      ['/aws/lambda/', true],
      ['/aws/lambda/', true],
      ['/custom/secret', false],
    ]);
    expect(String(s.logs['us-east-1']!.requests[0]!.headers['x-amz-target'])).toBe(
      'Logs_20140328.DescribeLogGroups',
    );

    expect(estate.subjects).toEqual([`aws://${account}/us-east-1`]);
    expect(estate.functions.map((f) => f.name)).toEqual([
      'orders-api',
      'orders-worker',
      'public-fn',
      'secret-fn',
      'billing',
    ]);
    const byName = new Map(estate.functions.map((f) => [f.name, f]));

    const api = byName.get('orders-api')!;
    expect(api).toEqual({
      id: fnArn('orders-api'),
      name: 'orders-api',
      place: { kind: 'resource', arn: fnArn('orders-api') },
      role: roleArn('orders-role'),
      tracing: 'Active',
      permissions: [
        {
          principal: 'apigateway.amazonaws.com',
          action: 'lambda:InvokeFunction',
          sourceArn: `arn:aws:execute-api:us-east-1:${account}:abc123/*/GET/orders`,
          conditionKeys: ['aws:sourcearn'],
          place: { kind: 'resource', arn: fnArn('orders-api') },
        },
      ],
      invokers: [
        'apigateway.amazonaws.com',
        `arn:aws:execute-api:us-east-1:${account}:abc123/*/GET/orders`,
        `arn:aws:kinesis:us-east-1:${account}:stream/clicks`,
      ],
    });

    // No policy (ResourceNotFoundException) and no URL: empty, not skipped; mappings are invokers.
    const worker = byName.get('orders-worker')!;
    expect(worker.permissions).toEqual([]);
    expect(worker.url).toBeUndefined();
    expect(worker.customLogGroup).toBeUndefined();
    expect(worker.invokers).toEqual([1, 2, 3].map((i) => `arn:aws:sqs:us-east-1:${account}:orders-${i}`));

    const pub = byName.get('public-fn')!;
    expect(pub.roleText).toBe(roleArn('public-role'));
    expect(pub.role).toBeUndefined();
    expect(pub.permissions.map((p) => [p.principal, p.action, p.functionUrlAuthType])).toEqual([
      ['*', 'lambda:InvokeFunction', undefined],
      ['*', 'lambda:InvokeFunctionUrl', 'NONE'],
    ]);
    expect(pub.invokers).toEqual([]);
    expect(pub.url).toEqual({
      authType: 'NONE',
      allowOrigins: ['*'],
      place: { kind: 'resource', arn: fnArn('public-fn') },
    });
    expect(byName.get('billing')!.url).toEqual({
      authType: 'AWS_IAM',
      place: { kind: 'resource', arn: fnArn('billing') },
    });

    const secret = byName.get('secret-fn')!;
    expect(secret.customLogGroup).toBe('/custom/secret');
    expect(secret.permissions).toEqual([]);

    expect(estate.skipped).toEqual([
      {
        what: `${fnArn('secret-fn')} resource-based policy`,
        reason: expect.stringMatching(
          /^access denied: iamtrim needs lambda:GetPolicy for secret-fn; see README section "iamtrim's own permissions"/,
        ),
      },
      { what: roleArn('public-role'), reason: 'role not found in IAM (account 111122223333)' },
    ]);

    // Roles: only those functions run as, each once.
    expect(estate.roles.map((r) => r.id)).toEqual([roleArn('billing-role'), roleArn('orders-role')]);
    const orders = estate.roles.find((r) => r.id === roleArn('orders-role'))!;
    expect(orders.trustsLambda).toBe(true);
    expect(orders.statements.map((st) => [st.policy, st.actions])).toEqual([['orders', ['dynamodb:*']]]);
    expect(orders.managedPolicies.map((m) => m.ref)).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);

    // Log groups: the functions' own, default or custom (by exact name, never its prefix
    // siblings); not a deleted function's, nor a default group a custom one replaces.
    expect(estate.logGroups.map((g) => [g.name, g.retentionDays])).toEqual([
      ['/aws/lambda/billing', 30],
      ['/aws/lambda/orders-api', 14],
      ['/aws/lambda/orders-worker', undefined],
      ['/aws/lambda/public-fn', 7],
      ['/custom/secret', 90],
    ]);
    expect(estate.logGroups[0]!.place).toEqual({
      kind: 'resource',
      arn: `arn:aws:logs:us-east-1:${account}:log-group:/aws/lambda/billing`,
    });
  });

  it('two regions, one failing: the failing one is skipped and named, the other read whole', async () => {
    const s = await sources({
      'us-east-1': { lambda: lambdaFixtures, logs: { logGroups } },
      'me-south-1': { lambda: { functions, deny: ['ListFunctions'] } },
    });
    const estate = await readLiveEstate(s.sources, ['me-south-1', 'us-east-1']);
    expect(estate.subjects).toEqual([`aws://${account}/us-east-1`]);
    expect(estate.functions).toHaveLength(5);
    expect(estate.skipped[0]).toEqual({
      what: 'region me-south-1',
      reason: expect.stringMatching(/^access denied: iamtrim needs lambda:ListFunctions for me-south-1;/),
    });
    // Nothing else was asked of the failed region.
    expect(s.lambda['me-south-1']!.requests.map((r) => r.operation)).toEqual(['ListFunctions']);
    expect(s.logs['me-south-1']!.requests).toEqual([]);
  });

  it('denied DescribeLogGroups skips the region’s log groups, and the functions are still read', async () => {
    const s = await sources({
      'us-east-1': { lambda: lambdaFixtures, logs: { logGroups, deny: ['DescribeLogGroups'] } },
    });
    const estate = await readLiveEstate(s.sources, ['us-east-1']);
    expect(estate.functions).toHaveLength(5);
    expect(estate.logGroups).toEqual([]);
    expect(estate.skipped).toContainEqual({
      what: 'log groups in us-east-1',
      reason: expect.stringMatching(/^access denied: iamtrim needs logs:DescribeLogGroups for us-east-1;/),
    });
  });

  it('denied ListEventSourceMappings skips the region’s mappings once, and the rest is read', async () => {
    const s = await sources({
      'us-east-1': { lambda: { ...lambdaFixtures, deny: ['ListEventSourceMappings'] }, logs: { logGroups } },
    });
    const estate = await readLiveEstate(s.sources, ['us-east-1']);
    expect(estate.functions.find((f) => f.name === 'orders-worker')!.invokers).toEqual([]);
    expect(estate.functions.find((f) => f.name === 'orders-api')!.permissions).toHaveLength(1);
    expect(estate.skipped.filter((x) => x.what === 'event source mappings in us-east-1')).toEqual([
      {
        what: 'event source mappings in us-east-1',
        reason: expect.stringMatching(
          /^access denied: iamtrim needs lambda:ListEventSourceMappings for us-east-1;/,
        ),
      },
    ]);
  });

  it('the default clients honour AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and sign per region', async () => {
    const lambda = await startLambdaServer({ functions: functions.slice(0, 2) });
    const logs = await startLogsServer({ logGroups });
    servers.push(lambda, logs);
    restore = useFakeAwsEnv({
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
    });
    const clients = await createLiveEstateClients(awsClientConfig());
    const estate = await readLiveEstate({ ...clients, authorization }, ['eu-west-1']);
    expect(estate.functions.map((f) => f.name)).toEqual(['orders-api', 'orders-worker']);
    expect(estate.logGroups.map((g) => g.name)).toEqual([
      '/aws/lambda/orders-api',
      '/aws/lambda/orders-worker',
    ]);
    expect(String(lambda.requests[0]!.headers.authorization)).toContain('/eu-west-1/lambda/aws4_request');
    expect(String(logs.requests[0]!.headers.authorization)).toContain('/eu-west-1/logs/aws4_request');
  });

  it('every region failing is an error naming each, not an empty estate', async () => {
    const s = await sources({
      'us-east-1': { lambda: { functions, deny: ['ListFunctions'] } },
      'eu-west-1': { lambda: { functions, deny: ['ListFunctions'] } },
    });
    const err = await readLiveEstate(s.sources, ['us-east-1', 'eu-west-1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(/^no region could be listed \(2 of 2 failed\)/);
    expect((err as Error).message).toContain(
      '  us-east-1: access denied: iamtrim needs lambda:ListFunctions',
    );
    expect((err as Error).message).toContain(
      '  eu-west-1: access denied: iamtrim needs lambda:ListFunctions',
    );
  });
});

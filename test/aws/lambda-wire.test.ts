import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import lambdaNeedsData from '../../src/catalog/data/lambda-needs.json' with { type: 'json' };
import { lambdaRequirements, type LambdaNeedsData } from '../../src/catalog/lambda-needs.js';
import { awsClientConfig } from '../../src/aws/aws-config.js';
import { listFunctions } from '../../src/aws/list-functions.js';
import { readFunctionConfig } from '../../src/aws/read-function-config.js';
import { groupByRole } from '../../src/aws/shared-roles.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { lambdaThrottling, startLambdaServer, type LambdaFixtures } from '../support/wire/lambda-server.js';
import type { InjectedFault, WireServer } from '../support/wire/wire-server.js';
import { fastRetry, useFakeAwsEnv } from './wire-env.js';

// The real Lambda client (REST-JSON), pointed at a local server through AWS_ENDPOINT_URL_LAMBDA.

function fn(name: string, role: string, partition = 'aws', region = 'us-east-1') {
  return {
    FunctionName: name,
    FunctionArn: `arn:${partition}:lambda:${region}:111122223333:function:${name}`,
    Role: `arn:${partition}:iam::111122223333:role/${role}`,
    Runtime: 'nodejs20.x',
    PackageType: 'Zip',
    LastModified: '2024-05-06T07:08:09.000+0000',
  };
}

const functions = [
  fn('orders-api', 'orders-role'),
  fn('orders-worker', 'orders-role'),
  fn('billing', 'billing-role'),
  fn('reports', 'reports-role'),
  fn('audit', 'orders-role'),
  fn('thumbnails', 'media-role'),
  fn('emails', 'emails-role'),
];

describe('Lambda over the REST-JSON wire protocol', () => {
  let server: WireServer | undefined;
  let restore: () => void = () => {};
  afterEach(async () => {
    restore();
    await server?.close();
    server = undefined;
  });

  async function start(f: LambdaFixtures, faults: InjectedFault[] = []): Promise<LambdaClient> {
    server = await startLambdaServer(f, faults);
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_LAMBDA: server.url });
    return new LambdaClient({ ...awsClientConfig({ region: 'us-east-1' }), retryStrategy: fastRetry() });
  }

  it('lists every function across 3 pages in each region and groups shared roles', async () => {
    await start({ functions, pageSize: 3 });
    const seen: string[] = [];
    const out = await listFunctions(['us-east-1', 'eu-west-1'], {}, (region) => {
      seen.push(region);
      return new LambdaClient({ ...awsClientConfig({ region }), retryStrategy: fastRetry() });
    });
    expect(seen).toEqual(['us-east-1', 'eu-west-1']);
    expect(server!.count('ListFunctions')).toBe(6);
    const markers = server!.requests.map((r) => r.query.get('Marker'));
    expect(markers).toEqual([null, 'm3', 'm6', null, 'm3', 'm6']);
    expect(out).toHaveLength(14);
    expect(out[0]).toEqual({
      region: 'us-east-1',
      functionName: 'orders-api',
      functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:orders-api',
      roleArn: 'arn:aws:iam::111122223333:role/orders-role',
      runtime: 'nodejs20.x',
      packageType: 'Zip',
      lastModified: '2024-05-06T07:08:09.000+0000',
    });
    // Signed for the region asked for, not the env's AWS_REGION.
    expect(String(server!.requests[3]?.headers.authorization)).toContain('/eu-west-1/lambda/aws4_request');

    const groups = groupByRole(out.filter((f) => f.region === 'us-east-1'));
    const orders = groups.find((g) => g.roleArn.endsWith('/orders-role'));
    expect(orders?.shared).toBe(true);
    expect(orders?.functions.map((f) => f.functionName)).toEqual(['audit', 'orders-api', 'orders-worker']);
    expect(groups.filter((g) => g.shared)).toHaveLength(1);
  });

  it('retries a 429 TooManyRequestsException mid-pagination and still reads every page', async () => {
    await start({ functions, pageSize: 3 }, [{ onRequests: [2], response: lambdaThrottling }]);
    const out = await listFunctions(['us-east-1'], {}, (region) => {
      return new LambdaClient({ ...awsClientConfig({ region }), retryStrategy: fastRetry() });
    });
    expect(out.map((f) => f.functionName)).toEqual(functions.map((f) => f.FunctionName));
    expect(server!.requests.map((r) => r.query.get('Marker'))).toEqual([null, 'm3', 'm3', 'm6']);
  });

  it('names lambda:ListFunctions when access is denied', async () => {
    await start({ functions, deny: ['ListFunctions'] });
    const err = await listFunctions(
      ['us-east-1'],
      {},
      (region) => new LambdaClient({ ...awsClientConfig({ region }) }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as Error).message).toMatch(
      /^access denied: iamtrim needs lambda:ListFunctions for us-east-1; see README section "iamtrim's own permissions"/,
    );
    expect(server!.count('ListFunctions')).toBe(1);
  });

  it('with onRegionError, a denied region is reported and the others are still listed', async () => {
    await start({ functions, pageSize: 3 });
    const denied = await startLambdaServer({
      functions,
      deny: ['ListFunctions'],
    });
    try {
      const skipped: string[] = [];
      const out = await listFunctions(
        ['us-east-1', 'me-south-1', 'eu-west-1'],
        {},
        (region) =>
          new LambdaClient({
            ...awsClientConfig({ region }),
            ...(region === 'me-south-1' ? { endpoint: denied.url } : {}),
          }),
        { onRegionError: (region, e) => skipped.push(`${region}: ${e.message}`) },
      );
      expect(out.map((f) => f.region)).toEqual([
        ...Array(7).fill('us-east-1'),
        ...Array(7).fill('eu-west-1'),
      ]);
      expect(skipped).toHaveLength(1);
      expect(skipped[0]).toMatch(
        /^me-south-1: access denied: iamtrim needs lambda:ListFunctions for me-south-1;/,
      );
      expect(denied.count('ListFunctions')).toBe(1);
      expect(server!.count('ListFunctions')).toBe(6);
    } finally {
      await denied.close();
    }
  });

  it('reads the configuration and all event-source mappings in the file shape lambdaRequirements reads', async () => {
    const config = {
      ...fn('orders-worker', 'orders-role', 'aws-cn', 'cn-north-1'),
      VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'], VpcId: 'vpc-1' },
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: '/custom/orders', LogFormat: 'JSON' },
    };
    const mappings = [1, 2, 3, 4, 5].map((i) => ({
      UUID: `uuid-${i}`,
      EventSourceArn: `arn:aws-cn:sqs:cn-north-1:111122223333:queue-${i}`,
      FunctionArn: config.FunctionArn,
      State: 'Enabled',
      LastModified: 1714979289,
    }));
    const client = await start({ functions: [config], eventSourceMappings: mappings, pageSize: 2 });
    const out = await readFunctionConfig(client, 'orders-worker');
    expect(server!.count('ListEventSourceMappings')).toBe(3);
    expect(
      server!.requests
        .filter((r) => r.operation === 'ListEventSourceMappings')
        .map((r) => r.query.get('FunctionName')),
    ).toEqual(['orders-worker', 'orders-worker', 'orders-worker']);
    expect(out.configuration).toEqual(config);
    expect('$metadata' in out.configuration).toBe(false);
    expect(out.eventSourceMappings.EventSourceMappings.map((m) => m.EventSourceArn)).toEqual(
      mappings.map((m) => m.EventSourceArn),
    );
    // The SDK turns epoch seconds into a Date; the output carries it as an ISO string.
    expect((out.eventSourceMappings.EventSourceMappings[0] as Record<string, unknown>).LastModified).toBe(
      new Date(1714979289_000).toISOString(),
    );

    // What the coverage model makes of it: aws-cn ARNs for logs, the VPC, the queues.
    const needs = lambdaRequirements(
      out.configuration,
      out.eventSourceMappings.EventSourceMappings,
      lambdaNeedsData as unknown as LambdaNeedsData,
    );
    const resources = needs.flatMap((n) => n.resources);
    expect(resources).toContain('arn:aws-cn:logs:cn-north-1:111122223333:log-group:/custom/orders');
    expect(resources).toContain('arn:aws-cn:sqs:cn-north-1:111122223333:queue-5');
  });

  it('names lambda:GetFunctionConfiguration when access is denied, and reports a missing function', async () => {
    const client = await start({ functions, deny: ['GetFunctionConfiguration'] });
    const err = await readFunctionConfig(client, 'billing').catch((e: unknown) => e);
    expect((err as Error).message).toContain('iamtrim needs lambda:GetFunctionConfiguration for billing');
    await server!.close();
    restore();
    const client2 = await start({ functions });
    const missing = await readFunctionConfig(client2, 'nope').catch((e: unknown) => e);
    expect((missing as Error).message).toBe(
      'lambda GetFunctionConfiguration for nope failed: ResourceNotFoundException: Function not found: nope',
    );
  });
});

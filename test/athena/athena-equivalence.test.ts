import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AthenaClient } from '@aws-sdk/client-athena';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { USAGE_COLUMNS } from '../../src/athena/build-usage-query.js';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { queryAthena, type AthenaSourceOptions } from '../../src/sources/athena-source.js';
import { scanTrail } from '../../src/sources/scan-trail.js';
import { defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { callRecord } from '../support/records.js';
import { miniAthena, readRecords, toWire, trailFiles, type Row } from '../support/mini-athena.js';
import { startAthenaServer, type AthenaServer } from '../support/wire/athena-server.js';

const exampleTrail = fileURLToPath(new URL('../../fixtures/example/cloudtrail/', import.meta.url));

/** Extra calls the example lacks: every error class, a denial naming its action, a quote. */
const extraRecords = [
  callRecord({ name: 'PutItem', errorCode: 'ConditionalCheckFailedException', time: '2026-10-03T01:00:00Z' }),
  callRecord({
    name: 'GetItem',
    errorCode: 'AccessDeniedException',
    errorMessage:
      'User: arn:aws:sts::123456789012:assumed-role/orders-api-role/orders-api is not authorized to perform: dynamodb:GetItem on resource: table/Orders',
    time: '2026-10-04T02:00:00Z',
  }),
  callRecord({
    source: 'ssm.amazonaws.com',
    name: 'GetParameter',
    params: { name: "/orders/o'brien" },
    errorCode: 'ValidationException',
    errorMessage: 'User: x is not authorized to perform: ssm:GetParameter on resource: parameter',
    time: '2026-10-05T03:00:00Z',
  }),
  // Denied for an action other than the one the call maps to: the message's action wins.
  callRecord({
    source: 's3.amazonaws.com',
    name: 'GetObject',
    params: { bucketName: 'orders-archive-123456789012', key: '2026/10/05/x.json' },
    errorCode: 'AccessDenied',
    errorMessage:
      'User: arn:aws:sts::123456789012:assumed-role/orders-api-role/orders-api is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/k',
    time: '2026-10-05T04:00:00Z',
  }),
  callRecord({ name: 'GetItem', errorCode: 'Client.UnauthorizedOperation', time: '2026-10-06T04:00:00Z' }),
  // Same call three times: one group, count 3, first and last from the ends.
  ...['2026-10-07T05:00:00Z', '2026-10-09T05:00:00Z', '2026-10-08T05:00:00Z'].map((time) =>
    callRecord({ fn: 'orders-worker', role: 'arn:aws:iam::123456789012:role/orders-shared-role', time }),
  ),
];

/** The parts of usage a tightening depends on, in a comparable, sorted form. */
function principalsOf(acc: UsageAccumulator, type?: string): unknown[] {
  const sortBy = <T>(xs: Iterable<T>, key: (x: T) => string): T[] =>
    [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return sortBy(
    [...acc.principals.values()].filter((p) => !type || p.type === type),
    (p) => p.arn,
  ).map((p) => ({
    arn: p.arn,
    type: p.type,
    functions: sortBy(p.functions, ([f]) => f),
    actions: sortBy(p.actions, ([a]) => a).map(([action, s]) => ({
      action,
      count: s.count,
      unresolved: s.unresolved,
      first: new Date(s.firstMs).toISOString(),
      last: new Date(s.lastMs).toISOString(),
      resources: [...s.resources].sort(),
      foldLevel: s.foldLevel,
      functions: [...s.functions].sort(),
    })),
    denied: sortBy(p.denied, ([k]) => k).map(([key, d]) => ({
      key,
      count: d.count,
      first: new Date(d.firstMs).toISOString(),
      last: new Date(d.lastMs).toISOString(),
      resources: [...d.resources].sort(),
      functions: [...d.functions].sort(),
    })),
  }));
}

const client = (endpoint: string): AthenaClient =>
  new AthenaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDWIRETEST', secretAccessKey: 'wire-test-secret' },
  });

const noSleep = async (): Promise<void> => {};

const baseOptions: AthenaSourceOptions = {
  query: { table: 'cloudtrail_db.cloudtrail_logs', partitionStyle: 'projection' },
  workGroup: 'iamtrim',
  outputLocation: 's3://athena-results-123456789012/iamtrim/',
  sleep: noSleep,
};

let files: string[];
let records: Record<string, unknown>[];
let servers: AthenaServer[] = [];

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrim-athena-'));
  const extra = join(dir, 'extra.json');
  writeFileSync(extra, JSON.stringify({ Records: extraRecords }));
  files = [...trailFiles(exampleTrail), extra];
  records = files.flatMap(readRecords);
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(
  rows: readonly Row[],
  extra: Partial<Parameters<typeof startAthenaServer>[0]> = {},
): Promise<AthenaServer> {
  const server = await startAthenaServer({ columns: USAGE_COLUMNS, rows: toWire(rows), ...extra });
  servers.push(server);
  return server;
}

describe('Athena rows rebuild the local scan', () => {
  it('gives the same principals, actions, resources, counts, times and denials', async () => {
    const local = await scanTrail(files, {
      aggregate: defaultAggregateOptions,
      catalog: createEventCatalog(),
      workers: 1,
    });
    const rows = miniAthena(records, {});
    // The server really aggregated: fewer rows than Lambda-session events.
    const sessionEvents = rows.reduce((n, r) => n + Number(r.event_count), 0);
    expect(rows.length).toBeLessThan(sessionEvents);
    const server = await serve(rows, { pageSize: 40 });

    const result = await queryAthena(
      client(server.endpoint),
      createEventCatalog(),
      defaultAggregateOptions,
      baseOptions,
    );

    expect(result.rows).toBe(rows.length);
    expect(server.requests.filter((r) => r === 'GetQueryResults').length).toBeGreaterThanOrEqual(3);
    const expected = principalsOf(local, 'role');
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(principalsOf(result.acc)).toEqual(expected);
    // The extra records' denials and repeated call are in there, not only the example's.
    const shared = result.acc.principals.get('arn:aws:iam::123456789012:role/orders-shared-role');
    expect(shared?.functions.get('orders-worker')).toBeGreaterThan(3);
    const ordersApi = result.acc.principals.get(
      'arn:aws:iam::123456789012:role/service-role/orders-api-role',
    );
    expect([...(ordersApi?.denied.keys() ?? [])]).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem AccessDeniedException',
        'ssm:GetParameter ValidationException',
        'kms:Decrypt AccessDenied',
      ]),
    );
  });

  it('agrees with a role- and window-filtered local scan, unmapped and permissionless included', async () => {
    const roles = ['orders-shared-role'];
    const sinceMs = Date.parse('2026-10-10T00:00:00Z');
    const untilMs = Date.parse('2026-10-25T00:00:00Z');
    const aggregate: AggregateOptions = { ...defaultAggregateOptions, filter: { roles, sinceMs, untilMs } };
    const local = await scanTrail(files, { aggregate, catalog: createEventCatalog(), workers: 1 });
    const server = await serve(miniAthena(records, { sinceMs, untilMs }));

    const result = await queryAthena(client(server.endpoint), createEventCatalog(), aggregate, {
      ...baseOptions,
      query: { ...baseOptions.query, roles, sinceMs, untilMs },
    });

    expect(principalsOf(result.acc)).toEqual(principalsOf(local, 'role'));
    expect(principalsOf(result.acc)).toHaveLength(1);
    expect([...result.acc.unmapped.values()]).toEqual([...local.unmapped.values()]);
    expect(result.acc.stats.permissionlessEvents).toBe(local.stats.permissionlessEvents);
    const s3 = (principalsOf(result.acc)[0] as { actions: { action: string }[] }).actions.map(
      (a) => a.action,
    );
    expect(s3).toContain('s3:PutObject');
    // The SQL that was sent carries the same filter, escaped.
    expect(server.sql[0]).toContain("IN ('orders-shared-role')");
    expect(server.sql[0]).toContain('"timestamp" >= \'2026/10/10\'');
  });

  it('would notice a wrong count: a row counted twice changes the usage', async () => {
    const local = await scanTrail(files, {
      aggregate: defaultAggregateOptions,
      catalog: createEventCatalog(),
      workers: 1,
    });
    const rows = miniAthena(records, {});
    const doubled = rows.map((r, i) =>
      i === 0 ? { ...r, event_count: String(Number(r.event_count) * 2) } : r,
    );
    const server = await serve(doubled);
    const result = await queryAthena(
      client(server.endpoint),
      createEventCatalog(),
      defaultAggregateOptions,
      baseOptions,
    );
    expect(principalsOf(result.acc)).not.toEqual(principalsOf(local, 'role'));
  });
});

describe('Athena source protocol', () => {
  it('starts the query with workgroup, output location and database, polling through QUEUED and RUNNING', async () => {
    const server = await serve([], { pending: ['QUEUED', 'QUEUED', 'RUNNING'] });
    const delays: number[] = [];
    const result = await queryAthena(client(server.endpoint), createEventCatalog(), defaultAggregateOptions, {
      ...baseOptions,
      pollMs: 100,
      maxPollMs: 300,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    expect(server.requests).toEqual([
      'StartQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryResults',
    ]);
    expect(delays).toEqual([100, 200, 300]);
    expect(server.starts[0]).toMatchObject({
      WorkGroup: 'iamtrim',
      ResultConfiguration: { OutputLocation: 's3://athena-results-123456789012/iamtrim/' },
      QueryExecutionContext: { Database: 'cloudtrail_db', Catalog: 'AwsDataCatalog' },
    });
    expect(server.sql[0]).toBe(result.sql);
    expect(result.rows).toBe(0);
    expect(result.bytesScanned).toBe(1234);
    expect(result.acc.principals.size).toBe(0);
  });

  it('turns FAILED into an AwsError carrying the reason', async () => {
    const server = await serve([], {
      finalState: 'FAILED',
      stateChangeReason:
        "TABLE_NOT_FOUND: line 14:6: Table 'awsdatacatalog.cloudtrail_db.cloudtrail_logs' does not exist",
    });
    const run = queryAthena(
      client(server.endpoint),
      createEventCatalog(),
      defaultAggregateOptions,
      baseOptions,
    );
    await expect(run).rejects.toThrow(AwsError);
    await expect(run).rejects.toThrow(/failed: TABLE_NOT_FOUND.*does not exist/);
    expect(server.requests).not.toContain('GetQueryResults');
  });

  it('turns CANCELLED into an AwsError', async () => {
    const server = await serve([], { finalState: 'CANCELLED', pending: [] });
    await expect(
      queryAthena(client(server.endpoint), createEventCatalog(), defaultAggregateOptions, baseOptions),
    ).rejects.toThrow(/was cancelled/);
  });

  it('gives up polling after the timeout', async () => {
    const server = await serve([], { pending: Array<string>(50).fill('RUNNING') });
    await expect(
      queryAthena(client(server.endpoint), createEventCatalog(), defaultAggregateOptions, {
        ...baseOptions,
        pollMs: 1000,
        maxPollMs: 1000,
        timeoutMs: 3000,
      }),
    ).rejects.toThrow(/still RUNNING after 3000 ms/);
  });

  it('retries a throttled request and still reads every page', async () => {
    const rows = miniAthena(records, {}).slice(0, 7);
    // Request 3 is the second poll; request 6 is the second results page.
    const server = await serve(rows, { pageSize: 3, pending: ['RUNNING'], throttle: [3, 6] });
    const result = await queryAthena(
      client(server.endpoint),
      createEventCatalog(),
      defaultAggregateOptions,
      baseOptions,
    );
    expect(server.requests).toEqual([
      'StartQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryExecution',
      'GetQueryResults',
      'GetQueryResults',
      'GetQueryResults',
      'GetQueryResults',
    ]);
    expect(result.rows).toBe(7);
    const events = [...result.acc.principals.values()].reduce(
      (n, p) => n + [...p.functions.values()].reduce((a, b) => a + b, 0),
      0,
    );
    expect(events).toBe(rows.reduce((n, r) => n + Number(r.event_count), 0));
  }, 20_000);

  it('reports a non-retryable error as an AwsError naming the call', async () => {
    const server = await serve([], { throttle: [] });
    const bad = client(server.endpoint.replace(/:\d+$/, ':1'));
    await expect(
      queryAthena(bad, createEventCatalog(), defaultAggregateOptions, baseOptions),
    ).rejects.toThrow(/Athena StartQueryExecution/);
    expect(server.requests).toHaveLength(0);
  }, 30_000);
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';
import { createCloudTrailClient } from '../../src/sources/create-cloudtrail-client.js';
import {
  LOOKUP_EVENTS_LIMIT,
  lookupEventsUsage,
  type LookupEventsOptions,
} from '../../src/sources/lookup-events-source.js';
import type { TokenBucket } from '../../src/sources/token-bucket.js';
import { defaultAggregateOptions } from '../../src/usage/add-record.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';
import {
  lookupEventsHandler,
  startCloudTrailServer,
  type CloudTrailWireServer,
  type FakeLookupEvent,
  type LookupEventsBehaviour,
} from '../support/wire/cloudtrail-server.js';

const catalog = createEventCatalog();
const NOW = new Date('2026-11-20T00:00:00Z');
const ORDERS_ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
const BILLING_ROLE = 'arn:aws:iam::123456789012:role/billing-role';
const HUMAN_ROLE = 'arn:aws:iam::123456789012:role/Admin';

function event(opts: Parameters<typeof callRecord>[0] & { time: string }): FakeLookupEvent {
  const record = callRecord(opts);
  return {
    eventTime: opts.time,
    eventName: opts.name ?? 'GetItem',
    username: opts.fn ?? 'orders-api',
    cloudTrailEvent: record,
  };
}

/** Seven orders-api events on different days and tables: four pages of two. */
const ORDERS_EVENTS: FakeLookupEvent[] = [
  event({ time: '2026-11-01T10:00:00Z', name: 'DescribeTable', params: { tableName: 'Orders' } }),
  event({ time: '2026-11-02T10:00:00Z', name: 'DescribeTable', params: { tableName: 'Customers' } }),
  event({ time: '2026-11-03T10:00:00Z', name: 'GetItem', params: { tableName: 'Orders' } }),
  event({ time: '2026-11-04T10:00:00Z', name: 'PutItem', params: { tableName: 'Orders' } }),
  event({ time: '2026-11-05T10:00:00Z', name: 'ListTables', params: {} }),
  event({ time: '2026-11-06T10:00:00Z', name: 'GetItem', params: { tableName: 'Customers' } }),
  event({ time: '2026-11-07T10:00:00Z', name: 'DescribeTable', params: { tableName: 'Invoices' } }),
];

const servers: CloudTrailWireServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(behaviour: LookupEventsBehaviour, errorTypeInHeader = false) {
  const server = await startCloudTrailServer(
    { LookupEvents: lookupEventsHandler(behaviour) },
    { errorTypeInHeader },
  );
  servers.push(server);
  return server;
}

/** Counts takes instead of waiting: pacing itself is tested with a fake clock elsewhere. */
function countingBucket(): TokenBucket & { takes: number } {
  const b = {
    takes: 0,
    take: async () => {
      b.takes++;
    },
  };
  return b;
}

function run(server: CloudTrailWireServer, overrides: Partial<LookupEventsOptions> = {}) {
  const client = createCloudTrailClient({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    retry: { maxAttempts: 3, throttlingBaseMs: 1, baseMs: 1 },
  });
  return lookupEventsUsage({
    client,
    region: 'us-east-1',
    aggregate: defaultAggregateOptions,
    bucket: countingBucket(),
    now: () => NOW,
    sleep: async () => undefined,
    catalog,
    ...overrides,
  });
}

const actionsOf = (acc: Parameters<typeof toUsageReport>[0], role = ORDERS_ROLE) =>
  toUsageReport(acc)
    .principals.find((p) => p.arn === role)
    ?.actions.map((a) => [a.action, a.count]);

describe('LookupEvents over the wire', () => {
  it('follows NextToken across four pages and aggregates every event', async () => {
    const server = await serve({ events: ORDERS_EVENTS, pageSize: 2 });
    const bucket = countingBucket();
    const result = await run(server, { since: new Date('2026-10-25T00:00:00Z'), bucket });
    const sent = server.requestsFor('LookupEvents');
    expect(sent).toHaveLength(4);
    expect(result.requests).toBe(4);
    expect(bucket.takes).toBe(4);
    expect(result.events).toBe(7);
    expect(sent[0]?.body.NextToken).toBeUndefined();
    for (const r of sent.slice(1)) expect(typeof r.body.NextToken).toBe('string');
    expect(new Set(sent.map((r) => r.body.NextToken)).size).toBe(4);
    expect(sent[0]?.body.StartTime).toBe(Date.parse('2026-10-25T00:00:00Z') / 1000);
    expect(sent[0]?.body.EndTime).toBe(NOW.getTime() / 1000);
    expect(sent[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(actionsOf(result.acc)).toEqual([
      ['dynamodb:DescribeTable', 3],
      ['dynamodb:GetItem', 2],
      ['dynamodb:ListTables', 1],
      ['dynamodb:PutItem', 1],
    ]);
    expect(result.limits).toEqual([LOOKUP_EVENTS_LIMIT]);
    expect(toUsageReport(result.acc).skipped).toEqual([]);
  });

  it('lets the SDK retry a ThrottlingException and still reads every page', async () => {
    const server = await serve({ events: ORDERS_EVENTS, pageSize: 2, throttle: [2] });
    const result = await run(server);
    // One extra request on the wire: the throttled one, retried by the SDK.
    expect(server.requestsFor('LookupEvents')).toHaveLength(5);
    expect(result.requests).toBe(4);
    expect(result.events).toBe(7);
    const retried = server.requestsFor('LookupEvents')[2];
    expect(retried?.headers['amz-sdk-request']).toMatch(/^attempt=2/);
  });

  it('parses the error type from x-amzn-ErrorType too', async () => {
    const server = await serve({ events: ORDERS_EVENTS, pageSize: 3, throttle: [1] }, true);
    const result = await run(server);
    expect(server.requestsFor('LookupEvents')).toHaveLength(4);
    expect(result.events).toBe(7);
  });

  it('backs off and retries itself once the SDK has given up on throttling', async () => {
    // maxAttempts 3: requests 2, 3 and 4 are one SDK call that fails; our retry is request 5.
    const server = await serve({ events: ORDERS_EVENTS, pageSize: 4, throttle: [2, 3, 4] });
    const sleeps: number[] = [];
    const bucket = countingBucket();
    const result = await run(server, {
      bucket,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      throttleBackoffMs: (n) => 1000 * (n + 1),
    });
    expect(server.requestsFor('LookupEvents')).toHaveLength(5);
    expect(sleeps).toEqual([1000]);
    expect(result.requests).toBe(2);
    expect(bucket.takes).toBe(3);
    expect(result.events).toBe(7);
  });

  it('gives up after its own bounded retries with an AwsError', async () => {
    const server = await serve({
      events: ORDERS_EVENTS,
      throttle: Array.from({ length: 20 }, (_, i) => i + 1),
    });
    const sleeps: number[] = [];
    const failure = run(server, {
      throttleRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await expect(failure).rejects.toBeInstanceOf(AwsError);
    await expect(failure).rejects.toThrow(/ThrottlingException/);
    expect(sleeps).toHaveLength(2);
    // 3 calls × 3 SDK attempts each.
    expect(server.requestsFor('LookupEvents')).toHaveLength(9);
  });

  it('looks up each function by Username and reads only its sessions', async () => {
    const events = [
      ...ORDERS_EVENTS.slice(0, 3),
      event({ time: '2026-11-02T00:00:00Z', role: BILLING_ROLE, fn: 'billing', name: 'DescribeTable' }),
      event({ time: '2026-11-03T00:00:00Z', role: BILLING_ROLE, fn: 'other', name: 'DeleteTable' }),
    ];
    const server = await serve({ events, pageSize: 2 });
    const result = await run(server, { functions: ['orders-api', 'billing', 'orders-api'] });
    const sent = server.requestsFor('LookupEvents');
    expect(sent.map((r) => r.body.LookupAttributes)).toEqual([
      [{ AttributeKey: 'Username', AttributeValue: 'billing' }],
      [{ AttributeKey: 'Username', AttributeValue: 'orders-api' }],
      [{ AttributeKey: 'Username', AttributeValue: 'orders-api' }],
    ]);
    expect(result.events).toBe(4);
    const report = toUsageReport(result.acc);
    expect(report.principals.map((p) => [p.arn, p.functions])).toEqual([
      [BILLING_ROLE, ['billing']],
      [ORDERS_ROLE, ['orders-api']],
    ]);
  });

  it('keeps only events issued by the given role, even from a session named like the function', async () => {
    const events = [
      ...ORDERS_EVENTS.slice(0, 2),
      event({ time: '2026-11-02T00:00:00Z', role: BILLING_ROLE, fn: 'billing', name: 'DeleteTable' }),
      // A human who named their session after the function: same Username, other issuer.
      event({ time: '2026-11-03T00:00:00Z', role: HUMAN_ROLE, fn: 'orders-api', name: 'DeleteTable' }),
    ];
    const server = await serve({ events, pageSize: 10 });
    const result = await run(server, { roleArns: [ORDERS_ROLE] });
    expect(server.requestsFor('LookupEvents')[0]?.body.LookupAttributes).toBeUndefined();
    expect(result.events).toBe(4);
    expect(result.otherPrincipals).toBe(2);
    expect(toUsageReport(result.acc).principals.map((p) => p.arn)).toEqual([ORDERS_ROLE]);
    expect(actionsOf(result.acc)).toEqual([['dynamodb:DescribeTable', 2]]);
  });

  it('counts a CloudTrailEvent that is not JSON as skipped', async () => {
    const events: FakeLookupEvent[] = [
      ...ORDERS_EVENTS.slice(0, 1),
      {
        eventTime: '2026-11-02T00:00:00Z',
        username: 'orders-api',
        cloudTrailEvent: '{"eventVersion": "1.08", trunc',
      },
    ];
    const server = await serve({ events });
    const result = await run(server);
    expect(toUsageReport(result.acc).skipped).toEqual([
      { file: 'lookup-events:us-east-1', reason: 'CloudTrailEvent is not valid JSON', records: 1 },
    ]);
    expect(result.acc.stats.records).toBe(2);
    expect(actionsOf(result.acc)).toEqual([['dynamodb:DescribeTable', 1]]);
  });

  it('clamps the window to the 90 days LookupEvents keeps, and says so', async () => {
    const old = event({ time: '2026-07-01T00:00:00Z', name: 'DeleteTable' });
    const server = await serve({ events: [old, ...ORDERS_EVENTS.slice(0, 1)] });
    const result = await run(server, { since: new Date('2026-05-01T00:00:00Z') });
    const ninetyDaysAgo = NOW.getTime() - 90 * 86_400_000;
    expect(server.requestsFor('LookupEvents')[0]?.body.StartTime).toBe(ninetyDaysAgo / 1000);
    expect(result.window.start.getTime()).toBe(ninetyDaysAgo);
    expect(result.limits[0]).toMatch(/90 days, management events only/);
    expect(result.limits[0]).toMatch(/s3:GetObject and dynamodb:GetItem are never returned/);
    expect(result.limits[1]).toMatch(/asked for 2026-05-01T00:00:00.000Z, older than 90 days/);
    expect(actionsOf(result.acc)).toEqual([['dynamodb:DescribeTable', 1]]);
  });

  it('resumes from its checkpoint and ends with the usage of an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-lookup-'));
    const checkpointFile = join(dir, 'lookup.checkpoint.json');
    const reference = await run(await serve({ events: ORDERS_EVENTS, pageSize: 2 }), {
      functions: ['orders-api'],
      roleArns: [ORDERS_ROLE],
    });

    // Page 3 fails with an error no one retries: the run stops after page 2.
    const server = await serve({ events: ORDERS_EVENTS, pageSize: 2, fail: [3] });
    const options = { functions: ['orders-api'], roleArns: [ORDERS_ROLE], checkpointFile };
    await expect(run(server, options)).rejects.toThrow(/InvalidNextTokenException/);
    const saved = JSON.parse(readFileSync(checkpointFile, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ mode: 'functions', requests: 2, eventsSeen: 4, query: 0 });
    expect(typeof saved.nextToken).toBe('string');
    expect(server.requestsFor('LookupEvents')).toHaveLength(3);

    const resumed = await run(server, options);
    const sent = server.requestsFor('LookupEvents');
    expect(sent).toHaveLength(5);
    expect(sent[3]?.body.NextToken).toBe(saved.nextToken);
    expect(resumed.resumed).toBe(true);
    expect(resumed.requests).toBe(reference.requests);
    expect(resumed.events).toBe(reference.events);
    expect(resumed.acc).toEqual(reference.acc);
    expect(toUsageReport(resumed.acc)).toEqual(toUsageReport(reference.acc));
    expect(existsSync(checkpointFile)).toBe(false);
  });

  it('starts over when the checkpoint is for another query', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-lookup-'));
    const checkpointFile = join(dir, 'lookup.checkpoint.json');
    const server = await serve({ events: ORDERS_EVENTS, pageSize: 2, fail: [3] });
    await expect(run(server, { functions: ['orders-api'], checkpointFile })).rejects.toThrow(AwsError);
    const result = await run(server, { functions: ['billing'], checkpointFile });
    expect(result.resumed).toBe(false);
    expect(server.requestsFor('LookupEvents')[3]?.body.NextToken).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createCloudTrailClient } from '../../src/sources/create-cloudtrail-client.js';
import {
  LOOKUP_EVENTS_LAG_MS,
  lookupEventsByDay,
  lookupEventsRange,
  type LookupEventsDayResult,
} from '../../src/sources/lookup-events-by-day.js';
import { defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import { mergeDayMaps } from '../../src/usage/day-usage.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';
import {
  lookupEventsHandler,
  startCloudTrailServer,
  type CloudTrailWireServer,
  type FakeLookupEvent,
} from '../support/wire/cloudtrail-server.js';

const catalog = createEventCatalog();
const ORDERS_ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
const aggregate: AggregateOptions = {
  ...defaultAggregateOptions,
  filter: { roles: [ORDERS_ROLE] },
  capturePolicyChanges: true,
};

const call = (time: string, name = 'GetItem'): FakeLookupEvent => ({
  eventTime: time,
  eventName: name,
  username: 'orders-api',
  cloudTrailEvent: callRecord({ time, name, params: { tableName: 'Orders' } }),
});

const EVENTS: FakeLookupEvent[] = [
  call('2026-11-01T10:00:00Z'),
  call('2026-11-02T10:00:00Z', 'PutItem'),
  {
    eventTime: '2026-11-02T12:00:00Z',
    eventName: 'PutRolePolicy',
    username: 'alice',
    cloudTrailEvent: {
      eventVersion: '1.08',
      eventID: 'put-1',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
        sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/Admin' } },
      },
      eventTime: '2026-11-02T12:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'PutRolePolicy',
      awsRegion: 'us-east-1',
      requestParameters: { roleName: 'orders-api-role', policyName: 'extra' },
    },
  },
  // Inside the first run's lag: left for the second run.
  call('2026-11-04T11:50:00Z', 'Query'),
  call('2026-11-05T10:00:00Z', 'DeleteItem'),
];

const servers: CloudTrailWireServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function run(
  server: CloudTrailWireServer,
  nowIso: string,
  checkpoint?: LookupEventsDayResult['checkpoint'],
): Promise<LookupEventsDayResult> {
  const client = createCloudTrailClient({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    retry: { maxAttempts: 2, throttlingBaseMs: 1, baseMs: 1 },
  });
  return lookupEventsByDay({
    client,
    region: 'us-east-1',
    aggregate,
    catalog,
    roleArns: [ORDERS_ROLE],
    bucket: { take: async () => undefined },
    sleep: async () => undefined,
    sinceMs: Date.parse('2026-11-01T00:00:00Z'),
    nowMs: Date.parse(nowIso),
    ...(checkpoint ? { checkpoint } : {}),
  });
}

const perDay = (days: ReadonlyMap<string, UsageAccumulator>): unknown =>
  [...days.keys()].sort().map((d) => [d, toUsageReport(days.get(d)!).principals, days.get(d)!.policyChanges]);

describe('lookupEventsByDay over the wire', () => {
  it('goes on just after the last run, leaves the lag for later, and adds up to one run from scratch', async () => {
    const server = await startCloudTrailServer({ LookupEvents: lookupEventsHandler({ events: EVENTS }) });
    servers.push(server);
    const first = await run(server, '2026-11-04T12:00:00Z');
    expect(first.checkpoint).toEqual({
      kind: 'lookup-events',
      region: 'us-east-1',
      readUntil: '2026-11-04T11:45:00.000Z',
    });
    expect([...first.usage.days.keys()].sort()).toEqual(['2026-11-01', '2026-11-02']);
    // Alice's change passes the role filter: drift names who changed the role.
    expect(first.usage.days.get('2026-11-02')?.policyChanges.map((c) => [c.eventId, c.actor])).toEqual([
      ['put-1', 'arn:aws:sts::123456789012:assumed-role/Admin/alice'],
    ]);
    expect(toUsageReport(first.usage.days.get('2026-11-02')!).principals.map((p) => p.arn)).toEqual([
      ORDERS_ROLE,
    ]);

    server.requests.length = 0;
    const second = await run(server, '2026-11-06T00:00:00Z', first.checkpoint);
    expect(server.requestsFor('LookupEvents')[0]?.body.StartTime).toBe(
      Date.parse('2026-11-04T11:45:01Z') / 1000,
    );
    expect([...second.usage.days.keys()].sort()).toEqual(['2026-11-04', '2026-11-05']);

    const scratch = await run(server, '2026-11-06T00:00:00Z');
    expect(perDay(mergeDayMaps(first.usage.days, second.usage.days))).toEqual(perDay(scratch.usage.days));
  });

  it('asks nothing when no time has passed beyond the lag', async () => {
    const server = await startCloudTrailServer({ LookupEvents: lookupEventsHandler({ events: EVENTS }) });
    servers.push(server);
    const checkpoint = {
      kind: 'lookup-events' as const,
      region: 'us-east-1',
      readUntil: '2026-11-04T11:45:00.000Z',
    };
    const again = await run(server, '2026-11-04T12:00:00.500Z', checkpoint);
    expect(server.requestsFor('LookupEvents')).toHaveLength(0);
    expect(again.checkpoint).toEqual(checkpoint);
  });
});

describe('lookupEventsRange', () => {
  const now = Date.parse('2026-11-04T12:00:00.700Z');
  it.each([
    ['first run from since', undefined, Date.parse('2026-11-01T00:00:00Z'), '2026-11-01T00:00:00.000Z'],
    ['after the checkpoint', '2026-11-03T00:00:00.000Z', undefined, '2026-11-03T00:00:01.000Z'],
    [
      'since later than the checkpoint',
      '2026-10-01T00:00:00.000Z',
      Date.parse('2026-11-01T00:00:00Z'),
      '2026-11-01T00:00:00.000Z',
    ],
  ])('%s', (_what, readUntil, since, start) => {
    const c = readUntil ? { kind: 'lookup-events' as const, region: 'r', readUntil } : undefined;
    const range = lookupEventsRange(c, since, now);
    expect(range && range.startMs !== undefined ? new Date(range.startMs).toISOString() : undefined).toBe(
      start,
    );
    expect(range?.endMs).toBe(Date.parse('2026-11-04T11:45:00Z'));
    expect(now - range!.endMs).toBeGreaterThanOrEqual(LOOKUP_EVENTS_LAG_MS);
  });
});

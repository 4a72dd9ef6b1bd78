import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { AwsError, UsageError } from '../../src/errors/iamtrim-error.js';
import { lookupEventsUsage } from '../../src/sources/lookup-events-source.js';
import { defaultAggregateOptions } from '../../src/usage/add-record.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();
const NOW = new Date('2026-11-20T00:00:00Z');
const mock = mockClient(CloudTrailClient);
afterEach(() => mock.reset());

function run(overrides: Partial<Parameters<typeof lookupEventsUsage>[0]> = {}) {
  return lookupEventsUsage({
    client: new CloudTrailClient({ region: 'eu-west-1' }),
    region: 'eu-west-1',
    aggregate: defaultAggregateOptions,
    bucket: { take: async () => undefined },
    now: () => NOW,
    sleep: async () => undefined,
    catalog,
    ...overrides,
  });
}

const ctEvent = (name: string, time: string) => ({
  EventName: name,
  CloudTrailEvent: JSON.stringify(callRecord({ name, time, params: { tableName: 'Orders' } })),
});

describe('lookupEventsUsage (mocked client)', () => {
  it('pages with NextToken over the given window and feeds each event to the aggregation', async () => {
    mock
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [ctEvent('DescribeTable', '2026-11-02T00:00:00Z')], NextToken: 't1' })
      .resolvesOnce({ Events: [ctEvent('DescribeTable', '2026-11-03T00:00:00Z'), {}] });
    const since = new Date('2026-11-01T00:00:00Z');
    const until = new Date('2026-11-10T00:00:00Z');
    const progress: number[] = [];
    const result = await run({ since, until, onProgress: (p) => progress.push(p.requests) });
    const calls = mock.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { StartTime: since, EndTime: until, MaxResults: 50 },
      { StartTime: since, EndTime: until, MaxResults: 50, NextToken: 't1' },
    ]);
    expect(progress).toEqual([1, 2]);
    expect(result.events).toBe(3);
    const report = toUsageReport(result.acc);
    expect(report.principals[0]?.actions.map((a) => [a.action, a.count])).toEqual([
      ['dynamodb:DescribeTable', 2],
    ]);
    expect(report.stats.regions).toEqual(['us-east-1']);
    // The event without CloudTrailEvent is counted, not dropped.
    expect(report.skipped).toEqual([
      { file: 'lookup-events:eu-west-1', reason: 'LookupEvents event without CloudTrailEvent', records: 1 },
    ]);
    expect(result.limits).toHaveLength(1);
  });

  it('names the missing permission when LookupEvents is denied', async () => {
    mock.on(LookupEventsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), {
        name: 'AccessDeniedException',
      }),
    );
    const failure = run();
    await expect(failure).rejects.toBeInstanceOf(AwsError);
    await expect(failure).rejects.toThrow(/needs cloudtrail:LookupEvents/);
  });

  it('waits on the bucket before every request, retries included', async () => {
    const order: string[] = [];
    mock
      .on(LookupEventsCommand)
      .callsFakeOnce(() => {
        order.push('send');
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      })
      .callsFake(() => {
        order.push('send');
        return { Events: [] };
      });
    const result = await run({
      bucket: { take: async () => void order.push('take') },
      sleep: async (ms) => void order.push(`sleep ${ms}`),
      throttleBackoffMs: () => 250,
    });
    expect(order).toEqual(['take', 'send', 'sleep 250', 'take', 'send']);
    expect(result.requests).toBe(1);
  });

  it('defaults to the last 90 days and says the window was clamped', async () => {
    mock.on(LookupEventsCommand).resolves({ Events: [] });
    const result = await run();
    const input = mock.commandCalls(LookupEventsCommand)[0]?.args[0].input;
    expect(input?.StartTime).toEqual(new Date(NOW.getTime() - 90 * 86_400_000));
    expect(input?.EndTime).toEqual(NOW);
    expect(result.limits[1]).toMatch(/^LookupEvents window starts at 2026-08-22T00:00:00.000Z$/);
  });
});

describe('lookupEventsUsage window', () => {
  it('refuses a window that ends before it starts, or before the 90 days LookupEvents keeps', async () => {
    await expect(
      run({ since: new Date('2026-11-10T00:00:00Z'), until: new Date('2026-11-01T00:00:00Z') }),
    ).rejects.toThrow(UsageError);
    await expect(run({ until: new Date('2026-01-01T00:00:00Z') })).rejects.toThrow(/last 90 days/);
    expect(mock.commandCalls(LookupEventsCommand)).toHaveLength(0);
  });
});

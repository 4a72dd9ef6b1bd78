import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { addRecord, defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import { addRecordByDay } from '../../src/usage/add-record-by-day.js';
import { fromDayUsageFile, toDayUsageFile } from '../../src/usage/day-usage-file.js';
import { createDayUsage, dayKeyOf, mergeDayUsage, type DayUsage } from '../../src/usage/day-usage.js';
import { mergeUsage } from '../../src/usage/merge-usage.js';
import { unionDays, windowDayRange } from '../../src/usage/union-days.js';
import {
  createUsageAccumulator,
  MAX_POLICY_CHANGES,
  type UsageAccumulator,
} from '../../src/usage/usage-accumulator.js';
import {
  usageAccumulatorFromJson,
  usageAccumulatorToJson,
  type UsageAccumulatorJson,
} from '../../src/usage/usage-accumulator-json.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();
const ORDERS_ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
const options: AggregateOptions = {
  ...defaultAggregateOptions,
  capturePolicyChanges: true,
  scanTimeMs: Date.UTC(2026, 11, 1),
};

/** A person changing a role's policy, as CloudTrail logs it. */
function policyChangeRecord(time: string, name = 'PutRolePolicy', id = 'e1'): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventID: id,
    userIdentity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
      accountId: '123456789012',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/Admin', userName: 'Admin' },
      },
    },
    eventTime: time,
    eventSource: 'iam.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    requestParameters: { roleName: 'orders-api-role', policyName: 'inline' },
  };
}

// Calls spread over days and hours (so UTC midnight is crossed), plus records that have no
// day: no time, a time before CloudTrail, one after the scan, and non-API records.
const recordArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      fn: fc.constantFrom('orders-api', 'orders-worker'),
      name: fc.constantFrom('GetItem', 'PutItem', 'Query', 'DeleteItem'),
      table: fc.constantFrom('Orders', 'Customers'),
      day: fc.integer({ min: 1, max: 5 }),
      hour: fc.integer({ min: 0, max: 23 }),
      denied: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('change' as const),
      day: fc.integer({ min: 1, max: 5 }),
      id: fc.nat(50),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom('no-time', 'too-early', 'too-late', 'non-api', 'not-trail') },
);
type Arb = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function toRecord(r: Arb): unknown {
  if (typeof r === 'string') {
    const base = callRecord({});
    if (r === 'no-time') return { ...base, eventTime: 'yesterday' };
    if (r === 'too-early') return { ...base, eventTime: '2010-01-01T00:00:00Z' };
    if (r === 'too-late') return { ...base, eventTime: '2030-01-01T00:00:00Z' };
    if (r === 'non-api') return { ...base, eventType: 'AwsServiceEvent', eventTime: '2026-11-02T03:00:00Z' };
    return { hello: 'world' };
  }
  const day = `2026-11-0${r.day}`;
  if (r.kind === 'change') return policyChangeRecord(`${day}T23:59:59Z`, 'AttachRolePolicy', `id-${r.id}`);
  return callRecord({
    fn: r.fn,
    name: r.name,
    params: { tableName: r.table },
    time: `${day}T${String(r.hour).padStart(2, '0')}:30:00Z`,
    ...(r.denied ? { errorCode: 'AccessDenied' } : {}),
  });
}

function scanWhole(records: readonly unknown[]): UsageAccumulator {
  const acc = createUsageAccumulator();
  for (const r of records) addRecord(acc, r, 'mem', catalog, options);
  return acc;
}

function scanByDay(records: readonly unknown[]): DayUsage {
  const usage = createDayUsage();
  for (const r of records) addRecordByDay(usage, r, 'mem', catalog, options);
  return usage;
}

function mergeAll(usage: DayUsage): UsageAccumulator {
  const out = createUsageAccumulator();
  for (const acc of usage.days.values()) mergeUsage(out, acc);
  return mergeUsage(out, usage.undated);
}

const sortedIds = (acc: UsageAccumulator): string[] => acc.policyChanges.map((c) => c.eventId).sort();

describe('usage split by day', () => {
  it('merging every day back (and the undated part) equals the unsplit scan, for any records', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (arbs) => {
        const records = arbs.map(toRecord);
        const whole = scanWhole(records);
        const split = scanByDay(records);
        // unionDays copies; mergeAll below takes the days over, so it comes last.
        const all = unionDays(split.days, { from: '2026-11-01', to: '2026-11-05' });
        // Each day holds only records of that UTC day.
        for (const [day, acc] of split.days) {
          for (const d of acc.stats.days) expect(dayKeyOf(d * 86_400_000)).toBe(day);
          for (const c of acc.policyChanges) expect(c.time.slice(0, 10)).toBe(day);
        }
        const undated = toUsageReport(split.undated);
        const merged = mergeAll(split);
        expect(toUsageReport(merged)).toEqual(toUsageReport(whole));
        expect(sortedIds(merged)).toEqual(sortedIds(whole));
        // The window over all days is the whole dated part.
        const wholeReport = toUsageReport(whole);
        expect(toUsageReport(all).principals).toEqual(wholeReport.principals);
        expect(toUsageReport(all).stats.events).toBe(wholeReport.stats.events);
        expect(undated.stats.files + undated.stats.events).toBe(0);
      }),
      { numRuns: 80 },
    );
  });

  it('merges split scans of two halves as one split scan of everything', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), fc.nat(), (arbs, cut) => {
        const records = arbs.map(toRecord);
        const at = cut % (records.length + 1);
        const merged = mergeDayUsage(scanByDay(records.slice(0, at)), scanByDay(records.slice(at)));
        const once = scanByDay(records);
        expect([...merged.days.keys()].sort()).toEqual([...once.days.keys()].sort());
        for (const [day, acc] of once.days)
          expect(toUsageReport(merged.days.get(day)!)).toEqual(toUsageReport(acc));
        expect(toUsageReport(merged.undated)).toEqual(toUsageReport(once.undated));
      }),
      { numRuns: 40 },
    );
  });

  it('puts records without a believable time in undated, with their reasons', () => {
    const split = scanByDay(['no-time', 'too-early', 'too-late', 'not-trail'].map((k) => toRecord(k as Arb)));
    expect(split.days.size).toBe(0);
    expect(split.undated.stats.records).toBe(4);
    expect([...split.undated.skipped.values()].map((s) => s.reason).sort()).toEqual([
      'eventTime after the time of the scan',
      'eventTime before 2013, when CloudTrail did not exist',
      'not a CloudTrail record',
      'record has no valid eventTime',
    ]);
  });

  it('names days by UTC date, midnight belonging to the day it starts', () => {
    expect(dayKeyOf(Date.parse('2026-11-01T23:59:59.999Z'))).toBe('2026-11-01');
    expect(dayKeyOf(Date.parse('2026-11-02T00:00:00Z'))).toBe('2026-11-02');
    expect(dayKeyOf(Date.parse('2026-11-02T01:00:00+02:00'))).toBe('2026-11-01');
  });
});

describe('unionDays', () => {
  it('takes only the days inside the range and never changes the stored days', () => {
    const split = scanByDay(
      [1, 2, 3, 4].map((d) =>
        callRecord({ time: `2026-11-0${d}T12:00:00Z`, name: d === 4 ? 'PutItem' : 'GetItem' }),
      ),
    );
    const before = JSON.stringify([...split.days].map(([d, a]) => [d, toUsageReport(a)]));
    const union = toUsageReport(unionDays(split.days, { from: '2026-11-02', to: '2026-11-03' }));
    expect(union.principals[0]?.actions.map((a) => [a.action, a.count])).toEqual([['dynamodb:GetItem', 2]]);
    expect(union.stats.window.from).toBe('2026-11-02T12:00:00.000Z');
    unionDays(split.days, { from: '2026-11-01', to: '2026-11-04' });
    expect(JSON.stringify([...split.days].map(([d, a]) => [d, toUsageReport(a)]))).toBe(before);
  });

  it('windowDayRange ends on the day of the end time and spans the given number of days', () => {
    expect(windowDayRange(Date.parse('2026-03-01T05:00:00Z'), 3)).toEqual({
      from: '2026-02-27',
      to: '2026-03-01',
    });
    expect(windowDayRange(Date.parse('2026-03-01T05:00:00Z'), 1)).toEqual({
      from: '2026-03-01',
      to: '2026-03-01',
    });
  });
});

describe('day usage files', () => {
  it('round-trip a day with its policy changes', () => {
    const split = scanByDay([
      callRecord({ time: '2026-11-01T12:00:00Z' }),
      policyChangeRecord('2026-11-01T13:00:00Z'),
    ]);
    const acc = split.days.get('2026-11-01')!;
    const file = JSON.parse(JSON.stringify(toDayUsageFile('2026-11-01', acc))) as unknown;
    const back = fromDayUsageFile(file, 'days/2026-11-01.json');
    expect(back.day).toBe('2026-11-01');
    expect(toUsageReport(back.usage)).toEqual(toUsageReport(acc));
    expect(back.usage.policyChanges).toEqual(acc.policyChanges);
  });

  it.each([
    ['not an object', [], /expected an object/],
    ['a newer format', { formatVersion: 99, day: '2026-11-01', usage: {} }, /newer than this iamtrim/],
    ['a bad day', { formatVersion: 1, day: '../x', usage: {} }, /YYYY-MM-DD/],
    ['damaged usage', { formatVersion: 1, day: '2026-11-01', usage: { version: 1 } }, /damaged/],
  ])('refuse %s, naming the file', (_what, doc, message) => {
    expect(() => fromDayUsageFile(doc, 'state/days/x.json')).toThrow(message);
    expect(() => fromDayUsageFile(doc, 'state/days/x.json')).toThrow(/state\/days\/x\.json/);
  });
});

describe('policy-change capture', () => {
  it('keeps who changed which role, whatever the role filter, and only when asked', () => {
    const records = [policyChangeRecord('2026-11-01T13:00:00Z', 'PutRolePolicy', 'abc'), callRecord({})];
    const filtered = { ...options, filter: { roles: [ORDERS_ROLE] } };
    const acc = createUsageAccumulator();
    for (const r of records) addRecord(acc, r, 'mem', catalog, filtered);
    expect(acc.policyChanges).toEqual([
      {
        eventId: 'abc',
        eventName: 'PutRolePolicy',
        time: '2026-11-01T13:00:00.000Z',
        actor: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
        roleName: 'orders-api-role',
        policyName: 'inline',
        region: 'us-east-1',
      },
    ]);
    const plain = createUsageAccumulator();
    for (const r of records) addRecord(plain, r, 'mem', catalog, defaultAggregateOptions);
    expect(plain.policyChanges).toEqual([]);
  });
});

describe('policy changes survive merge and JSON', () => {
  it('are bounded per accumulator, the overflow counted, through merge and JSON', () => {
    const a = createUsageAccumulator();
    const b = createUsageAccumulator();
    for (let i = 0; i < MAX_POLICY_CHANGES; i++)
      addRecord(
        a,
        policyChangeRecord('2026-11-01T13:00:00Z', 'PutRolePolicy', `a${i}`),
        'mem',
        catalog,
        options,
      );
    addRecord(
      a,
      policyChangeRecord('2026-11-01T13:00:00Z', 'PutRolePolicy', 'over'),
      'mem',
      catalog,
      options,
    );
    expect(a.policyChanges).toHaveLength(MAX_POLICY_CHANGES);
    expect(a.policyChangesDropped).toBe(1);
    addRecord(
      b,
      policyChangeRecord('2026-11-01T14:00:00Z', 'DetachRolePolicy', 'b1'),
      'mem',
      catalog,
      options,
    );
    mergeUsage(a, b);
    expect(a.policyChanges).toHaveLength(MAX_POLICY_CHANGES);
    expect(a.policyChangesDropped).toBe(2);
    const back = usageAccumulatorFromJson(
      JSON.parse(JSON.stringify(usageAccumulatorToJson(a))) as UsageAccumulatorJson,
    );
    expect(back.policyChanges).toEqual(a.policyChanges);
    expect(back.policyChangesDropped).toBe(2);
  });

  it('JSON written before them still reads, with none; JSON of a plain scan has no new fields', () => {
    const plain = createUsageAccumulator();
    addRecord(plain, callRecord({}), 'mem', catalog, defaultAggregateOptions);
    const json = usageAccumulatorToJson(plain);
    expect(Object.keys(json)).toEqual(['version', 'principals', 'unmapped', 'skipped', 'stats']);
    const back = usageAccumulatorFromJson(json);
    expect(back.policyChanges).toEqual([]);
    expect(back.policyChangesDropped).toBe(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { addRecord, defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import { foldArn, addBounded } from '../../src/usage/fold-resources.js';
import { mergeUsage } from '../../src/usage/merge-usage.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();

function aggregate(records: unknown[], options: AggregateOptions = defaultAggregateOptions): UsageReport {
  const acc = createUsageAccumulator();
  for (const r of records) addRecord(acc, r, 'mem', catalog, options);
  return toUsageReport(acc);
}

const ORDERS_ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
const SHARED_ROLE = 'arn:aws:iam::123456789012:role/orders-shared-role';

describe('aggregation', () => {
  it('counts per action with first and last seen, resources and functions', () => {
    const report = aggregate([
      callRecord({ time: '2026-11-02T00:00:00Z' }),
      callRecord({ time: '2026-11-01T00:00:00Z', params: { tableName: 'Customers' } }),
      callRecord({ name: 'PutItem', time: '2026-11-03T00:00:00Z' }),
    ]);
    const role = report.principals.find((p) => p.arn === ORDERS_ROLE);
    expect(role?.functions).toEqual(['orders-api']);
    expect(role?.actions.map((a) => [a.action, a.count, a.firstSeen, a.lastSeen])).toEqual([
      ['dynamodb:GetItem', 2, '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
      ['dynamodb:PutItem', 1, '2026-11-03T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
    ]);
    expect(role?.actions[0]?.resources).toEqual([
      'arn:aws:dynamodb:us-east-1:123456789012:table/Customers',
      'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
    ]);
  });

  it('keeps denied calls apart and never counts them as use', () => {
    const report = aggregate([
      callRecord({
        name: 'DeleteItem',
        errorCode: 'AccessDenied',
        errorMessage: 'User: x is not authorized to perform: dynamodb:DeleteItem on resource: y',
      }),
      callRecord({ name: 'PutItem', errorCode: 'ConditionalCheckFailedException' }),
    ]);
    const role = report.principals[0];
    expect(role?.actions.map((a) => a.action)).toEqual(['dynamodb:PutItem']);
    expect(role?.denied.map((d) => [d.action, d.count, d.errorCode, d.functions])).toEqual([
      ['dynamodb:DeleteItem', 1, 'AccessDenied', ['orders-api']],
    ]);
  });

  it('takes the denied action from IAM’s message when it names one', () => {
    const report = aggregate([
      callRecord({
        source: 's3.amazonaws.com',
        name: 'HeadObject',
        params: { bucketName: 'b', key: 'k' },
        errorCode: 'AccessDenied',
        errorMessage: 'is not authorized to perform: s3:GetObject',
      }),
    ]);
    expect(report.principals[0]?.denied[0]?.action).toBe('s3:GetObject');
  });

  it('filters by role name or ARN, function and window, without narrowing the evidence window', () => {
    const records = [
      callRecord({ time: '2026-10-01T00:00:00Z' }),
      callRecord({ role: SHARED_ROLE, fn: 'orders-worker', time: '2026-10-15T00:00:00Z' }),
      callRecord({ role: SHARED_ROLE, fn: 'orders-reporter', time: '2026-10-20T00:00:00Z' }),
    ];
    const byName = aggregate(records, {
      ...defaultAggregateOptions,
      filter: { roles: ['orders-shared-role'] },
    });
    expect(byName.principals.map((p) => p.arn)).toEqual([SHARED_ROLE]);
    expect(byName.principals[0]?.functions).toEqual(['orders-reporter', 'orders-worker']);
    expect(byName.stats.window).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-20T00:00:00.000Z' });
    const byArn = aggregate(records, { ...defaultAggregateOptions, filter: { roles: [ORDERS_ROLE] } });
    expect(byArn.principals.map((p) => p.arn)).toEqual([ORDERS_ROLE]);
    const byFunction = aggregate(records, {
      ...defaultAggregateOptions,
      filter: { functions: ['orders-worker'] },
    });
    expect(byFunction.principals.map((p) => p.functions)).toEqual([['orders-worker']]);
    const windowed = aggregate(records, {
      ...defaultAggregateOptions,
      filter: { sinceMs: Date.parse('2026-10-10T00:00:00Z'), untilMs: Date.parse('2026-10-20T00:00:00Z') },
    });
    expect(windowed.stats.events).toBe(1);
    expect(windowed.principals.map((p) => p.functions)).toEqual([['orders-worker']]);
  });

  it('does not let a role name match a role of the same name under another path by ARN', () => {
    const report = aggregate([callRecord({})], {
      ...defaultAggregateOptions,
      filter: { roles: ['arn:aws:iam::123456789012:role/orders-api-role'] },
    });
    expect(report.principals).toEqual([]);
  });

  it('reports unmapped calls with a reason and counts permissionless ones', () => {
    const report = aggregate([
      callRecord({ source: 's3.amazonaws.com', name: 'NoSuchCall' }),
      callRecord({ source: 'sts.amazonaws.com', name: 'GetCallerIdentity', params: {} }),
    ]);
    expect(report.unmapped).toEqual([
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'NoSuchCall',
        count: 1,
        reason: 's3:NoSuchCall: not an action in the IAM catalog',
      },
    ]);
    expect(report.stats.classified.permissionless).toBe(1);
    expect(report.principals).toEqual([]);
  });
});

// Random streams of calls from a small vocabulary, so that keys collide often.
const callArb = fc.record({
  role: fc.constantFrom(ORDERS_ROLE, SHARED_ROLE, 'arn:aws-us-gov:iam::123456789012:role/gov'),
  fn: fc.constantFrom('orders-api', 'orders-worker', 'orders-reporter'),
  name: fc.constantFrom('GetItem', 'PutItem', 'Query', 'DeleteItem'),
  table: fc.constantFrom('Orders', 'Customers', 'Audit'),
  day: fc.integer({ min: 1, max: 28 }),
  denied: fc.boolean(),
});
type Call = typeof callArb extends fc.Arbitrary<infer T> ? T : never;
const toRecord = (c: Call): unknown =>
  callRecord({
    role: c.role,
    fn: c.fn,
    name: c.name,
    params: { tableName: c.table },
    time: `2026-10-${String(c.day).padStart(2, '0')}T00:00:00Z`,
    ...(c.denied ? { errorCode: 'AccessDenied' } : {}),
  });

describe('aggregation properties', () => {
  it('merging per-chunk accumulators equals aggregating everything at once, for any split', () => {
    fc.assert(
      fc.property(
        fc.array(callArb, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (calls, cuts) => {
          const records = calls.map(toRecord);
          const whole = aggregate(records);
          const points = [...new Set(cuts.map((c) => c % (records.length + 1)))].sort((a, b) => a - b);
          const chunks: unknown[][] = [];
          let start = 0;
          for (const p of [...points, records.length]) {
            chunks.push(records.slice(start, p));
            start = p;
          }
          const merged = createUsageAccumulator();
          for (const chunk of chunks.reverse()) {
            const acc = createUsageAccumulator();
            for (const r of chunk) addRecord(acc, r, 'mem', catalog, defaultAggregateOptions);
            mergeUsage(merged, acc);
          }
          expect(toUsageReport(merged)).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('folding keeps every resource covered by some kept pattern, within the limit', () => {
    const arnArb = fc
      .tuple(
        fc.constantFrom('b1', 'b2'),
        fc.array(fc.stringMatching(/^[a-z0-9]{1,4}$/), { minLength: 1, maxLength: 3 }),
      )
      .map(([b, parts]) => `arn:aws:s3:::${b}/${parts.join('/')}`);
    fc.assert(
      fc.property(fc.array(arnArb, { maxLength: 80 }), fc.integer({ min: 2, max: 10 }), (arns, limit) => {
        const set = new Set<string>();
        let level = 0;
        for (const a of arns) level = addBounded(set, level, a, limit);
        expect(set.size).toBeLessThanOrEqual(limit);
        for (const a of arns) {
          const covered = [...set].some((p) => (p.endsWith('*') ? a.startsWith(p.slice(0, -1)) : a === p));
          expect(covered, `${a} not covered by ${[...set].join(' ')}`).toBe(true);
        }
      }),
    );
  });

  it('foldArn only ever widens', () => {
    expect(foldArn('arn:aws:s3:::b/2026/11/x.json', 1)).toBe('arn:aws:s3:::b/2026/11/*');
    expect(foldArn('arn:aws:s3:::b/2026/11/x.json', 2)).toBe('arn:aws:s3:::b/*');
    expect(foldArn('arn:aws:s3:::b/2026/11/x.json', 3)).toBe('arn:aws:s3:::*');
    expect(foldArn('arn:aws:dynamodb:us-east-1:1:table/T', 0)).toBe('arn:aws:dynamodb:us-east-1:1:table/T');
  });
});

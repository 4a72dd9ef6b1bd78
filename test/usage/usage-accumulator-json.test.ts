import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator, recordSkipped } from '../../src/usage/usage-accumulator.js';
import {
  usageAccumulatorFromJson,
  usageAccumulatorToJson,
  type UsageAccumulatorJson,
} from '../../src/usage/usage-accumulator-json.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();
const through = (json: UsageAccumulatorJson) => JSON.parse(JSON.stringify(json)) as UsageAccumulatorJson;

describe('usage accumulator JSON', () => {
  it('round-trips an empty accumulator, infinite window included', () => {
    const acc = createUsageAccumulator();
    expect(usageAccumulatorToJson(acc).stats.fromMs).toBeNull();
    expect(usageAccumulatorFromJson(through(usageAccumulatorToJson(acc)))).toEqual(acc);
  });

  it('round-trips actions, denials, unmapped and skipped, and keeps aggregating the same way', () => {
    const first = [
      callRecord({ time: '2026-11-01T00:00:00Z' }),
      callRecord({ name: 'PutItem', errorCode: 'AccessDeniedException', time: '2026-11-02T00:00:00Z' }),
      callRecord({ source: 'example.amazonaws.com', name: 'DoThing' }),
    ];
    const rest = [callRecord({ params: { tableName: 'Customers' }, time: '2026-11-03T00:00:00Z' })];
    const whole = createUsageAccumulator();
    for (const r of [...first, ...rest]) addRecord(whole, r, 'f', catalog, defaultAggregateOptions);
    recordSkipped(whole, 'f', 'broken', 2);

    const part = createUsageAccumulator();
    for (const r of first) addRecord(part, r, 'f', catalog, defaultAggregateOptions);
    const restored = usageAccumulatorFromJson(through(usageAccumulatorToJson(part)));
    expect(restored).toEqual(part);
    for (const r of rest) addRecord(restored, r, 'f', catalog, defaultAggregateOptions);
    recordSkipped(restored, 'f', 'broken', 2);
    expect(restored).toEqual(whole);
    expect(restored.principals.size).toBe(1);
    expect([...restored.principals.values()][0]?.denied.size).toBe(1);
    expect(restored.unmapped.size).toBe(1);
  });

  it('refuses a document it did not write', () => {
    expect(() => usageAccumulatorFromJson({} as UsageAccumulatorJson)).toThrow(/version 1/);
  });
});

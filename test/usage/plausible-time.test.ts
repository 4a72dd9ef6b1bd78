import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();
const scanTimeMs = Date.parse('2026-12-01T00:00:00Z');

describe('records with implausible times', () => {
  const cases: { time: string; skipped?: string }[] = [
    { time: '2026-11-01T00:00:00Z' },
    { time: '2026-12-01T00:10:00Z' }, // within clock skew of the scan
    { time: '9999-12-31T23:59:59Z', skipped: 'eventTime after the time of the scan' },
    { time: '2026-12-02T00:00:00Z', skipped: 'eventTime after the time of the scan' },
    { time: '2012-06-01T00:00:00Z', skipped: 'eventTime before 2013, when CloudTrail did not exist' },
  ];
  for (const c of cases) {
    it(`${c.time}: ${c.skipped ?? 'kept'}`, () => {
      const acc = createUsageAccumulator();
      addRecord(acc, callRecord({ time: '2026-10-15T00:00:00Z' }), 'good.json', catalog, {
        ...defaultAggregateOptions,
        scanTimeMs,
      });
      addRecord(acc, callRecord({ time: c.time }), 'other.json', catalog, {
        ...defaultAggregateOptions,
        scanTimeMs,
      });
      const report = toUsageReport(acc);
      if (c.skipped) {
        expect(report.skipped).toEqual([{ file: 'other.json', reason: c.skipped, records: 1 }]);
        // The forged record neither counts nor stretches the window.
        expect(report.stats.events).toBe(1);
        expect(report.stats.window.to).toBe('2026-10-15T00:00:00.000Z');
      } else {
        expect(report.skipped).toEqual([]);
        expect(report.stats.events).toBe(2);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { warningLines } from '../../src/cli/collect-usage.js';
import type { UsageReport } from '../../src/usage/usage-report.js';

const reportWith = (skipped: UsageReport['skipped']): UsageReport => ({ skipped }) as unknown as UsageReport;
const skip = (i: number, reason: string) => ({ file: `f${i}.json`, reason, records: 1 });

describe('warnings for skipped inputs', () => {
  it('names every skipped input up to the limit', () => {
    const lines = warningLines(reportWith(Array.from({ length: 20 }, (_, i) => skip(i, 'truncated gzip'))));
    expect(lines).toHaveLength(20);
    expect(lines[19]).toBe('iamtrim: warning: f19.json: truncated gzip (1 record(s) not used)');
  });

  it('past the limit, names the first ten and counts the rest by kind of reason', () => {
    const skipped = [
      ...Array.from({ length: 12 }, (_, i) => skip(i, 'not CloudTrail: no eventSource/eventName')),
      ...Array.from({ length: 9 }, (_, i) =>
        skip(100 + i, `not CloudTrail: eventSource "x${i}.example" is not an AWS service endpoint`),
      ),
    ];
    const lines = warningLines(reportWith(skipped));
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe(
      'iamtrim: warning: 11 more input(s) skipped (9 × not CloudTrail: eventSource "…" is not an AWS service endpoint; 2 × not CloudTrail: no eventSource/eventName); --format json lists each under "skipped"',
    );
  });
});

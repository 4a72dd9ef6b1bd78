import { describe, expect, it } from 'vitest';
import { usageFormats, usageRenderers } from '../../src/render/index.js';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { expectGolden } from './golden.js';

const seen = { count: 3, firstSeen: '2026-10-01T08:00:00.000Z', lastSeen: '2026-10-02T08:00:00.000Z' };

// Keys from logs are hostile: a formula, a quote and comma, a terminal escape.
const report: UsageReport = {
  principals: [
    {
      arn: 'arn:aws:iam::123456789012:role/orders-role',
      type: 'role',
      functions: ['orders-worker'],
      actions: [
        {
          action: 's3:GetObject',
          ...seen,
          resources: ['arn:aws:s3:::orders/a,"b".json', 'arn:aws:s3:::orders/c'],
          functions: ['orders-worker'],
        },
        {
          action: 'xray:PutTraceSegments',
          ...seen,
          resources: [],
          functions: ['orders-worker', 'orders-api'],
        },
      ],
      denied: [
        {
          action: 'sqs:SendMessage',
          errorCode: 'AccessDenied',
          ...seen,
          resources: ['=HYPERLINK("http://x")', 'arn:aws:sqs:us-east-1:123456789012:q\u001b[2J'],
          functions: ['orders-worker'],
        },
      ],
    },
  ],
  unmapped: [],
  skipped: [],
  stats: {
    files: 1,
    records: 4,
    events: 4,
    window: { from: null, to: null },
    regions: [],
    days: 1,
    dataEventSources: [],
    classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
  },
};

describe('usage --format csv', () => {
  const csv = usageRenderers.csv(report);

  it('is offered by the registry', () => {
    expect(usageFormats).toContain('csv');
  });

  it('writes one row per action and resource, as its golden file', () => {
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 2 + 1 + 2);
    expectGolden('usage.csv', csv);
  });

  it('never lets a cell start a formula or carry a raw control', () => {
    expect(csv).not.toMatch(/(^|,)"?[=+@-]/m);
    expect(csv).not.toContain('\u001b');
  });
});

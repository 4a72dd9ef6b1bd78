import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/fit-width.js';
import { renderUsageTable } from '../../src/render/usage-table.js';
import type { UsageReport } from '../../src/usage/usage-report.js';

// Golden file for the renderer only. Regenerate with UPDATE_GOLDEN=1 after a deliberate change.
const golden = fileURLToPath(new URL('../golden/usage-table.txt', import.meta.url));

const report: UsageReport = {
  principals: [
    {
      arn: 'arn:aws:iam::123456789012:role/orders-shared-role',
      type: 'role',
      functions: ['orders-reporter', 'orders-worker'],
      actions: [
        {
          action: 's3:GetObject',
          count: 17,
          firstSeen: '2026-10-01T08:00:00.000Z',
          lastSeen: '2026-11-03T08:00:00.000Z',
          resources: [
            'arn:aws:s3:::orders/a.json',
            'arn:aws:s3:::orders/b.json',
            'arn:aws:s3:::orders/c.json',
            'arn:aws:s3:::orders/d.json',
          ],
          functions: ['orders-worker'],
        },
        {
          action: 'xray:PutTraceSegments',
          count: 2,
          firstSeen: '2026-10-01T08:00:00.000Z',
          lastSeen: '2026-10-02T08:00:00.000Z',
          resources: [],
          functions: ['orders-worker'],
        },
      ],
      denied: [
        {
          action: 'ssm:GetParameter',
          count: 3,
          errorCode: 'AccessDeniedException',
          firstSeen: '2026-10-01T08:00:00.000Z',
          lastSeen: '2026-10-20T08:00:00.000Z',
          resources: [],
          functions: ['orders-reporter'],
        },
      ],
    },
  ],
  unmapped: [
    {
      eventSource: 'evil.amazonaws.com',
      eventName: 'Bad\u001b[31mName\r',
      count: 1,
      reason: 'x: not an action in the IAM catalog',
    },
  ],
  skipped: [{ file: 'logs/cut.json.gz', reason: 'truncated gzip: the stream ends early', records: 0 }],
  stats: {
    files: 2,
    records: 30,
    events: 22,
    window: { from: '2026-10-01T08:00:00.000Z', to: '2026-11-03T08:00:00.000Z' },
    regions: ['us-east-1'],
    days: 12,
    dataEventSources: ['s3.amazonaws.com'],
    classified: { nonApi: 1, serviceEvents: 0, permissionless: 0 },
  },
};

describe('renderUsageTable', () => {
  it('matches the golden file', () => {
    const text = renderUsageTable(report);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it("calls a role's sessions its functions only when every one looks like a Lambda function's", () => {
    const ec2: UsageReport = {
      ...report,
      principals: report.principals.map((p) => ({
        ...p,
        arn: 'arn:aws:iam::123456789012:role/web-instance-role',
        functions: ['i-0317f6c6b66ae9c40', 'orders-worker'],
      })),
    };
    const text = renderUsageTable(ec2);
    expect(text).toMatch(/^ {2}sessions: i-0317f6c6b66ae9c40, orders-worker/m);
    expect(text).toMatch(/action +count +error +last seen +sessions$/m);
    expect(text).toContain('(shared by several sessions)');
    expect(text).not.toContain('functions');
    expect(renderUsageTable(report)).toMatch(/^ {2}functions: orders-reporter, orders-worker/m);
  });

  it('never passes terminal control characters from the logs through', () => {
    const text = renderUsageTable(report);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u001b\r]/);
    expect(text).toContain('Bad\\u001b[31mName\\u000d');
  });

  // A report whose lists run far past any terminal: 370-character rules were drawn at 160 columns.
  const wide: UsageReport = {
    ...report,
    principals: report.principals.map((p) => ({
      ...p,
      functions: Array.from({ length: 30 }, (_, i) => `orders-function-${i}`),
      actions: p.actions.map((a) => ({
        ...a,
        resources: a.resources.map((r) => `${r}/${'x'.repeat(120)}`),
      })),
    })),
  };

  it('fits every line to the terminal width it is given, and keeps every function name', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 240 }), (width) => {
        const text = renderUsageTable(wide, { width });
        for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        // Lists wrap, they are not cut: every function is still named.
        for (const f of wide.principals[0]?.functions ?? []) expect(text).toContain(f);
      }),
    );
  });

  it('cuts a long resources cell with an ellipsis and draws the rule no wider than the terminal', () => {
    const lines = renderUsageTable(wide, { width: 100 }).split('\n');
    const row = lines.find((l) => l.includes('s3:GetObject')) ?? '';
    expect(row).toHaveLength(100);
    expect(row.endsWith('…')).toBe(true);
    const rule = lines.find((l) => /^ +-+ /.test(l)) ?? '';
    expect(rule.length).toBeLessThanOrEqual(100);
  });

  it('leaves lines whole without a width (a file or a pipe)', () => {
    const text = renderUsageTable(wide);
    expect(text).not.toContain('…');
    expect(text).toContain('x'.repeat(120));
  });
});

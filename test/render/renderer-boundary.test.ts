import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestRenderers, usageRenderers } from '../../src/render/index.js';
import { renderPolicyDiff } from '../../src/render/policy-diff-text.js';
import { renderPrBody } from '../../src/render/pr-body.js';
import { renderSuggestMarkdown } from '../../src/render/suggest-markdown.js';
import { renderSuggestTable } from '../../src/render/suggest-table.js';
import { renderUsageTable } from '../../src/render/usage-table.js';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { FORBIDDEN_IN_TEXT, hostileString } from '../support/hostile-strings.js';
import { broadDecisions, broadDiff, broadPrBody, broadReport } from './broad-report.js';

// Every field that came from outside goes through the output kind's rule at the renderer:
// each string of the input (names, ARNs, reasons, dates, sources) gets the same hostile tail,
// and no renderer may let a control, bidi or zero-width character through.

// Discriminants and enumerations: changing them changes the shape, not the text.
const SHAPE = new Set([
  'kind',
  'status',
  'change',
  'effect',
  'observability',
  'actionKey',
  'resourceKey',
  'type',
]);

/** The value with `tail` appended to every string that is not part of its shape. */
function poison<T>(value: T, tail: string, key = ''): T {
  if (typeof value === 'string') return (SHAPE.has(key) ? value : value + tail) as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, tail, key)) as T;
  if (value instanceof Set) return new Set([...value].map((v) => poison(v, tail, key))) as T;
  if (value instanceof Map)
    return new Map([...value].map(([k, v]) => [poison(k, tail, key), poison(v, tail, key)])) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, tail, k)])) as T;
  return value;
}

const usage: UsageReport = {
  principals: [
    {
      arn: 'arn:aws:iam::123456789012:role/orders-shared-role',
      type: 'role',
      functions: ['orders-reporter', 'orders-worker'],
      actions: [
        {
          action: 'secretsmanager:GetSecretValue',
          count: 17,
          firstSeen: '2026-10-01T08:00:00.000Z',
          lastSeen: '2026-11-03T08:00:00.000Z',
          resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'],
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
  unmapped: [{ eventSource: 'evil.amazonaws.com', eventName: 'Bad', count: 1, reason: 'not an action' }],
  skipped: [{ file: 'logs/cut.json.gz', reason: 'truncated gzip', records: 0 }],
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

const renderers: [string, (tail: string) => string][] = [
  ['usage table', (t) => renderUsageTable(poison(usage, t))],
  ['suggest table', (t) => renderSuggestTable(poison(broadReport, t))],
  [
    'policy diff',
    (t) => renderPolicyDiff([poison(broadDiff, t)], { color: false, decisions: poison(broadDecisions, t) }),
  ],
  ['suggest Markdown', (t) => renderSuggestMarkdown(poison(broadReport, t))],
  ['PR body', (t) => renderPrBody(poison(broadPrBody, t))],
  ['usage JSON', (t) => usageRenderers.json(poison(usage, t))],
  [
    'suggest JSON',
    (t) => {
      const report = poison(broadReport, t);
      return suggestRenderers.json(
        { outcome: { results: report.results, report }, policies: [] },
        { color: false },
      );
    },
  ],
];

describe.each(renderers)('%s', (_, render) => {
  it('lets no hidden character of any input field through', () => {
    fc.assert(
      fc.property(hostileString, (tail) => {
        expect(
          render(tail)
            .split('\n')
            .filter((l) => FORBIDDEN_IN_TEXT.test(l)),
        ).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('shows bidi and zero-width marks visibly', () => {
    // JSON writes them as `\u` escapes, which parse back; the others as the terminal shows them.
    const text = render('\u200e\u200f\u200b\u061c\u202e');
    expect(text).toMatch(/\\+u200e\\+u200f\\+u200b\\+u061c\\+u202e/);
  });
});

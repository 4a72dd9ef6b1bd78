import { describe, expect, it } from 'vitest';
import { defaultSuggestOptions, suggestRole } from '../../src/actions/suggest.js';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createCatalog();
const ROLE = 'arn:aws:iam::123456789012:role/orders-api-role';

function usageOn(days: readonly string[]) {
  const acc = createUsageAccumulator();
  for (const day of days)
    addRecord(
      acc,
      callRecord({ role: ROLE, time: `${day}T12:00:00Z` }),
      'test',
      eventCatalogOf(catalog),
      defaultAggregateOptions,
    );
  return toUsageReport(acc);
}

const parsed = parsePolicy(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
      },
    ],
  },
  'policy.json',
);
if (parsed.kind === 'invalid') throw new Error('test policy did not parse');

const request = (days: readonly string[]) => ({
  usage: usageOn(days),
  role: ROLE,
  policies: [parsed.policy],
  catalog,
  sources: ['test'],
  coverage: { dataEvents: 'all' as const },
});
const actionsAfter = (outcome: ReturnType<typeof suggestRole>): string =>
  JSON.stringify(outcome.results.map((r) => r.after));

describe('the suggest use case', () => {
  it('removes what the role did not use when the evidence is long enough', () => {
    const outcome = suggestRole(request(['2026-10-01', '2026-11-10']));
    expect(actionsAfter(outcome)).toContain('dynamodb:GetItem');
    expect(actionsAfter(outcome)).not.toContain('dynamodb:PutItem');
    expect(outcome.report.role).toBe(ROLE);
  });

  it(`keeps everything under the default --min-days (${defaultSuggestOptions.minDays}), and an override lowers it`, () => {
    const short = request(['2026-11-01', '2026-11-05']);
    expect(actionsAfter(suggestRole(short))).toContain('dynamodb:PutItem');
    expect(actionsAfter(suggestRole(short, { minDays: 5 }))).not.toContain('dynamodb:PutItem');
    expect(actionsAfter(suggestRole(short, { force: true }))).not.toContain('dynamodb:PutItem');
  });
});

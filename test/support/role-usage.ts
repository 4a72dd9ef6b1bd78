import { eventCatalogOf, type Catalog } from '../../src/catalog/catalog.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from './records.js';

/**
 * A usage report in which `roleArn` called dynamodb:GetItem on table/Orders on two days 40
 * days apart (enough evidence for patch's 30-day gate), and nothing else.
 */
export function getItemUsage(roleArn: string, catalog: Catalog): UsageReport {
  const acc = createUsageAccumulator();
  for (const day of ['2026-10-01', '2026-11-10'])
    addRecord(
      acc,
      callRecord({ role: roleArn, time: `${day}T12:00:00Z` }),
      'test',
      eventCatalogOf(catalog),
      defaultAggregateOptions,
    );
  return toUsageReport(acc);
}

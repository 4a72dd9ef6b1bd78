import type { EventCatalog } from '../catalog/map-event.js';
import type { RawTrailResource } from '../normalize/raw-trail-record.js';
import { implausibleTime, type AggregateOptions } from '../usage/add-record.js';
import { addWeightedRecord } from '../usage/add-weighted-record.js';
import { dayAccumulator, type DayUsage } from '../usage/day-usage.js';
import type { UsageAccumulator } from '../usage/usage-accumulator.js';
import { recordSkipped } from '../usage/usage-accumulator.js';
import type { UsageColumn } from './build-usage-query.js';

/** One result row of `buildUsageQuery`, by column name; SQL NULL is `undefined`. */
export type UsageRow = Partial<Record<UsageColumn, string>>;

/** Where rows are reported in `skipped`, standing in for a file name. */
export const ATHENA_SOURCE = 'athena';

/**
 * Folds Athena's aggregated rows into `acc`, giving the usage a local scan of the same
 * events produces: each row becomes the raw CloudTrail record it stands for and goes
 * through the same per-record step, weighted by its count.
 */
export function rowsToUsage(
  acc: UsageAccumulator,
  rows: Iterable<UsageRow>,
  catalog: EventCatalog,
  options: AggregateOptions,
): UsageAccumulator {
  for (const row of rows) {
    const count = Number(row.event_count);
    if (!Number.isInteger(count) || count < 1 || !row.first_time || !row.last_time) {
      recordSkipped(acc, ATHENA_SOURCE, 'result row without a count or times', 1);
      continue;
    }
    addWeightedRecord(
      acc,
      rowToRecord(row),
      { count, firstTime: row.first_time, lastTime: row.last_time },
      ATHENA_SOURCE,
      catalog,
      options,
    );
  }
  return acc;
}

/**
 * `rowsToUsage` for rows of a query grouped by day (`byDay`): each row is filed under the UTC
 * day of its times, which the grouping keeps within one day. A row whose first and last
 * times fall on different days (a query not grouped by day) is refused into `skipped`
 * rather than filed under a day it only partly belongs to.
 */
export function rowsToUsageByDay(
  usage: DayUsage,
  rows: Iterable<UsageRow>,
  catalog: EventCatalog,
  options: AggregateOptions,
): DayUsage {
  for (const row of rows) {
    const count = Number(row.event_count);
    const first = row.first_time ? Date.parse(row.first_time) : NaN;
    const last = row.last_time ? Date.parse(row.last_time) : NaN;
    if (!Number.isInteger(count) || count < 1 || Number.isNaN(first) || Number.isNaN(last)) {
      recordSkipped(usage.undated, ATHENA_SOURCE, 'result row without a count or times', 1);
      continue;
    }
    if (Math.floor(first / 86_400_000) !== Math.floor(last / 86_400_000)) {
      recordSkipped(
        usage.undated,
        ATHENA_SOURCE,
        'result row spans two UTC days (query not grouped by day)',
        count,
      );
      continue;
    }
    // A time that cannot be believed gets no day: the per-record step skips it in undated.
    const believable =
      implausibleTime(first, options) === undefined && implausibleTime(last, options) === undefined;
    addWeightedRecord(
      believable ? dayAccumulator(usage, first) : usage.undated,
      rowToRecord(row),
      { count, firstTime: row.first_time!, lastTime: row.last_time! },
      ATHENA_SOURCE,
      catalog,
      options,
    );
  }
  return usage;
}

/** The raw record a row stands for, with only the fields the per-record step reads. */
export function rowToRecord(row: UsageRow): Record<string, unknown> {
  const record: Record<string, unknown> = {
    eventVersion: '1.08',
    eventType: 'AwsApiCall',
    userIdentity: {
      type: 'AssumedRole',
      ...(row.session_arn ? { arn: row.session_arn } : {}),
      ...(row.principal_id ? { principalId: row.principal_id } : {}),
      ...(row.account ? { accountId: row.account } : {}),
      ...(row.issuer_arn ? { sessionContext: { sessionIssuer: { type: 'Role', arn: row.issuer_arn } } } : {}),
    },
    eventSource: row.event_source,
    eventName: row.event_name,
    awsRegion: row.aws_region,
    recipientAccountId: row.account,
    requestParameters: parseParams(row.request_parameters),
    resources: parseResources(row.resources_json),
  };
  if (row.event_category) record.eventCategory = row.event_category;
  if (row.error_class === 'denied') {
    record.errorCode = row.error_code ?? 'AccessDenied';
    // The query kept only what the denial step reads from the message: the action IAM
    // named, if any. The wording below is what both classifyError and add-record look for.
    record.errorMessage = row.denied_action
      ? `is not authorized to perform: ${row.denied_action}`
      : 'is not authorized to perform this operation';
  } else if (row.error_class === 'failed') {
    record.errorCode = row.error_code ?? 'Error';
  }
  return record;
}

function parseParams(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

// Athena's columns are lower-case (`arn`, `arnprefix`); CloudTrail's JSON is not. Older
// Presto casts a row to a JSON array rather than an object, in declaration order.
const RESOURCE_KEYS: Record<string, keyof RawTrailResource> = {
  arn: 'ARN',
  arnprefix: 'ARNPrefix',
  accountid: 'accountId',
  type: 'type',
};
const POSITIONAL: (keyof RawTrailResource)[] = ['ARN', 'accountId', 'type', 'ARNPrefix'];

function parseResources(text: string | undefined): RawTrailResource[] | undefined {
  const parsed = parseParams(text);
  if (!Array.isArray(parsed)) return undefined;
  const out: RawTrailResource[] = [];
  for (const item of parsed) {
    const r: RawTrailResource = {};
    if (Array.isArray(item)) {
      item.forEach((v, i) => {
        const key = POSITIONAL[i];
        if (key && typeof v === 'string') r[key] = v;
      });
    } else if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        const key = RESOURCE_KEYS[k.toLowerCase()];
        if (key && typeof v === 'string') r[key] = v;
      }
    } else continue;
    out.push(r);
  }
  return out;
}

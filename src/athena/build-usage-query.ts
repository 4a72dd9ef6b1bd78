import { UsageError } from '../errors/iamtrim-error.js';

/**
 * How the CloudTrail table is partitioned, so the query reads only the days and regions
 * it needs (Athena bills by bytes scanned).
 * - `projection`: the console/partition-projection layout, `region` + `timestamp` ('yyyy/MM/dd').
 * - `ymd`: older Glue-crawled layout, `region` + `year` + `month` + `day` strings.
 * - `none`: no partition columns; only `eventtime` is filtered.
 */
export type PartitionStyle = 'projection' | 'ymd' | 'none';

export interface UsageQueryOptions {
  /** `table` or `database.table`; letters, digits and `_` only. */
  readonly table: string;
  /** Default `projection`. */
  readonly partitionStyle: PartitionStyle;
  /** Inclusive lower bound, epoch ms. Default: none. */
  readonly sinceMs?: number;
  /** Exclusive upper bound, epoch ms. Default: none. */
  readonly untilMs?: number;
  /** Partition regions to read. Default: all. */
  readonly regions?: readonly string[];
  /** Role ARNs or role names, as for the local `--role` filter. Default: all roles. */
  readonly roles?: readonly string[];
  /** Session (function) names. Default: all. */
  readonly functions?: readonly string[];
  /**
   * Group by the UTC day of `eventtime` too (an `event_day` column, `YYYY-MM-DD`), so no row
   * spans two days and drift can file each row under its day. Default: false.
   */
  readonly byDay?: boolean;
}

export const defaultUsageQueryOptions: Omit<UsageQueryOptions, 'table'> = { partitionStyle: 'projection' };

/** The columns the query returns, in order; `rowsToUsage` reads them by name. */
export const USAGE_COLUMNS = [
  'issuer_arn',
  'session_arn',
  'principal_id',
  'account',
  'event_source',
  'event_name',
  'aws_region',
  'event_category',
  'error_class',
  'error_code',
  'denied_action',
  'request_parameters',
  'resources_json',
  'first_time',
  'last_time',
  'event_count',
] as const;

/** `USAGE_COLUMNS`, and `event_day` when the query groups by day. */
export type UsageColumn = (typeof USAGE_COLUMNS)[number] | 'event_day';

// The same patterns as normalize/error-class.ts and usage/add-record.ts, in the Java regex
// dialect Athena speaks (which these patterns share with JavaScript). A test checks that
// they classify exactly as `classifyError` does.
export const SQL_DENIED_CODE =
  '^(?:[A-Za-z]+\\.)*(?:AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|AuthorizationErrorException|UnauthorizedAccess)$';
export const SQL_DENIED_MESSAGE = '(?i)\\bis not authorized to perform\\b';
export const SQL_DENIED_ACTION = 'not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)';

const TABLE_NAME = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?$/;
const DAY_MS = 86_400_000;

/** A SQL string literal: single quotes doubled, so user input cannot end the literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `"db"."table"`, or a UsageError for anything that is not a plain identifier. */
export function quoteTableName(table: string): string {
  if (!TABLE_NAME.test(table))
    throw new UsageError(
      `Athena table ${JSON.stringify(table)} must be table or database.table (letters, digits, _)`,
    );
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

/**
 * Builds the Presto/Trino query that aggregates a CloudTrail table on the server into
 * the rows `rowsToUsage` turns back into the usage a local scan would produce.
 *
 * Why these GROUP BY columns: the local per-record step (normalize → mapEvent → add)
 * reads the issuer ARN, the session ARN/principalId (session name), the account, event
 * source and name, region, category, the error class (and, for denials, the code and
 * the action IAM named), and the request's parameters and resources. Everything else in
 * a record is ignored, so grouping by exactly these loses nothing.
 *
 * Trade-off: mapEvent reads requestParameters freely (curated extractors, iamlive
 * templates, conditions on any key), so the parameters are grouped as the whole string.
 * Projecting only "the keys that matter" would put a second copy of the mapping in SQL
 * and drift from it. The cost is cardinality: calls that differ only in, say, a DynamoDB
 * item key stay separate rows. Repeated identical calls (the bulk of a Lambda's traffic:
 * the same secret, queue, table scan) still collapse into one row each.
 */
export function buildUsageQuery(options: Partial<UsageQueryOptions> & { table: string }): string {
  const o: UsageQueryOptions = { ...defaultUsageQueryOptions, ...options };
  const table = quoteTableName(o.table);
  const issuer = 'useridentity.sessioncontext.sessionissuer.arn';
  const deniedCode = `regexp_like(coalesce(errorcode, ''), ${sqlString(SQL_DENIED_CODE)})`;
  const deniedMessage = `regexp_like(coalesce(errormessage, ''), ${sqlString(SQL_DENIED_MESSAGE)})`;
  const errorClass =
    `CASE WHEN errorcode IS NULL OR errorcode = '' THEN 'ok' ` +
    `WHEN ${deniedCode} OR ${deniedMessage} THEN 'denied' ELSE 'failed' END`;

  const where: string[] = [
    "useridentity.type = 'AssumedRole'",
    "(eventtype IS NULL OR eventtype = 'AwsApiCall')",
  ];
  if (o.sinceMs !== undefined)
    where.push(
      `from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp(${sqlString(isoTime(o.sinceMs))})`,
    );
  if (o.untilMs !== undefined)
    where.push(
      `from_iso8601_timestamp(eventtime) < from_iso8601_timestamp(${sqlString(isoTime(o.untilMs))})`,
    );
  where.push(...partitionFilters(o));
  if (o.roles && o.roles.length > 0) {
    const arns = o.roles.filter((r) => r.startsWith('arn:'));
    const names = o.roles.filter((r) => !r.startsWith('arn:'));
    const alternatives = [`${issuer} IS NULL`];
    if (arns.length) alternatives.push(`${issuer} IN (${arns.map(sqlString).join(', ')})`);
    if (names.length)
      alternatives.push(`element_at(split(${issuer}, '/'), -1) IN (${names.map(sqlString).join(', ')})`);
    // Rows without an issuer are kept: the local step rebuilds their role from the
    // session ARN and applies the same role filter, so this only over-selects.
    where.push(`(${alternatives.join(' OR ')})`);
  }
  if (o.functions && o.functions.length > 0) {
    where.push(
      `(useridentity.arn IS NULL OR element_at(split(useridentity.arn, '/'), -1) IN (${o.functions
        .map(sqlString)
        .join(', ')}))`,
    );
  }

  const select: [UsageColumn, string][] = [
    ['issuer_arn', issuer],
    ['session_arn', 'useridentity.arn'],
    ['principal_id', 'useridentity.principalid'],
    ['account', "coalesce(nullif(recipientaccountid, ''), useridentity.accountid)"],
    ['event_source', 'eventsource'],
    ['event_name', 'eventname'],
    ['aws_region', 'awsregion'],
    ['event_category', 'eventcategory'],
    ['error_class', errorClass],
    // The code matters only for denials (it keys the denied entry) and failures (kept
    // for diagnosis; few distinct values); successes carry none.
    ['error_code', `CASE WHEN errorcode IS NULL OR errorcode = '' THEN NULL ELSE errorcode END`],
    [
      'denied_action',
      `CASE WHEN (${errorClass}) = 'denied' THEN regexp_extract(errormessage, ${sqlString(SQL_DENIED_ACTION)}, 1) END`,
    ],
    ['request_parameters', 'requestparameters'],
    // CAST keeps every field the table declares (arn, accountid, type, and arnprefix
    // when the DDL has it), so the query works on the console schema and on richer ones.
    ['resources_json', 'json_format(CAST(resources AS JSON))'],
  ];
  // CloudTrail writes eventtime in UTC (`…Z`), so its first ten characters are the UTC day.
  if (o.byDay) select.push(['event_day', 'substr(eventtime, 1, 10)']);
  const lines = [
    'SELECT',
    [
      ...select.map(([name, expr]) => `  ${expr} AS ${name}`),
      '  min(eventtime) AS first_time',
      '  max(eventtime) AS last_time',
      '  count(*) AS event_count',
    ].join(',\n'),
    `FROM ${table}`,
    `WHERE ${where.join('\n  AND ')}`,
    `GROUP BY ${select.map((_, i) => String(i + 1)).join(', ')}`,
    // A stable order makes results (and pages) reproducible between runs.
    `ORDER BY ${select.map((_, i) => String(i + 1)).join(', ')}`,
  ];
  return lines.join('\n');
}

function partitionFilters(o: UsageQueryOptions): string[] {
  const out: string[] = [];
  if (o.partitionStyle === 'none') return out;
  if (o.regions && o.regions.length > 0) out.push(`region IN (${o.regions.map(sqlString).join(', ')})`);
  // A log file is dated when it is delivered, which is at or after its events: an event
  // at 23:58 can sit in the next day's folder. So the upper day gets one day of slack.
  const from = o.sinceMs !== undefined ? dayPath(o.sinceMs) : undefined;
  const to = o.untilMs !== undefined ? dayPath(o.untilMs + DAY_MS) : undefined;
  if (o.partitionStyle === 'projection') {
    if (from !== undefined) out.push(`"timestamp" >= ${sqlString(from)}`);
    if (to !== undefined) out.push(`"timestamp" <= ${sqlString(to)}`);
  } else {
    // `year` alone is a plain column predicate Glue can prune on; the concatenation
    // then narrows to the exact days (values are zero-padded strings, so they sort).
    if (from !== undefined) out.push(`year >= ${sqlString(from.slice(0, 4))}`);
    if (to !== undefined) out.push(`year <= ${sqlString(to.slice(0, 4))}`);
    const day = "concat(year, '/', month, '/', day)";
    if (from !== undefined) out.push(`${day} >= ${sqlString(from)}`);
    if (to !== undefined) out.push(`${day} <= ${sqlString(to)}`);
  }
  return out;
}

function isoTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new UsageError(`invalid time bound ${ms}`);
  return new Date(ms).toISOString();
}

function dayPath(ms: number): string {
  return isoTime(ms).slice(0, 10).replace(/-/g, '/');
}

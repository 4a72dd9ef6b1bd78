import type { AthenaClient } from '@aws-sdk/client-athena';
import { buildUsageQuery, type UsageQueryOptions } from '../athena/build-usage-query.js';
import { rowsToUsage, rowsToUsageByDay, type UsageRow } from '../athena/rows-to-usage.js';
import type { EventCatalog } from '../catalog/map-event.js';
import { AwsError } from '../errors/iamtrim-error.js';
import { explainSdkError } from '../errors/explain-sdk-error.js';
import type { AggregateOptions } from '../usage/add-record.js';
import type { DayUsage } from '../usage/day-usage.js';
import { createUsageAccumulator, type UsageAccumulator } from '../usage/usage-accumulator.js';
import { sdk } from '../sdk/require-sdk.js';

export interface AthenaSourceOptions {
  readonly query: Partial<UsageQueryOptions> & { table: string };
  /** Athena workgroup. Default: the account's `primary`. */
  readonly workGroup?: string;
  /** `s3://bucket/prefix/` for results; optional when the workgroup sets one. */
  readonly outputLocation?: string;
  /** Glue data catalog. Default `AwsDataCatalog`. */
  readonly catalog?: string;
  /** First poll delay; doubles up to `maxPollMs`. Default 500 ms. */
  readonly pollMs?: number;
  /** Default 5000 ms. */
  readonly maxPollMs?: number;
  /** Give up waiting after this long. Default 30 minutes. */
  readonly timeoutMs?: number;
  /** Injected for tests. Default: setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * For drift: group the query by UTC day and file the rows here, by day, instead of in the
   * result's `acc` (which then stays empty).
   */
  readonly byDay?: DayUsage;
}

export interface AthenaUsage {
  readonly acc: UsageAccumulator;
  readonly sql: string;
  readonly queryExecutionId: string;
  readonly rows: number;
  /** Bytes Athena scanned, when it says (what the query cost). */
  readonly bytesScanned?: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the usage query in Athena and folds the aggregated rows into a usage accumulator,
 * for trails too large to download. The SDK retries throttling on each call; this waits
 * for the query with exponential backoff.
 */
export async function queryAthena(
  client: AthenaClient,
  catalog: EventCatalog,
  aggregate: AggregateOptions,
  options: AthenaSourceOptions,
): Promise<AthenaUsage> {
  const { GetQueryResultsCommand, StartQueryExecutionCommand } = sdk('@aws-sdk/client-athena');
  const sql = buildUsageQuery(options.byDay ? { ...options.query, byDay: true } : options.query);
  const started = await call('StartQueryExecution', () =>
    client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        ...(options.workGroup ? { WorkGroup: options.workGroup } : {}),
        ...(options.outputLocation
          ? { ResultConfiguration: { OutputLocation: options.outputLocation } }
          : {}),
        QueryExecutionContext: {
          Catalog: options.catalog ?? 'AwsDataCatalog',
          ...(options.query.table.includes('.') ? { Database: options.query.table.split('.')[0] } : {}),
        },
      }),
    ),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AwsError('Athena StartQueryExecution returned no QueryExecutionId');
  const bytesScanned = await waitForQuery(client, id, options);

  const acc = createUsageAccumulator();
  let rows = 0;
  let columns: string[] | undefined;
  let nextToken: string | undefined;
  do {
    const page = await call('GetQueryResults', () =>
      client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken })),
    );
    const raw = page.ResultSet?.Rows ?? [];
    let start = 0;
    if (!columns) {
      columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? '');
      // The first page repeats the column names as its first row.
      start = 1;
    }
    const parsed: UsageRow[] = [];
    for (let i = start; i < raw.length; i++) {
      const data = raw[i]?.Data ?? [];
      const row: Record<string, string> = {};
      columns.forEach((name, j) => {
        const v = data[j]?.VarCharValue;
        if (v !== undefined) row[name] = v;
      });
      parsed.push(row as UsageRow);
    }
    rows += parsed.length;
    if (options.byDay) rowsToUsageByDay(options.byDay, parsed, catalog, aggregate);
    else rowsToUsage(acc, parsed, catalog, aggregate);
    nextToken = page.NextToken;
  } while (nextToken);
  return { acc, sql, queryExecutionId: id, rows, ...(bytesScanned !== undefined ? { bytesScanned } : {}) };
}

async function waitForQuery(
  client: AthenaClient,
  id: string,
  options: AthenaSourceOptions,
): Promise<number | undefined> {
  const { GetQueryExecutionCommand } = sdk('@aws-sdk/client-athena');
  const sleep = options.sleep ?? defaultSleep;
  const maxPoll = options.maxPollMs ?? 5000;
  const timeout = options.timeoutMs ?? 30 * 60_000;
  let delay = options.pollMs ?? 500;
  let waited = 0;
  for (;;) {
    const res = await call('GetQueryExecution', () =>
      client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
    );
    const status = res.QueryExecution?.Status;
    switch (status?.State) {
      case 'SUCCEEDED':
        return res.QueryExecution?.Statistics?.DataScannedInBytes;
      case 'FAILED':
        throw new AwsError(`Athena query ${id} failed: ${status.StateChangeReason ?? 'no reason given'}`);
      case 'CANCELLED':
        throw new AwsError(`Athena query ${id} was cancelled${reasonSuffix(status.StateChangeReason)}`);
      default:
        break;
    }
    if (waited >= timeout) throw new AwsError(`Athena query ${id} still ${status?.State} after ${waited} ms`);
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, maxPoll);
  }
}

function reasonSuffix(reason: string | undefined): string {
  return reason ? `: ${reason}` : '';
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AwsError) throw e;
    const general = explainSdkError(e, `Athena ${what}`);
    if (general) throw new AwsError(general, { cause: e });
    const err = e as { name?: string; message?: string };
    throw new AwsError(`Athena ${what}: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`, { cause: e });
  }
}

import type { AthenaClient } from '@aws-sdk/client-athena';
import type { UsageQueryOptions } from '../athena/build-usage-query.js';
import type { EventCatalog } from '../catalog/map-event.js';
import type { SourceCheckpoint } from '../model/source-checkpoint.js';
import type { AggregateOptions } from '../usage/add-record.js';
import { createDayUsage, dayKeyOf, type DayUsage } from '../usage/day-usage.js';
import { queryAthena, type AthenaSourceOptions } from './athena-source.js';
import { DEFAULT_DELIVERY_LAG_MS } from './s3-trail-layout.js';

type AthenaCheckpoint = Extract<SourceCheckpoint, { kind: 'athena' }>;

const DAY_MS = 86_400_000;

/**
 * The whole UTC days an incremental Athena run reads, epoch ms (`untilMs` exclusive): from
 * the day after the checkpoint's `readThrough` (or `sinceMs`'s day, whichever is later) up
 * to the last day whose logs are all delivered (its end plus the delivery lag is past).
 * Undefined when no complete day is new. A day is read once, whole, so no row is counted twice.
 */
export function athenaDayRange(
  checkpoint: AthenaCheckpoint | undefined,
  sinceMs: number | undefined,
  nowMs: number,
  lagMs: number = DEFAULT_DELIVERY_LAG_MS,
): { sinceMs: number | undefined; untilMs: number; readThrough: string } | undefined {
  const untilMs = Math.floor((nowMs - lagMs) / DAY_MS) * DAY_MS;
  const after = checkpoint ? Date.parse(`${checkpoint.readThrough}T00:00:00Z`) + DAY_MS : undefined;
  const sinceDay = sinceMs === undefined ? undefined : Math.floor(sinceMs / DAY_MS) * DAY_MS;
  const start = after === undefined ? sinceDay : sinceDay === undefined ? after : Math.max(after, sinceDay);
  if (start !== undefined && start >= untilMs) return undefined;
  return { sinceMs: start, untilMs, readThrough: dayKeyOf(untilMs - DAY_MS) };
}

/** What `athenaByDay` read. */
export interface AthenaDayResult {
  readonly usage: DayUsage;
  readonly checkpoint: AthenaCheckpoint;
  /** Undefined when no complete day was new, so no query ran. */
  readonly queryExecutionId?: string;
  readonly rows: number;
  readonly bytesScanned?: number;
}

/**
 * Athena for drift: one query over the complete UTC days since the checkpoint, grouped by
 * day. Policy changes are not captured from Athena (the query groups calls by role, without
 * who or the event id).
 */
export async function athenaByDay(
  client: AthenaClient,
  catalog: EventCatalog,
  aggregate: AggregateOptions,
  options: Omit<AthenaSourceOptions, 'byDay' | 'query'> & {
    readonly query: Omit<UsageQueryOptions, 'sinceMs' | 'untilMs' | 'byDay' | 'partitionStyle'> &
      Partial<Pick<UsageQueryOptions, 'partitionStyle'>>;
    readonly checkpoint?: AthenaCheckpoint;
    readonly sinceMs?: number;
    readonly nowMs: number;
    readonly lagMs?: number;
  },
): Promise<AthenaDayResult> {
  const usage = createDayUsage();
  const range = athenaDayRange(options.checkpoint, options.sinceMs, options.nowMs, options.lagMs);
  if (!range) {
    const checkpoint = options.checkpoint ?? {
      kind: 'athena' as const,
      table: options.query.table,
      readThrough: dayKeyOf((options.sinceMs ?? options.nowMs) - DAY_MS),
    };
    return { usage, checkpoint, rows: 0 };
  }
  const { checkpoint: _c, sinceMs: _s, nowMs: _n, lagMs: _l, query, ...rest } = options;
  const result = await queryAthena(client, catalog, aggregate, {
    ...rest,
    query: {
      ...query,
      ...(range.sinceMs !== undefined ? { sinceMs: range.sinceMs } : {}),
      untilMs: range.untilMs,
    },
    byDay: usage,
  });
  return {
    usage,
    checkpoint: { kind: 'athena', table: query.table, readThrough: range.readThrough },
    queryExecutionId: result.queryExecutionId,
    rows: result.rows,
    ...(result.bytesScanned !== undefined ? { bytesScanned: result.bytesScanned } : {}),
  };
}

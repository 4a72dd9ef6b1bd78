import type { SourceCheckpoint } from '../model/source-checkpoint.js';
import { createDayUsage, type DayUsage } from '../usage/day-usage.js';
import { lookupEventsUsage, type LookupEventsOptions } from './lookup-events-source.js';

type LookupCheckpoint = Extract<SourceCheckpoint, { kind: 'lookup-events' }>;

/**
 * How long after an event LookupEvents may still not show it. CloudTrail documents about 15
 * minutes; a run reads only up to this long before its start, and the next run goes on from there.
 */
export const LOOKUP_EVENTS_LAG_MS = 15 * 60_000;

/** What `lookupEventsByDay` read. */
export interface LookupEventsDayResult {
  readonly usage: DayUsage;
  readonly checkpoint: LookupCheckpoint;
  readonly requests: number;
  readonly events: number;
  readonly limits: string[];
}

/**
 * The time range an incremental LookupEvents run reads, epoch ms, both ends included (as
 * LookupEvents takes them), in whole seconds (as CloudTrail records them): from just after
 * the checkpoint's `readUntil` (or `sinceMs`, whichever is later) to the lag before now.
 * Undefined when nothing new can be read yet.
 */
export function lookupEventsRange(
  checkpoint: LookupCheckpoint | undefined,
  sinceMs: number | undefined,
  nowMs: number,
  lagMs: number = LOOKUP_EVENTS_LAG_MS,
): { startMs: number | undefined; endMs: number } | undefined {
  const endMs = Math.floor((nowMs - lagMs) / 1000) * 1000;
  const after = checkpoint ? Date.parse(checkpoint.readUntil) + 1000 : undefined;
  const startMs = after === undefined ? sinceMs : sinceMs === undefined ? after : Math.max(after, sinceMs);
  if (startMs !== undefined && startMs > endMs) return undefined;
  return { startMs, endMs };
}

/**
 * LookupEvents in one region for drift: only the events after the checkpoint, split by UTC
 * day. Without a checkpoint it starts at `sinceMs` (LookupEvents keeps 90 days at most).
 */
export async function lookupEventsByDay(
  options: Omit<LookupEventsOptions, 'since' | 'until' | 'byDay' | 'checkpointFile' | 'now'> & {
    readonly checkpoint?: LookupCheckpoint;
    readonly sinceMs?: number;
    readonly nowMs: number;
    readonly lagMs?: number;
  },
): Promise<LookupEventsDayResult> {
  const usage = createDayUsage();
  const range = lookupEventsRange(options.checkpoint, options.sinceMs, options.nowMs, options.lagMs);
  if (!range) {
    // Nothing is old enough to read yet: the next run starts where this one would have.
    const checkpoint = options.checkpoint ?? {
      kind: 'lookup-events' as const,
      region: options.region,
      readUntil: new Date((options.sinceMs ?? options.nowMs) - 1000).toISOString(),
    };
    return { usage, checkpoint, requests: 0, events: 0, limits: [] };
  }
  const { checkpoint: _c, sinceMs: _s, nowMs, lagMs: _l, ...rest } = options;
  const result = await lookupEventsUsage({
    ...rest,
    ...(range.startMs !== undefined ? { since: new Date(range.startMs) } : {}),
    until: new Date(range.endMs),
    now: () => new Date(nowMs),
    byDay: usage,
  });
  return {
    usage,
    checkpoint: {
      kind: 'lookup-events',
      region: options.region,
      readUntil: new Date(range.endMs).toISOString(),
    },
    requests: result.requests,
    events: result.events,
    limits: [
      ...result.limits,
      `LookupEvents is read up to ${LOOKUP_EVENTS_LAG_MS / 60_000} minutes before the run; an event CloudTrail makes searchable later than that is not read`,
    ],
  };
}

import { parseEventTime } from '../normalize/parse-event-time.js';
import { mapEvent, type EventCatalog } from '../catalog/map-event.js';
import { normalizeRecord } from '../normalize/normalize-record.js';
import type { NormalizeResult, TrailEvent } from '../normalize/trail-event.js';
import { addBounded } from './fold-resources.js';
import { notePolicyChange } from './note-policy-change.js';
import { inWindow, principalSelected, type UsageFilter } from './usage-filter.js';
import { recordSkipped, type PrincipalUsage, type UsageAccumulator } from './usage-accumulator.js';

export interface AggregateOptions {
  readonly filter: UsageFilter;
  /** Distinct resources kept per action before folding into covering patterns. Default 1000. */
  readonly maxResourcesPerAction: number;
  /**
   * When the scan runs (ms since the epoch): records dated after it are implausible and
   * skipped, so one forged record cannot stretch the window. Unset: only the lower bound.
   */
  readonly scanTimeMs?: number;
  /**
   * Keep the IAM calls that change role policies (`PolicyChangeEvent`s), whoever made them
   * and whatever the role filter: drift names who widened a role. Off by default so the
   * plain scan pays one branch for it.
   */
  readonly capturePolicyChanges?: boolean;
}

// CloudTrail began in November 2013; an earlier eventTime is forged or broken.
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2013, 0, 1);
// Clocks disagree a little: a record up to this far past the scan time is still taken.
const CLOCK_SKEW_MS = 15 * 60_000;

/** Why a record's time cannot be believed, or undefined when it can. */
export function implausibleTime(ms: number, options: AggregateOptions): string | undefined {
  if (ms < EARLIEST_PLAUSIBLE_MS) return 'eventTime before 2013, when CloudTrail did not exist';
  if (options.scanTimeMs !== undefined && ms > options.scanTimeMs + CLOCK_SKEW_MS)
    return 'eventTime after the time of the scan';
  return undefined;
}

export const defaultAggregateOptions: AggregateOptions = { filter: {}, maxResourcesPerAction: 1000 };

// IAM's denial message names the action it refused, which beats any mapping.
const DENIED_ACTION = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/;

/**
 * The per-record step of the scan: normalize, filter, map, aggregate. Pure apart from
 * mutating `acc`; a record that cannot be used is counted in `skipped`, never dropped.
 */
export function addRecord(
  acc: UsageAccumulator,
  raw: unknown,
  file: string,
  catalog: EventCatalog,
  options: AggregateOptions,
): void {
  acc.stats.records++;
  addNormalized(acc, normalizeRecord(raw), raw, file, catalog, options);
}

/**
 * `addRecord` after normalizing (the caller counted the record): split out so a scan that
 * splits by day can look at the record's time first and pick the day's accumulator.
 */
export function addNormalized(
  acc: UsageAccumulator,
  result: NormalizeResult,
  raw: unknown,
  file: string,
  catalog: EventCatalog,
  options: AggregateOptions,
): void {
  if (result.kind === 'skipped') {
    recordSkipped(acc, file, result.reason, 1);
    return;
  }
  if (result.kind === 'classified') {
    const t = result.time ? parseEventTime(result.time) : NaN;
    const bad = Number.isNaN(t) ? undefined : implausibleTime(t, options);
    if (bad) {
      recordSkipped(acc, file, bad, 1);
      return;
    }
    if (!Number.isNaN(t)) {
      noteLogTime(acc, t);
      if (!inWindow(t, options.filter)) return;
      noteTime(acc, t, result.region ?? 'unknown');
      // A service calling IAM on someone's behalf still changes the role.
      if (options.capturePolicyChanges && result.class === 'service-call')
        notePolicyChange(acc, raw, t, result.region ?? 'unknown');
    }
    if (result.class === 'non-api') acc.stats.nonApiEvents++;
    else acc.stats.serviceEvents++;
    return;
  }
  const event = result.event;
  const bad = implausibleTime(event.timeMs, options);
  if (bad) {
    recordSkipped(acc, file, bad, 1);
    return;
  }
  noteLogTime(acc, event.timeMs);
  if (!inWindow(event.timeMs, options.filter)) return;
  acc.stats.events++;
  noteTime(acc, event.timeMs, event.region);
  if (event.category === 'data') acc.stats.dataEventSources.add(event.eventSource);
  // Before the principal filter: people change roles, not the roles' functions.
  if (options.capturePolicyChanges) notePolicyChange(acc, raw, event.timeMs, event.region);
  if (!principalSelected(event, options.filter)) return;

  const mapped = mapEvent(event, catalog);
  if (mapped.kind === 'permissionless') {
    acc.stats.permissionlessEvents++;
    return;
  }
  if (mapped.kind === 'unmapped') {
    noteUnmapped(acc, event, mapped.reason);
    return;
  }
  for (const action of mapped.invalid)
    noteUnmapped(acc, event, `${action}: not an action in the IAM catalog`);
  const principal = principalEntry(acc, event);
  if (event.principal.sessionName) {
    principal.functions.set(
      event.principal.sessionName,
      (principal.functions.get(event.principal.sessionName) ?? 0) + 1,
    );
  }
  if (event.errorClass === 'denied') {
    const named = event.errorMessage ? DENIED_ACTION.exec(event.errorMessage)?.[1] : undefined;
    const deniedActions = named
      ? [
          {
            action: catalog.actions.action(named)?.action ?? named,
            resources: mapped.actions.flatMap((a) => a.resources),
          },
        ]
      : mapped.actions;
    for (const a of deniedActions)
      addDenied(principal, event, a.action, a.resources, options.maxResourcesPerAction);
    return;
  }
  for (const a of mapped.actions) {
    let stats = principal.actions.get(a.action);
    if (!stats) {
      stats = {
        unresolved: 0,
        count: 0,
        firstMs: event.timeMs,
        lastMs: event.timeMs,
        resources: new Set(),
        foldLevel: 0,
        functions: new Set(),
      };
      principal.actions.set(a.action, stats);
    }
    stats.count++;
    if (!a.resolved) stats.unresolved++;
    if (event.timeMs < stats.firstMs) stats.firstMs = event.timeMs;
    if (event.timeMs > stats.lastMs) stats.lastMs = event.timeMs;
    for (const r of a.resources)
      stats.foldLevel = addBounded(stats.resources, stats.foldLevel, r, options.maxResourcesPerAction);
    if (event.principal.sessionName) stats.functions.add(event.principal.sessionName);
  }
}

/** Widens the span the logs cover (every record with a plausible time). */
export function noteLogTime(acc: UsageAccumulator, t: number): void {
  if (t < acc.stats.logFromMs) acc.stats.logFromMs = t;
  if (t > acc.stats.logToMs) acc.stats.logToMs = t;
}

/** Counts a record inside the window in the window's span, regions and days. */
export function noteTime(acc: UsageAccumulator, t: number, region: string): void {
  if (t < acc.stats.fromMs) acc.stats.fromMs = t;
  if (t > acc.stats.toMs) acc.stats.toMs = t;
  acc.stats.regions.add(region);
  acc.stats.days.add(Math.floor(t / 86_400_000));
}

function noteUnmapped(acc: UsageAccumulator, event: TrailEvent, reason: string): void {
  const key = `${event.eventSource}\u0000${event.eventName}\u0000${reason}`;
  const entry = acc.unmapped.get(key);
  if (entry) entry.count++;
  else
    acc.unmapped.set(key, { eventSource: event.eventSource, eventName: event.eventName, reason, count: 1 });
}

function principalEntry(acc: UsageAccumulator, event: TrailEvent): PrincipalUsage {
  let p = acc.principals.get(event.principal.arn);
  if (!p) {
    p = {
      arn: event.principal.arn,
      type: event.principal.type,
      functions: new Map(),
      actions: new Map(),
      denied: new Map(),
    };
    acc.principals.set(event.principal.arn, p);
  }
  return p;
}

function addDenied(
  p: PrincipalUsage,
  event: TrailEvent,
  action: string,
  resources: readonly string[],
  limit: number,
): void {
  const errorCode = event.errorCode ?? 'AccessDenied';
  const key = `${action} ${errorCode}`;
  let d = p.denied.get(key);
  if (!d) {
    d = {
      action,
      errorCode,
      count: 0,
      firstMs: event.timeMs,
      lastMs: event.timeMs,
      resources: new Set(),
      functions: new Set(),
    };
    p.denied.set(key, d);
  }
  d.count++;
  if (event.timeMs < d.firstMs) d.firstMs = event.timeMs;
  if (event.timeMs > d.lastMs) d.lastMs = event.timeMs;
  for (const r of resources) if (d.resources.size < limit) d.resources.add(r);
  if (event.principal.sessionName) d.functions.add(event.principal.sessionName);
}

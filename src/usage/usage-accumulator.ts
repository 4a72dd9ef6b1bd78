import type { PolicyChangeEvent } from '../model/policy-change.js';

/**
 * The mergeable in-memory form of usage. Workers each fill one; the main thread merges
 * them. Only Maps, Sets and plain values, so it crosses `postMessage` as it is.
 */
export interface ActionStats {
  count: number;
  firstMs: number;
  lastMs: number;
  /** Resource ARNs (or covering patterns once folded). */
  resources: Set<string>;
  /** 0 = exact ARNs; higher levels are coarser covering patterns (see `foldArn`). */
  foldLevel: number;
  functions: Set<string>;
  /** Calls whose resource could not be resolved: narrowing must not rely on `resources`. */
  unresolved: number;
}

export interface DeniedStats {
  action: string;
  errorCode: string;
  count: number;
  firstMs: number;
  lastMs: number;
  resources: Set<string>;
  functions: Set<string>;
}

export interface PrincipalUsage {
  arn: string;
  type: string;
  /** Session names: for a Lambda execution role these are function names. */
  functions: Map<string, number>;
  actions: Map<string, ActionStats>;
  /** Keyed by `action errorCode`. */
  denied: Map<string, DeniedStats>;
}

export interface UnmappedStats {
  eventSource: string;
  eventName: string;
  reason: string;
  count: number;
}

export interface SkippedStats {
  file: string;
  reason: string;
  records: number;
}

export interface UsageStats {
  files: number;
  records: number;
  /** API-call events that passed the time window (whatever their principal). */
  events: number;
  fromMs: number;
  toMs: number;
  /**
   * The time span of every record read with a plausible time, inside the window or not:
   * what the logs cover, so that an empty window can say where the events are.
   */
  logFromMs: number;
  logToMs: number;
  regions: Set<string>;
  /** Event sources seen with data events, e.g. `s3.amazonaws.com`. */
  dataEventSources: Set<string>;
  /** Days with at least one event, as days since the epoch (UTC). */
  days: Set<number>;
  nonApiEvents: number;
  serviceEvents: number;
  permissionlessEvents: number;
}

export interface UsageAccumulator {
  principals: Map<string, PrincipalUsage>;
  unmapped: Map<string, UnmappedStats>;
  skipped: Map<string, SkippedStats>;
  stats: UsageStats;
  /**
   * IAM calls that changed a role's policies, one by one (only filled when the scan asks for
   * them: `AggregateOptions.capturePolicyChanges`). At most `MAX_POLICY_CHANGES`; the rest
   * are counted in `policyChangesDropped`, never silently lost.
   */
  policyChanges: PolicyChangeEvent[];
  policyChangesDropped: number;
}

/** Policy-change events one accumulator keeps (per day when the scan splits by day). */
export const MAX_POLICY_CHANGES = 10_000;

export function createUsageAccumulator(): UsageAccumulator {
  return {
    principals: new Map(),
    unmapped: new Map(),
    skipped: new Map(),
    stats: {
      files: 0,
      records: 0,
      events: 0,
      fromMs: Infinity,
      toMs: -Infinity,
      logFromMs: Infinity,
      logToMs: -Infinity,
      regions: new Set(),
      dataEventSources: new Set(),
      days: new Set(),
      nonApiEvents: 0,
      serviceEvents: 0,
      permissionlessEvents: 0,
    },
    policyChanges: [],
    policyChangesDropped: 0,
  };
}

/** Records that a file (or part of one) could not be used. Never silent. */
export function recordSkipped(acc: UsageAccumulator, file: string, reason: string, records: number): void {
  const key = `${file}\u0000${reason}`;
  const entry = acc.skipped.get(key);
  if (entry) entry.records += records;
  else acc.skipped.set(key, { file, reason, records });
}

import type { UsageAccumulator } from './usage-accumulator.js';

/**
 * The version of the usage report's JSON format, written as `formatVersion` first in the
 * file (schema/usage.schema.json describes it). Raise it when a reader of the old format
 * would misread the new one; readers refuse a version they do not know.
 */
export const USAGE_FORMAT_VERSION = 1;

/**
 * The JSON document `iamtrim usage --format json` writes and `suggest --usage` reads.
 * Sorted throughout so that equal inputs give byte-equal output.
 */
export interface UsageReport {
  readonly principals: readonly PrincipalReport[];
  readonly unmapped: readonly { eventSource: string; eventName: string; count: number; reason: string }[];
  readonly skipped: readonly { file: string; reason: string; records: number }[];
  readonly stats: {
    readonly files: number;
    readonly records: number;
    readonly events: number;
    readonly window: { readonly from: string | null; readonly to: string | null };
    readonly regions: readonly string[];
    readonly days: number;
    readonly dataEventSources: readonly string[];
    readonly classified: {
      readonly nonApi: number;
      readonly serviceEvents: number;
      readonly permissionless: number;
    };
  };
}

export interface PrincipalReport {
  readonly arn: string;
  readonly type: string;
  readonly functions: readonly string[];
  readonly actions: readonly ActionReport[];
  readonly denied: readonly DeniedReport[];
}

export interface ActionReport {
  readonly action: string;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resources: readonly string[];
  /** Present when resources were folded into covering patterns to bound memory. */
  readonly resourcesFolded?: true;
  /** Calls whose resource could not be resolved (so `resources` is not the whole story). */
  readonly unresolved?: number;
  readonly functions: readonly string[];
}

export interface DeniedReport {
  readonly action: string;
  readonly count: number;
  readonly errorCode: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resources: readonly string[];
  readonly functions: readonly string[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function toUsageReport(acc: UsageAccumulator): UsageReport {
  const principals = [...acc.principals.values()]
    .sort((a, b) => byString(a.arn, b.arn))
    .map((p) => ({
      arn: p.arn,
      type: p.type,
      functions: [...p.functions.keys()].sort(byString),
      actions: [...p.actions]
        .sort(([a], [b]) => byString(a, b))
        .map(([action, s]) => ({
          action,
          count: s.count,
          firstSeen: iso(s.firstMs),
          lastSeen: iso(s.lastMs),
          resources: [...s.resources].sort(byString),
          ...(s.foldLevel > 0 ? { resourcesFolded: true as const } : {}),
          ...(s.unresolved > 0 ? { unresolved: s.unresolved } : {}),
          functions: [...s.functions].sort(byString),
        })),
      denied: [...p.denied.values()]
        .sort((a, b) => byString(a.action, b.action) || byString(a.errorCode, b.errorCode))
        .map((d) => ({
          action: d.action,
          count: d.count,
          errorCode: d.errorCode,
          firstSeen: iso(d.firstMs),
          lastSeen: iso(d.lastMs),
          resources: [...d.resources].sort(byString),
          functions: [...d.functions].sort(byString),
        })),
    }));
  const s = acc.stats;
  const hasWindow = Number.isFinite(s.fromMs);
  return {
    principals,
    unmapped: [...acc.unmapped.values()]
      .sort(
        (a, b) =>
          byString(a.eventSource, b.eventSource) ||
          byString(a.eventName, b.eventName) ||
          byString(a.reason, b.reason),
      )
      .map((u) => ({ eventSource: u.eventSource, eventName: u.eventName, count: u.count, reason: u.reason })),
    skipped: [...acc.skipped.values()]
      .sort((a, b) => byString(a.file, b.file) || byString(a.reason, b.reason))
      .map((k) => ({ file: k.file, reason: k.reason, records: k.records })),
    stats: {
      files: s.files,
      records: s.records,
      events: s.events,
      window: { from: hasWindow ? iso(s.fromMs) : null, to: hasWindow ? iso(s.toMs) : null },
      regions: [...s.regions].sort(byString),
      days: s.days.size,
      dataEventSources: [...s.dataEventSources].sort(byString),
      classified: {
        nonApi: s.nonApiEvents,
        serviceEvents: s.serviceEvents,
        permissionless: s.permissionlessEvents,
      },
    },
  };
}

import type { PolicyChangeEvent } from '../model/policy-change.js';
import type { UsageAccumulator } from './usage-accumulator.js';

/**
 * A lossless JSON form of a `UsageAccumulator`, for checkpoints. Unlike `UsageReport`
 * (sorted, ISO times, resources already final) it keeps every field the aggregation
 * still needs, so restoring it and adding more records gives exactly what one
 * uninterrupted run would. Maps and Sets become arrays in insertion order; the empty
 * window's ±Infinity becomes null because JSON has no Infinity.
 */
export interface UsageAccumulatorJson {
  readonly version: 1;
  readonly principals: readonly {
    arn: string;
    type: string;
    functions: [string, number][];
    actions: ActionEntryJson[];
    denied: DeniedEntryJson[];
  }[];
  readonly unmapped: [string, { eventSource: string; eventName: string; reason: string; count: number }][];
  readonly skipped: [string, { file: string; reason: string; records: number }][];
  readonly stats: {
    files: number;
    records: number;
    events: number;
    fromMs: number | null;
    toMs: number | null;
    /** Absent in checkpoints written before it existed. */
    logFromMs?: number | null;
    logToMs?: number | null;
    regions: string[];
    dataEventSources: string[];
    days: number[];
    nonApiEvents: number;
    serviceEvents: number;
    permissionlessEvents: number;
  };
  /** IAM policy-change events; absent when there are none (and in JSON written before them). */
  readonly policyChanges?: readonly PolicyChangeEvent[];
  /** Policy-change events past the bound; absent when none. */
  readonly policyChangesDropped?: number;
}

type ActionEntryJson = [
  string,
  {
    count: number;
    firstMs: number;
    lastMs: number;
    resources: string[];
    foldLevel: number;
    functions: string[];
    unresolved: number;
  },
];

type DeniedEntryJson = [
  string,
  {
    action: string;
    errorCode: string;
    count: number;
    firstMs: number;
    lastMs: number;
    resources: string[];
    functions: string[];
  },
];

export function usageAccumulatorToJson(acc: UsageAccumulator): UsageAccumulatorJson {
  const s = acc.stats;
  return {
    version: 1,
    principals: [...acc.principals.values()].map((p) => ({
      arn: p.arn,
      type: p.type,
      functions: [...p.functions],
      actions: [...p.actions].map(([k, a]) => [
        k,
        { ...a, resources: [...a.resources], functions: [...a.functions] },
      ]),
      denied: [...p.denied].map(([k, d]) => [
        k,
        { ...d, resources: [...d.resources], functions: [...d.functions] },
      ]),
    })),
    unmapped: [...acc.unmapped].map(([k, u]) => [k, { ...u }]),
    skipped: [...acc.skipped].map(([k, u]) => [k, { ...u }]),
    stats: {
      ...s,
      fromMs: Number.isFinite(s.fromMs) ? s.fromMs : null,
      toMs: Number.isFinite(s.toMs) ? s.toMs : null,
      logFromMs: Number.isFinite(s.logFromMs) ? s.logFromMs : null,
      logToMs: Number.isFinite(s.logToMs) ? s.logToMs : null,
      regions: [...s.regions],
      dataEventSources: [...s.dataEventSources],
      days: [...s.days],
    },
    // Written only when present, so the JSON of a plain scan is what it always was.
    ...(acc.policyChanges.length > 0 ? { policyChanges: acc.policyChanges.map((c) => ({ ...c })) } : {}),
    ...(acc.policyChangesDropped > 0 ? { policyChangesDropped: acc.policyChangesDropped } : {}),
  };
}

/** The inverse of `usageAccumulatorToJson`. Throws a plain Error on a shape it did not write. */
export function usageAccumulatorFromJson(json: UsageAccumulatorJson): UsageAccumulator {
  if (!json || json.version !== 1 || !Array.isArray(json.principals) || !json.stats) {
    throw new Error('not a version 1 usage accumulator');
  }
  const s = json.stats;
  return {
    principals: new Map(
      json.principals.map((p) => [
        p.arn,
        {
          arn: p.arn,
          type: p.type,
          functions: new Map(p.functions),
          actions: new Map(
            p.actions.map(([k, a]: ActionEntryJson) => [
              k,
              { ...a, resources: new Set(a.resources), functions: new Set(a.functions) },
            ]),
          ),
          denied: new Map(
            p.denied.map(([k, d]: DeniedEntryJson) => [
              k,
              { ...d, resources: new Set(d.resources), functions: new Set(d.functions) },
            ]),
          ),
        },
      ]),
    ),
    unmapped: new Map(json.unmapped.map(([k, u]) => [k, { ...u }])),
    skipped: new Map(json.skipped.map(([k, u]) => [k, { ...u }])),
    stats: {
      ...s,
      fromMs: s.fromMs ?? Infinity,
      toMs: s.toMs ?? -Infinity,
      logFromMs: s.logFromMs ?? Infinity,
      logToMs: s.logToMs ?? -Infinity,
      regions: new Set(s.regions),
      dataEventSources: new Set(s.dataEventSources),
      days: new Set(s.days),
    },
    policyChanges: Array.isArray(json.policyChanges) ? json.policyChanges.map((c) => ({ ...c })) : [],
    policyChangesDropped: typeof json.policyChangesDropped === 'number' ? json.policyChangesDropped : 0,
  };
}

import type { Decision } from '../synthesize/decision.js';

type Of<K extends Decision['kind']> = Extract<Decision, { kind: K }>;

/** Why an action was kept without evidence, as the `observability` of its decision. */
export type KeptKind = Of<'action-kept'>['observability'];

/** Actions that share one reason, sorted, each named once. */
export interface ReasonGroup {
  readonly reason: string;
  readonly actions: readonly string[];
}

/** Kept-without-evidence actions of one kind (data event, never logged, ...), by reason. */
export interface KeptGroup {
  readonly kind: KeptKind;
  readonly title: string;
  readonly reasons: readonly ReasonGroup[];
  /** Distinct actions across the reasons. */
  readonly count: number;
}

// The order a reviewer reads them in: what Lambda or the code needs first, then what more
// evidence could decide, then what nothing could.
const KEPT_TITLES: Readonly<Record<KeptKind, string>> = {
  'lambda-need': 'Needed by Lambda on the functions’ behalf',
  dependency: 'Needed by actions the role uses',
  data: 'Data events the evidence does not include',
  'not-recorded': 'Events the trail does not record (filtered or excluded)',
  management: 'Management events',
  'not-logged': 'Never logged by CloudTrail',
  'permission-only': 'Checked inside other calls, never an event of their own',
  unknown: 'Unknown whether CloudTrail logs them',
};
const KEPT_ORDER = Object.keys(KEPT_TITLES) as KeptKind[];

/** The decisions of one kind. */
export function decisionsOf<K extends Decision['kind']>(decisions: readonly Decision[], kind: K): Of<K>[] {
  return decisions.filter((d): d is Of<K> => d.kind === kind);
}

/**
 * Groups decisions by reason, keeping the first-seen order of reasons; the actions of each
 * reason are sorted and named once (an action kept in two statements for one reason is one).
 */
export function groupByReason(items: readonly { reason: string; action: string }[]): ReasonGroup[] {
  const byReason = new Map<string, Set<string>>();
  for (const item of items) {
    const set = byReason.get(item.reason) ?? new Set<string>();
    set.add(item.action);
    byReason.set(item.reason, set);
  }
  return [...byReason].map(([reason, set]) => ({ reason, actions: [...set].sort(byName) }));
}

/** The kept-without-evidence decisions grouped by kind, then by reason; empty kinds left out. */
export function groupKept(decisions: readonly Decision[]): KeptGroup[] {
  const kept = decisionsOf(decisions, 'action-kept');
  return KEPT_ORDER.flatMap((kind) => {
    const ofKind = kept.filter((d) => d.kind === 'action-kept' && d.observability === kind);
    if (ofKind.length === 0) return [];
    const reasons = groupByReason(ofKind);
    const count = new Set(ofKind.map((d) => d.action.toLowerCase())).size;
    return [{ kind, title: KEPT_TITLES[kind], reasons, count }];
  });
}

/** Actions by service prefix (`s3:GetObject` → `s3`), services sorted, actions sorted. */
export function groupByService(actions: readonly string[]): [string, string[]][] {
  const map = new Map<string, string[]>();
  for (const a of actions) {
    const colon = a.indexOf(':');
    const service = colon > 0 ? a.slice(0, colon) : a;
    const list = map.get(service) ?? [];
    list.push(a);
    map.set(service, list);
  }
  return [...map].sort(([a], [b]) => byName(a, b)).map(([s, list]) => [s, list.sort(byName)]);
}

/** A stable, locale-free order for action and service names. */
export function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

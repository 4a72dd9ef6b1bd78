import type { FindingEvidence } from '../model/finding.js';
import { dayRanges, type DriftWindow } from './drift-window.js';

/**
 * A hole in the evidence. `scope: 'all'` (missing days, a region that stopped delivering,
 * changed selectors) touches every role's unused claims; a young role only its own.
 */
export interface CoverageGap {
  readonly kind: 'missing-days' | 'region-stopped' | 'selectors-changed' | 'young-role';
  /** `'all'`, or the role ARN the gap is about. */
  readonly scope: 'all' | string;
  readonly message: string;
  readonly evidence: readonly FindingEvidence[];
}

/** What the gap check reads: the window, which days and regions delivered, and the roles' ages. */
export interface CoverageGapInput {
  readonly window: DriftWindow;
  /** Today (`YYYY-MM-DD`, the run's day): still being delivered, so its absence is no gap. */
  readonly today: string;
  readonly daysWithLogs: ReadonlySet<string>;
  /** Regions with records, per day of the window; without it no region check is made. */
  readonly regionsByDay?: ReadonlyMap<string, readonly string[]>;
  readonly selectorsHash?: string;
  readonly previousSelectorsHash?: string;
  readonly roles: readonly { readonly arn: string; readonly createDate?: string }[];
}

/** How many of the last days with logs a region must show up in to count as still delivering. */
const RECENT_DAYS = 2;
/**
 * A region is expected to keep delivering when it delivered on at least this many days, and on
 * this share of the days with logs from its first to its last.
 */
const REGULAR_MIN_DAYS = 7;
const REGULAR_SHARE = 0.8;

/** Every coverage gap of the window, account-wide ones first. */
export function findCoverageGaps(input: CoverageGapInput): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  const missing = input.window.dayList.filter((d) => !input.daysWithLogs.has(d) && d !== input.today);
  if (missing.length > 0)
    gaps.push({
      kind: 'missing-days',
      scope: 'all',
      message: `${missing.length} day(s) of the ${input.window.days}-day window have no logs: ${dayRanges(missing).join(', ')}`,
      evidence: [
        {
          source: 'coverage',
          detail: `days without a record: ${dayRanges(missing).join(', ')}`,
          count: missing.length,
        },
      ],
    });
  gaps.push(...stoppedRegions(input));
  if (
    input.selectorsHash !== undefined &&
    input.previousSelectorsHash !== undefined &&
    input.selectorsHash !== input.previousSelectorsHash
  )
    gaps.push({
      kind: 'selectors-changed',
      scope: 'all',
      message:
        "the trails' event selectors changed since the previous run: what the logs record is not what it was",
      evidence: [
        {
          source: 'coverage',
          detail: `selectors hash ${input.previousSelectorsHash.slice(0, 19)} → ${input.selectorsHash.slice(0, 19)}`,
        },
      ],
    });
  for (const r of input.roles) {
    const created = r.createDate === undefined ? NaN : Date.parse(r.createDate);
    if (!(created > input.window.fromMs)) continue;
    gaps.push({
      kind: 'young-role',
      scope: r.arn,
      message: `the role was created on ${r.createDate}, inside the ${input.window.days}-day window: it has not been watched long enough to call anything unused`,
      evidence: [{ source: 'iam', detail: `createDate ${r.createDate}; window from ${input.window.from}` }],
    });
  }
  return gaps;
}

function stoppedRegions(input: CoverageGapInput): CoverageGap[] {
  const byDay = input.regionsByDay;
  if (!byDay) return [];
  const withLogs = input.window.dayList.filter((d) => (byDay.get(d)?.length ?? 0) > 0);
  if (withLogs.length <= RECENT_DAYS) return [];
  const recent = withLogs.slice(-RECENT_DAYS);
  const now = new Set(recent.flatMap((d) => byDay.get(d) ?? []));
  const earlier = withLogs.slice(0, -RECENT_DAYS);
  const firstSeen = new Map<string, number>();
  const lastSeen = new Map<string, string>();
  const lastIndex = new Map<string, number>();
  const daysSeen = new Map<string, number>();
  earlier.forEach((d, i) => {
    for (const r of byDay.get(d) ?? []) {
      if (!firstSeen.has(r)) firstSeen.set(r, i);
      lastSeen.set(r, d);
      lastIndex.set(r, i);
      daysSeen.set(r, (daysSeen.get(r) ?? 0) + 1);
    }
  });
  // Only a region that delivered day after day can be said to have stopped: one used now and
  // then (a failover drill, a person's one-off call) is simply quiet.
  const regular = (r: string): boolean => {
    const seen = daysSeen.get(r) ?? 0;
    const span = (lastIndex.get(r) ?? 0) - (firstSeen.get(r) ?? 0) + 1;
    return seen >= REGULAR_MIN_DAYS && seen >= REGULAR_SHARE * span;
  };
  return [...lastSeen]
    .filter(([r]) => !now.has(r) && regular(r))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, day]) => ({
      kind: 'region-stopped' as const,
      scope: 'all',
      message: `region ${region} stopped delivering logs: last record on ${day}, none on ${recent.join(' or ')}`,
      evidence: [{ source: 'coverage', detail: `${region}: last day with records ${day}`, lastSeen: day }],
    }));
}

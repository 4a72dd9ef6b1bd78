import { eventSourcePrefix } from '../catalog/event-source-prefix.js';
import type { DataEventRule } from './data-event-selectors.js';
import { trailCoverage, type ReadWrite, type TrailConfigJson, type TrailCoverage } from './trail-config.js';

/**
 * What the evidence can and cannot show, worked out from the evidence itself, the user's
 * flags, and the trail's configuration. Every report shows it, and tightening consults it
 * before calling anything unused.
 */
export interface InputCoverage {
  readonly window: { readonly from: string | null; readonly to: string | null };
  /** Calendar days (UTC) from the first event's day to the last one's, both counted. */
  readonly spanDays: number;
  readonly days: number;
  readonly events: number;
  /** Regions that appear in the evidence. */
  readonly regions: readonly string[];
  /** Regions the logs are known to cover: from --regions or the trail, else unknown. */
  readonly regionsCovered: 'all' | 'unknown' | readonly string[];
  /** IAM prefixes whose data events the user says are logged for every resource (--data-events). */
  readonly dataEvents: ReadonlyMap<string, ReadWrite>;
  /** True when every data event is logged (--data-events all). */
  readonly allDataEvents: boolean;
  /** The trails' data-event selectors: coverage per resource type and ARN. */
  readonly dataRules: readonly DataEventRule[];
  /** IAM prefixes with data events in the evidence: shown, never relied on (events seen prove no coverage). */
  readonly dataEventsSeen: readonly string[];
  /** True when no trail configuration was given (selectors unknown). */
  readonly selectorsUnknown: boolean;
  readonly management: {
    readonly logged: boolean;
    readonly readWrite: ReadWrite;
    readonly excludedServices: ReadonlySet<string>;
    /** When set, only these services' management events are logged. */
    readonly onlyServices?: ReadonlySet<string>;
  };
  /** One line per fact, for reports: what is covered and where that knowledge came from. */
  readonly notes: readonly string[];
}

export interface CoverageOptions {
  /** `--data-events`: services whose data events the user says are logged, or all / none. */
  readonly dataEvents?: readonly string[] | 'all' | 'none';
  /** `--regions`: the regions the logs cover, or all. */
  readonly regions?: readonly string[] | 'all';
  /** The configuration of each trail that delivered the logs (get-trail + get-event-selectors). */
  readonly trails?: readonly TrailConfigJson[];
  /** CloudTrail eventSource → IAM prefix, for excluded or selected event sources. */
  readonly prefixOf?: (eventSource: string) => string;
}

export interface EvidenceStats {
  readonly window: { readonly from: string | null; readonly to: string | null };
  readonly days: number;
  readonly events: number;
  readonly regions: readonly string[];
  /** IAM prefixes for which the evidence holds data events. */
  readonly dataEventServices: readonly string[];
}

/** The evidence-side facts of a usage report, with data-event sources turned into IAM prefixes. */
export function evidenceStats(
  stats: {
    window: EvidenceStats['window'];
    days: number;
    events: number;
    regions: readonly string[];
    dataEventSources: readonly string[];
  },
  prefixOf: (eventSource: string) => string,
): EvidenceStats {
  return {
    window: stats.window,
    days: stats.days,
    events: stats.events,
    regions: stats.regions,
    dataEventServices: [...new Set(stats.dataEventSources.map(prefixOf))].sort(),
  };
}

export function workOutCoverage(stats: EvidenceStats, options: CoverageOptions = {}): InputCoverage {
  const notes: string[] = [];
  const dataEvents = new Map<string, ReadWrite>();
  // Callers pass the catalog's rule; without it, the same rule knowing no exceptions.
  const prefixOf = options.prefixOf ?? ((s: string) => eventSourcePrefix(s, {}));
  if (stats.dataEventServices.length)
    notes.push(
      `data events seen in the evidence for: ${stats.dataEventServices.join(', ')} (events seen never prove which resources are logged: the trail's selectors do)`,
    );
  let allDataEvents = false;
  if (options.dataEvents === 'all') {
    allDataEvents = true;
    notes.push('--data-events all: every data event is taken to be logged');
  } else if (options.dataEvents === 'none') {
    notes.push('--data-events none: no data events are logged');
  } else if (options.dataEvents) {
    for (const s of options.dataEvents) dataEvents.set(s, 'All');
    notes.push(`--data-events: data events logged for every resource of ${options.dataEvents.join(', ')}`);
  }
  const trails = (options.trails ?? []).map(trailCoverage);
  const dataRules = options.dataEvents === 'none' ? [] : trails.flatMap((t) => t.dataRules);
  for (const t of trails) {
    const name = `trail ${t.name ?? '(unnamed)'}`;
    if (t.dataRules.length)
      notes.push(`${name} logs data events for ${[...new Set(t.dataRules.map((r) => r.label))].join(', ')}`);
    else notes.push(`${name} logs no data events`);
    for (const i of t.ignoredSelectors) notes.push(`${name}: ${i}: not relied on`);
    if (!t.management.logged) notes.push(`${name} does not log management events`);
    else if (t.management.readWrite !== 'All')
      notes.push(`${name} logs only ${t.management.readWrite} management events`);
    if (t.management.excludedSources.length)
      notes.push(`${name} excludes management events from ${t.management.excludedSources.join(', ')}`);
    if (t.management.onlySources)
      notes.push(`${name} logs management events only from ${t.management.onlySources.join(', ')}`);
  }
  if (!trails.length && options.dataEvents === undefined)
    notes.push(
      'no trail configuration (--trail-config, --trail): data-event coverage is unknown, so no data-event permission is removed',
    );
  const management = combineManagement(trails, prefixOf);
  let regionsCovered: InputCoverage['regionsCovered'] = 'unknown';
  if (options.regions) {
    regionsCovered = options.regions;
    notes.push(
      `--regions: the logs cover ${options.regions === 'all' ? 'all regions' : options.regions.join(', ')}`,
    );
  } else if (trails.some((t) => t.multiRegion === true)) {
    regionsCovered = 'all';
    notes.push('a multi-region trail records every region');
  } else if (trails.length && trails.every((t) => t.multiRegion === false && t.homeRegion)) {
    regionsCovered = [...new Set(trails.map((t) => t.homeRegion as string))].sort();
    notes.push(`the trails record only their home regions ${regionsCovered.join(', ')}`);
  }
  return {
    window: stats.window,
    spanDays: calendarDays(stats.window),
    days: stats.days,
    events: stats.events,
    regions: stats.regions,
    regionsCovered,
    dataEvents,
    allDataEvents,
    dataRules,
    dataEventsSeen: stats.dataEventServices,
    selectorsUnknown: trails.length === 0,
    management,
    notes,
  };
}

/**
 * Management-event coverage of several trails together: a service is unlogged only when
 * every trail that logs management events leaves it out.
 */
function combineManagement(
  trails: readonly TrailCoverage[],
  prefixOf: (eventSource: string) => string,
): InputCoverage['management'] {
  const logging = trails.filter((t) => t.management.logged);
  if (trails.length === 0) return { logged: true, readWrite: 'All', excludedServices: new Set() };
  if (logging.length === 0) return { logged: false, readWrite: 'All', excludedServices: new Set() };
  const rws = new Set(logging.map((t) => t.management.readWrite));
  const readWrite: ReadWrite = rws.size === 1 ? (logging[0] as TrailCoverage).management.readWrite : 'All';
  const excludedBy = logging.map((t) => new Set(t.management.excludedSources.map(prefixOf)));
  const excludedServices = new Set(
    [...(excludedBy[0] ?? [])].filter((s) => excludedBy.every((set) => set.has(s))),
  );
  const onlySets = logging.map((t) => t.management.onlySources);
  const onlyServices = onlySets.every((o) => o !== undefined)
    ? new Set(onlySets.flatMap((o) => (o ?? []).map(prefixOf)))
    : undefined;
  return { logged: true, readWrite, excludedServices, ...(onlyServices ? { onlyServices } : {}) };
}

/** Calendar days from the first event's UTC date to the last one's, both counted (1–30 Sep: 30). */
export function calendarDays(window: { from: string | null; to: string | null }): number {
  const day = (iso: string | null): number => (iso ? Math.floor(Date.parse(iso) / 86_400_000) : NaN);
  const from = day(window.from);
  const to = day(window.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return 0;
  return to - from + 1;
}

import type { ReadWrite, TrailConfigJson, TrailCoverage } from './trail-config.js';

/**
 * What the evidence can and cannot show, worked out from the evidence itself, the user's
 * flags, and the trail's configuration. Every report shows it, and tightening consults it
 * before calling anything unused.
 */
export interface InputCoverage {
  readonly window: { readonly from: string | null; readonly to: string | null };
  /** Whole days between the first and the last event. */
  readonly spanDays: number;
  readonly days: number;
  readonly events: number;
  /** Regions that appear in the evidence. */
  readonly regions: readonly string[];
  /** Regions the logs are known to cover: from --regions or the trail, else unknown. */
  readonly regionsCovered: 'all' | 'unknown' | readonly string[];
  /** IAM prefixes whose data events are logged, with the read/write filter. */
  readonly dataEvents: ReadonlyMap<string, ReadWrite>;
  /** True when every data event is logged (--data-events all). */
  readonly allDataEvents: boolean;
  readonly management: {
    readonly logged: boolean;
    readonly readWrite: ReadWrite;
    readonly excludedServices: ReadonlySet<string>;
  };
  /** One line per fact, for reports: what is covered and where that knowledge came from. */
  readonly notes: readonly string[];
}

export interface CoverageOptions {
  /** `--data-events`: services whose data events the user says are logged, or all / none. */
  readonly dataEvents?: readonly string[] | 'all' | 'none';
  /** `--regions`: the regions the logs cover, or all. */
  readonly regions?: readonly string[] | 'all';
  readonly trail?: TrailCoverage;
  /** The trails that deliver to the scanned bucket, one per trail (found live). */
  readonly trails?: readonly TrailConfigJson[];
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

// The CloudFormation service names that differ from the IAM prefix (lower-cased).
const DATA_TYPE_PREFIX: Readonly<Record<string, string>> = {
  stepfunctions: 'states',
  s3objectlambda: 's3-object-lambda',
  s3outposts: 's3-outposts',
  kinesisfirehose: 'firehose',
};

/** Data-event resource type (`AWS::S3::Object`) → IAM prefix. */
function serviceOfDataType(type: string): string {
  const m = /^AWS::([A-Za-z0-9]+)::/.exec(type);
  const name = (m?.[1] ?? '').toLowerCase();
  return DATA_TYPE_PREFIX[name] ?? name;
}

export function workOutCoverage(stats: EvidenceStats, options: CoverageOptions = {}): InputCoverage {
  const notes: string[] = [];
  const dataEvents = new Map<string, ReadWrite>();
  for (const s of stats.dataEventServices) dataEvents.set(s, 'All');
  if (stats.dataEventServices.length)
    notes.push(`data events seen in the evidence for: ${stats.dataEventServices.join(', ')}`);
  let allDataEvents = false;
  if (options.dataEvents === 'all') {
    allDataEvents = true;
    notes.push('--data-events all: every data event is taken to be logged');
  } else if (options.dataEvents === 'none') {
    if (stats.dataEventServices.length)
      notes.push('--data-events none, but the evidence itself holds data events for the services above');
    else notes.push('--data-events none: no data events are logged');
  } else if (options.dataEvents) {
    for (const s of options.dataEvents) dataEvents.set(s, 'All');
    notes.push(`--data-events: data events logged for ${options.dataEvents.join(', ')}`);
  }
  const trail = options.trail;
  let management = { logged: true, readWrite: 'All' as ReadWrite, excludedServices: new Set<string>() };
  if (trail) {
    for (const [type, rw] of trail.dataTypes) {
      const service = serviceOfDataType(type);
      if (!dataEvents.has(service) || options.dataEvents === undefined)
        dataEvents.set(service, rw === 'All' ? 'All' : dataEvents.get(service) === 'All' ? 'All' : rw);
    }
    if (trail.dataTypes.size)
      notes.push(
        `trail ${trail.name ?? ''} logs data events for ${[...trail.dataTypes].map(([t, rw]) => `${t}${rw !== 'All' ? ` (${rw})` : ''}`).join(', ')}`,
      );
    if (trail.partialDataTypes.length)
      notes.push(`trail logs only some data events for ${trail.partialDataTypes.join(', ')}: not relied on`);
    management = {
      logged: trail.management.logged,
      readWrite: trail.management.readWrite,
      excludedServices: new Set(
        trail.management.excludedSources.map((s) =>
          s === 'rdsdata.amazonaws.com' ? 'rds-data' : s.slice(0, s.indexOf('.')),
        ),
      ),
    };
    if (!trail.management.logged) notes.push('trail does not log management events');
    else if (trail.management.readWrite !== 'All')
      notes.push(`trail logs only ${trail.management.readWrite} management events`);
    if (trail.management.excludedSources.length)
      notes.push(`trail excludes management events from ${trail.management.excludedSources.join(', ')}`);
  }
  let regionsCovered: InputCoverage['regionsCovered'] = 'unknown';
  if (options.regions) {
    regionsCovered = options.regions;
    notes.push(
      `--regions: the logs cover ${options.regions === 'all' ? 'all regions' : options.regions.join(', ')}`,
    );
  } else if (trail?.multiRegion === true) {
    regionsCovered = 'all';
    notes.push('trail is multi-region');
  } else if (trail?.multiRegion === false && trail.homeRegion) {
    regionsCovered = [trail.homeRegion];
    notes.push(`trail records only its home region ${trail.homeRegion}`);
  }
  const fromMs = stats.window.from ? Date.parse(stats.window.from) : NaN;
  const toMs = stats.window.to ? Date.parse(stats.window.to) : NaN;
  const spanDays = Number.isNaN(fromMs) || Number.isNaN(toMs) ? 0 : Math.floor((toMs - fromMs) / 86_400_000);
  return {
    window: stats.window,
    spanDays,
    days: stats.days,
    events: stats.events,
    regions: stats.regions,
    regionsCovered,
    dataEvents,
    allDataEvents,
    management,
    notes,
  };
}

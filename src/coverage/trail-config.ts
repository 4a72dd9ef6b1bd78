import type { DataEventRule, ReadWrite, StringFilter } from './data-event-selectors.js';

export type { ReadWrite } from './data-event-selectors.js';

/**
 * What a trail is set up to record, from the JSON the AWS CLI prints for `get-trail`,
 * `get-event-selectors` (basic or advanced selectors) — in one file or several, merged.
 * Boundary types keep AWS casing.
 */
export interface TrailConfigJson {
  Trail?: { Name?: string; IsMultiRegionTrail?: boolean; HomeRegion?: string; TrailARN?: string };
  TrailARN?: string;
  EventSelectors?: {
    ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
    IncludeManagementEvents?: boolean;
    DataResources?: { Type?: string; Values?: string[] }[];
    ExcludeManagementEventSources?: string[];
  }[];
  AdvancedEventSelectors?: {
    Name?: string;
    FieldSelectors?: FieldSelectorJson[];
  }[];
}

export interface FieldSelectorJson {
  Field?: string;
  Equals?: string[];
  NotEquals?: string[];
  StartsWith?: string[];
  NotStartsWith?: string[];
  EndsWith?: string[];
  NotEndsWith?: string[];
}

/** What one trail's selectors mean for observability. */
export interface TrailCoverage {
  readonly name: string | undefined;
  readonly multiRegion: boolean | undefined;
  readonly homeRegion: string | undefined;
  readonly management: {
    readonly logged: boolean;
    readonly readWrite: ReadWrite;
    readonly excludedSources: readonly string[];
    /** When set, only these event sources' management events are logged. */
    readonly onlySources?: readonly string[];
  };
  /** Data-event selectors, one rule each, with their resource, event-name and source filters. */
  readonly dataRules: readonly DataEventRule[];
  /** Selectors filtering on fields iamtrim cannot judge (user identity, error code, ...): not relied on. */
  readonly ignoredSelectors: readonly string[];
}

// Advanced-selector fields a data-event rule understands; any other field limits the
// selector in a way iamtrim cannot judge, so such a selector is not relied on.
const UNDERSTOOD = new Set([
  'eventCategory',
  'readOnly',
  'resources.type',
  'resources.ARN',
  'eventName',
  'eventSource',
]);

/**
 * Interprets one trail's basic or advanced event selectors. Anything it cannot be sure of
 * counts as not logged, which only ever keeps permissions.
 */
export function trailCoverage(config: TrailConfigJson): TrailCoverage {
  let managementLogged = false;
  let readWrite: ReadWrite | undefined;
  const excluded = new Set<string>();
  let only: Set<string> | undefined;
  let allSources = false;
  const rules: DataEventRule[] = [];
  const ignored: string[] = [];
  const name = config.Trail?.Name ?? arnName(config.Trail?.TrailARN ?? config.TrailARN);
  const widen = (a: ReadWrite | undefined, b: ReadWrite): ReadWrite =>
    a === undefined ? b : a === b ? a : 'All';

  const hasSelectors =
    (config.EventSelectors?.length ?? 0) > 0 || (config.AdvancedEventSelectors?.length ?? 0) > 0;
  if (!hasSelectors) {
    // A trail without custom selectors logs all management events, read and write.
    managementLogged = true;
    readWrite = 'All';
    allSources = true;
  }
  for (const sel of config.EventSelectors ?? []) {
    const rw = sel.ReadWriteType ?? 'All';
    if (sel.IncludeManagementEvents !== false) {
      managementLogged = true;
      readWrite = widen(readWrite, rw);
      allSources = true;
      for (const s of sel.ExcludeManagementEventSources ?? []) excluded.add(s);
    }
    for (const dr of sel.DataResources ?? []) {
      if (!dr.Type) continue;
      const values = (dr.Values ?? []).filter((v) => typeof v === 'string');
      // "arn:aws:s3" (or the bare service ARN prefix) selects every resource of the type.
      const all =
        values.length === 0 ||
        values.some((v) => /^arn:[^:]+:[^:]+:*$/.test(v) || /^arn:[^:]+:s3:::?$/.test(v));
      rules.push({
        trail: name,
        resourceType: dr.Type,
        readWrite: rw,
        ...(all ? {} : { arn: { startsWith: values } }),
        label: `${dr.Type}${all ? '' : ` starting with ${values.join(', ')}`}${rw !== 'All' ? ` (${rw})` : ''}`,
      });
    }
  }
  for (const sel of config.AdvancedEventSelectors ?? []) {
    const fields = (sel.FieldSelectors ?? []).filter((f) => typeof f.Field === 'string');
    const get = (field: string) => fields.find((f) => f.Field === field);
    const category = get('eventCategory')?.Equals ?? [];
    const ro = get('readOnly')?.Equals ?? [];
    const rw: ReadWrite =
      ro.length === 1 ? (ro[0] === 'true' ? 'ReadOnly' : ro[0] === 'false' ? 'WriteOnly' : 'All') : 'All';
    const source = filterOf(get('eventSource'));
    if (category.includes('Management')) {
      const limited = fields.some(
        (f) => !['eventCategory', 'readOnly', 'eventSource'].includes(f.Field ?? ''),
      );
      if (limited) {
        ignored.push(`management selector ${sel.Name ?? ''} filters on ${fieldNames(fields)}`.trim());
        continue;
      }
      managementLogged = true;
      readWrite = widen(readWrite, rw);
      for (const s of source?.notEquals ?? []) excluded.add(s);
      if (source?.equals) {
        only ??= new Set();
        for (const s of source.equals) only.add(s);
      } else allSources = true;
    } else if (category.includes('Data')) {
      const unknown = fields.filter((f) => !UNDERSTOOD.has(f.Field ?? ''));
      if (unknown.length) {
        ignored.push(`data selector ${sel.Name ?? ''} filters on ${fieldNames(unknown)}`.replace('  ', ' '));
        continue;
      }
      const arn = filterOf(get('resources.ARN'));
      const eventName = filterOf(get('eventName'));
      for (const type of get('resources.type')?.Equals ?? []) {
        rules.push({
          trail: name,
          resourceType: type,
          readWrite: rw,
          ...(arn ? { arn } : {}),
          ...(eventName ? { eventName } : {}),
          ...(source ? { eventSource: source } : {}),
          label: `${type}${arn ? ' (some ARNs)' : ''}${eventName ? ' (some events)' : ''}${rw !== 'All' ? ` (${rw})` : ''}`,
        });
      }
    }
  }
  return {
    name,
    multiRegion: config.Trail?.IsMultiRegionTrail,
    homeRegion: config.Trail?.HomeRegion,
    management: {
      logged: managementLogged,
      readWrite: readWrite ?? 'All',
      excludedSources: [...excluded].sort(),
      ...(only && !allSources ? { onlySources: [...only].sort() } : {}),
    },
    dataRules: rules,
    ignoredSelectors: ignored,
  };
}

function filterOf(f: FieldSelectorJson | undefined): StringFilter | undefined {
  if (!f) return undefined;
  const list = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  const out: Record<string, string[]> = {};
  const put = (key: string, v: unknown): void => {
    const l = list(v);
    if (l) out[key] = l;
  };
  put('equals', f.Equals);
  put('startsWith', f.StartsWith);
  put('endsWith', f.EndsWith);
  put('notEquals', f.NotEquals);
  put('notStartsWith', f.NotStartsWith);
  put('notEndsWith', f.NotEndsWith);
  return out as StringFilter;
}

function fieldNames(fields: readonly FieldSelectorJson[]): string {
  return [...new Set(fields.map((f) => f.Field ?? '?'))].join(', ');
}

function arnName(arn: string | undefined): string | undefined {
  return arn?.slice(arn.lastIndexOf('/') + 1) || undefined;
}

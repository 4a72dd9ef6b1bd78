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
    FieldSelectors?: {
      Field?: string;
      Equals?: string[];
      NotEquals?: string[];
      StartsWith?: string[];
      NotStartsWith?: string[];
      EndsWith?: string[];
      NotEndsWith?: string[];
    }[];
  }[];
}

export type ReadWrite = 'All' | 'ReadOnly' | 'WriteOnly';

/** What the selectors mean for observability. */
export interface TrailCoverage {
  readonly name: string | undefined;
  readonly multiRegion: boolean | undefined;
  readonly homeRegion: string | undefined;
  readonly management: {
    readonly logged: boolean;
    readonly readWrite: ReadWrite;
    readonly excludedSources: readonly string[];
  };
  /** Data-event resource types logged in full, with the read/write filter. */
  readonly dataTypes: ReadonlyMap<string, ReadWrite>;
  /** Data-event resource types logged only for some resources or events: not relied on. */
  readonly partialDataTypes: readonly string[];
}

/**
 * Interprets basic or advanced event selectors. Anything it cannot be sure of counts as
 * not logged, which only ever keeps permissions.
 */
export function trailCoverage(config: TrailConfigJson): TrailCoverage {
  let managementLogged = false;
  let readWrite: ReadWrite | undefined;
  const excluded = new Set<string>();
  const dataTypes = new Map<string, ReadWrite>();
  const partial = new Set<string>();
  const widen = (a: ReadWrite | undefined, b: ReadWrite): ReadWrite =>
    a === undefined ? b : a === b ? a : 'All';

  const hasSelectors =
    (config.EventSelectors?.length ?? 0) > 0 || (config.AdvancedEventSelectors?.length ?? 0) > 0;
  if (!hasSelectors) {
    // A trail without custom selectors logs all management events, read and write.
    managementLogged = true;
    readWrite = 'All';
  }
  for (const sel of config.EventSelectors ?? []) {
    const rw = sel.ReadWriteType ?? 'All';
    if (sel.IncludeManagementEvents !== false) {
      managementLogged = true;
      readWrite = widen(readWrite, rw);
      for (const s of sel.ExcludeManagementEventSources ?? []) excluded.add(s);
    }
    for (const dr of sel.DataResources ?? []) {
      if (!dr.Type) continue;
      const values = dr.Values ?? [];
      // "arn:aws:s3" (or the bare service ARN prefix) selects every resource of the type.
      const all =
        values.length === 0 ||
        values.some((v) => /^arn:[^:]+:[^:]+(:+)?$/.test(v) || /^arn:[^:]+:s3:::?$/.test(v));
      if (all) dataTypes.set(dr.Type, widen(dataTypes.get(dr.Type), rw));
      else partial.add(dr.Type);
    }
  }
  for (const sel of config.AdvancedEventSelectors ?? []) {
    const fields = sel.FieldSelectors ?? [];
    const get = (name: string) => fields.find((f) => f.Field === name);
    const category = get('eventCategory')?.Equals?.[0];
    const ro = get('readOnly')?.Equals?.[0];
    const rw: ReadWrite = ro === 'true' ? 'ReadOnly' : ro === 'false' ? 'WriteOnly' : 'All';
    const narrowing = fields.some(
      (f) => !['eventCategory', 'readOnly', 'resources.type', 'eventSource'].includes(f.Field ?? ''),
    );
    if (category === 'Management') {
      managementLogged = true;
      readWrite = widen(readWrite, rw);
      for (const s of get('eventSource')?.NotEquals ?? []) excluded.add(s);
    } else if (category === 'Data') {
      for (const type of get('resources.type')?.Equals ?? []) {
        if (narrowing || get('eventSource')?.NotEquals) partial.add(type);
        else dataTypes.set(type, widen(dataTypes.get(type), rw));
      }
    }
  }
  for (const t of dataTypes.keys()) partial.delete(t);
  return {
    name: config.Trail?.Name,
    multiRegion: config.Trail?.IsMultiRegionTrail,
    homeRegion: config.Trail?.HomeRegion,
    management: {
      logged: managementLogged,
      readWrite: readWrite ?? 'All',
      excludedSources: [...excluded].sort(),
    },
    dataTypes,
    partialDataTypes: [...partial].sort(),
  };
}

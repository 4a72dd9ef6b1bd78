/** One field condition of a CloudTrail advanced event selector, as the API spells it. */
export interface FieldSelectorJson {
  readonly Field: string;
  readonly Equals?: readonly string[];
  readonly StartsWith?: readonly string[];
}

/** A CloudTrail advanced event selector (`put-event-selectors --advanced-event-selectors`). */
export interface AdvancedEventSelectorJson {
  readonly Name: string;
  readonly FieldSelectors: readonly FieldSelectorJson[];
}

/**
 * The advanced event selector that logs the data events of one resource type: for the
 * resources named (ARN prefixes, taken up to their first wildcard), or for every resource of
 * the type when one of them is `*` or has no usable prefix. `readOnly`, when given, limits it
 * to reads or writes as the hint asks.
 */
export function buildDataEventSelector(hint: {
  readonly resourceType: string;
  readonly service: string;
  readonly resources: readonly string[];
  readonly readOnly?: boolean;
}): AdvancedEventSelectorJson {
  const prefixes = arnPrefixes(hint.resourceType, hint.resources);
  const fields: FieldSelectorJson[] = [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: [hint.resourceType] },
  ];
  if (prefixes) fields.push({ Field: 'resources.ARN', StartsWith: prefixes });
  if (hint.readOnly !== undefined) fields.push({ Field: 'readOnly', Equals: [String(hint.readOnly)] });
  return { Name: `iamtrim: ${hint.service} data events (${hint.resourceType})`, FieldSelectors: fields };
}

/** ARN prefixes for `resources.ARN StartsWith`, or undefined when the selector must cover all. */
function arnPrefixes(resourceType: string, resources: readonly string[]): string[] | undefined {
  const out = new Set<string>();
  for (const r of resources) {
    const cut = r.search(/[*?$]/);
    let prefix = cut < 0 ? r : r.slice(0, cut);
    // An ARN prefix shorter than the resource part covers every resource: no filter at all.
    const parts = prefix.split(':');
    if (parts.length < 6 || parts.slice(5).join(':') === '') return undefined;
    // Objects of a bucket named alone: the bucket's objects, not every bucket sharing its prefix.
    if (resourceType === 'AWS::S3::Object' && cut < 0 && !prefix.includes('/')) prefix += '/';
    out.add(prefix);
  }
  return out.size ? [...out].sort() : undefined;
}

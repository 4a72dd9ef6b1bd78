import { matchPattern } from '../policy/wildcard.js';

/** Which calls a selector logs: reads, writes, or both (CloudTrail's ReadWriteType). */
export type ReadWrite = 'All' | 'ReadOnly' | 'WriteOnly';

/** One field condition of an advanced event selector (AWS casing kept out: lists of strings). */
export interface StringFilter {
  readonly equals?: readonly string[];
  readonly startsWith?: readonly string[];
  readonly endsWith?: readonly string[];
  readonly notEquals?: readonly string[];
  readonly notStartsWith?: readonly string[];
  readonly notEndsWith?: readonly string[];
}

/**
 * One data-event selector of one trail, in a common shape for basic `DataResources`
 * and advanced selectors: the resource type it logs, its read/write filter, and the
 * filters on the resource ARN, event name and event source. A missing filter means any.
 */
export interface DataEventRule {
  readonly trail: string | undefined;
  readonly resourceType: string;
  readonly readWrite: ReadWrite;
  readonly arn?: StringFilter;
  readonly eventName?: StringFilter;
  readonly eventSource?: StringFilter;
  /** How the selector reads in a report. */
  readonly label: string;
}

/** What one removal (or narrowing) would need the trail to have recorded. */
export interface DataEventQuery {
  readonly resourceType: string;
  /** The grant's resource patterns for this action (`*` for any). Every one must be covered. */
  readonly resources: readonly string[];
  readonly read: boolean;
  /** Every event name whose call needs the action; undefined when not known. */
  readonly eventNames: readonly string[] | undefined;
  /** Does this CloudTrail eventSource belong to the action's service? */
  readonly isOwnSource: (eventSource: string) => boolean;
}

/**
 * The selector that guarantees every call the query describes would have been logged, or
 * undefined. Conservative throughout: a filter that might let one matching call through
 * unlogged does not cover, and coverage is never pieced together from several selectors.
 */
export function coveringRule(rules: readonly DataEventRule[], q: DataEventQuery): DataEventRule | undefined {
  return rules.find(
    (r) =>
      r.resourceType === q.resourceType &&
      readWriteCovers(r.readWrite, q.read) &&
      q.resources.every((p) => r.arn === undefined || patternAlwaysPasses(p, r.arn)) &&
      eventNamesPass(r.eventName, q.eventNames) &&
      eventSourcePasses(r.eventSource, q.isOwnSource),
  );
}

function readWriteCovers(rw: ReadWrite, read: boolean): boolean {
  return rw === 'All' || (rw === 'ReadOnly' ? read : !read);
}

function eventNamesPass(filter: StringFilter | undefined, names: readonly string[] | undefined): boolean {
  if (!filter) return true;
  // Without the list of calls that need the action, a filtered selector proves nothing.
  if (!names || names.length === 0) return false;
  return names.every((n) => patternAlwaysPasses(n, filter));
}

function eventSourcePasses(filter: StringFilter | undefined, isOwn: (s: string) => boolean): boolean {
  if (!filter) return true;
  if (filter.equals && !filter.equals.some(isOwn)) return false;
  if (filter.notEquals?.some(isOwn)) return false;
  // Prefix and suffix filters on event sources are too rare to reason about: not relied on.
  return !(
    filter.startsWith ||
    filter.endsWith ||
    filter.notStartsWith?.length ||
    filter.notEndsWith?.length
  );
}

/**
 * Does every string the IAM pattern `p` matches pass the filter? Each kind of condition
 * is ORed within itself and the kinds are ANDed, as CloudTrail does.
 */
export function patternAlwaysPasses(p: string, f: StringFilter): boolean {
  // Policy variables (`${aws:username}`) stand for any text, like `*`.
  const wild = /[*?]|\$\{/.test(p);
  const first = p.search(/[*?]|\$\{/);
  const literalPrefix = first < 0 ? p : p.slice(0, first);
  const last = Math.max(p.lastIndexOf('*'), p.lastIndexOf('?'), p.lastIndexOf('}'));
  const literalSuffix = last < 0 ? p : p.slice(last + 1);
  if (f.equals && !(!wild && f.equals.includes(p))) return false;
  if (f.startsWith && !f.startsWith.some((s) => literalPrefix.startsWith(s))) return false;
  if (f.endsWith && !f.endsWith.some((s) => literalSuffix.endsWith(s))) return false;
  if (f.notEquals?.some((x) => matchPattern(p, x, false) !== 'no')) return false;
  for (const s of f.notStartsWith ?? []) {
    // Only safe when no matching string can begin with s: the literal prefix rules it out.
    const compatible = literalPrefix.startsWith(s) || (wild ? s.startsWith(literalPrefix) : p.startsWith(s));
    if (compatible) return false;
  }
  for (const s of f.notEndsWith ?? []) {
    const compatible = wild ? literalSuffix.endsWith(s) || s.endsWith(literalSuffix) : p.endsWith(s);
    if (compatible) return false;
  }
  return true;
}

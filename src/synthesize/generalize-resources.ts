import type { ActionCatalog } from '../catalog/action-catalog.js';
import { patternSubsumes } from '../policy/wildcard.js';
import { ephemeralIdPattern } from './ephemeral-id-pattern.js';
import { generalizeS3Keys } from './s3-key-pattern.js';

export interface GeneralizeOptions {
  /**
   * More distinct S3 objects (outside date partitions) than this in one bucket collapse to
   * their common key prefix, cut back to a `/`, followed by `*`; more Secrets Manager ARNs
   * than this lose their random suffix (`name-??????`). Default 5.
   */
  readonly threshold: number;
}

export const defaultGeneralizeOptions: GeneralizeOptions = { threshold: 5 };

/** A resource pattern to grant, and the used resources it stands for. */
export interface ResourceGrant {
  readonly pattern: string;
  readonly covers: readonly string[];
}

const S3_OBJECT = /^(arn:[^:]+:s3:::[^/]+\/)(.*)$/;
const LOG_STREAM = /^(arn:[^:]+:logs:[^:]+:[^:]+:log-group:.+:log-stream:)(.*)$/;
const SECRET = /^(arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:.+)-([A-Za-z0-9]{6}|\?{6})$/;

/**
 * Turns the list of used resources into patterns to grant, the way the resources live:
 * IDs made per run (EC2 snapshots, stack IDs, executions) become their type's wildcard,
 * log streams their group's streams, S3 keys under a date partition `*` at the partition,
 * many other S3 keys of one bucket their common directory plus `*`, and many secret ARNs
 * `name-??????`; any entry another entry already covers is dropped. Each pattern
 * remembers what it covers so a caller can fall back to the concrete list.
 *
 * `catalog`, when given, supplies the ARN formats of the short-lived types.
 */
export function generalizeResources(
  resources: readonly string[],
  options: GeneralizeOptions = defaultGeneralizeOptions,
  catalog?: ActionCatalog,
): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  const byBucket = new Map<string, string[]>();
  const secrets: string[] = [];
  for (const r of resources) {
    // Log streams are made per execution environment and never reused: naming them one by
    // one would break the next cold start, so they always become the group's streams.
    const stream = LOG_STREAM.exec(r);
    if (stream) {
      grants.push({ pattern: `${stream[1]}*`, covers: [r] });
      continue;
    }
    // The next run makes a new ID, so the IDs seen so far are no use to it: even one
    // becomes the type's wildcard.
    const ephemeral = ephemeralIdPattern(r, catalog);
    if (ephemeral !== undefined) {
      grants.push({ pattern: ephemeral, covers: [r] });
      continue;
    }
    const obj = S3_OBJECT.exec(r);
    // A bucket part with a wildcard character is no bucket name (log fields are
    // attacker-controlled): never build a pattern on it.
    if (obj && !/[*?$]/.test(obj[1] as string)) {
      const list = byBucket.get(obj[1] as string) ?? [];
      list.push(r);
      byBucket.set(obj[1] as string, list);
    } else if (SECRET.test(r)) secrets.push(r);
    else grants.push({ pattern: r, covers: [r] });
  }
  for (const [bucketPrefix, objects] of byBucket) {
    const keys = objects.map((o) => o.slice(bucketPrefix.length));
    for (const g of generalizeS3Keys(keys, options.threshold))
      grants.push({
        pattern: `${bucketPrefix}${g.pattern}`,
        covers: g.covers.map((k) => `${bucketPrefix}${k}`),
      });
  }
  if (secrets.length > options.threshold) {
    const byName = new Map<string, string[]>();
    for (const s of secrets) {
      const name = (SECRET.exec(s) as RegExpExecArray)[1] as string;
      byName.set(name, [...(byName.get(name) ?? []), s]);
    }
    for (const [name, list] of byName) grants.push({ pattern: `${name}-??????`, covers: list });
  } else for (const s of secrets) grants.push({ pattern: s, covers: [s] });
  return dropCovered(grants);
}

/** Removes grants whose pattern another grant's pattern already covers (keeping what they cover). */
function dropCovered(grants: readonly ResourceGrant[]): ResourceGrant[] {
  const sorted = [...grants].sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
  const kept: { pattern: string; covers: string[] }[] = [];
  for (const grant of sorted) {
    let g = grant;
    const same = kept.find((k) => k.pattern === g.pattern);
    if (same) {
      same.covers.push(...g.covers);
      continue;
    }
    const wider = kept.find((k) => patternSubsumes(k.pattern, g.pattern, false));
    if (wider) {
      wider.covers.push(...g.covers);
      continue;
    }
    // This one may cover some already kept.
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i] as { pattern: string; covers: string[] };
      if (patternSubsumes(g.pattern, k.pattern, false)) {
        kept.splice(i, 1);
        g = { pattern: g.pattern, covers: [...g.covers, ...k.covers] };
      }
    }
    kept.push({ pattern: g.pattern, covers: [...g.covers] });
  }
  return kept.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
}

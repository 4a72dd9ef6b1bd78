import { patternSubsumes } from '../policy/wildcard.js';

export interface GeneralizeOptions {
  /**
   * More distinct S3 objects than this in one bucket collapse to their longest common
   * key prefix followed by `*`; more Secrets Manager ARNs than this lose their random
   * suffix (`name-??????`). Default 5.
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
 * Turns the list of used resources into patterns to grant: many S3 keys of one bucket
 * become `bucket/<common prefix>*`, many secret ARNs become `name-??????`, and any
 * entry another entry already covers is dropped. Each pattern remembers what it covers
 * so a caller can fall back to the concrete list.
 */
export function generalizeResources(
  resources: readonly string[],
  options: GeneralizeOptions = defaultGeneralizeOptions,
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
    const obj = S3_OBJECT.exec(r);
    if (obj) {
      const list = byBucket.get(obj[1] as string) ?? [];
      list.push(r);
      byBucket.set(obj[1] as string, list);
    } else if (SECRET.test(r)) secrets.push(r);
    else grants.push({ pattern: r, covers: [r] });
  }
  for (const [bucketPrefix, objects] of byBucket) {
    if (objects.length > options.threshold) {
      const keys = objects.map((o) => o.slice(bucketPrefix.length));
      grants.push({ pattern: `${bucketPrefix}${literalPrefix(commonPrefix(keys))}*`, covers: objects });
    } else for (const o of objects) grants.push({ pattern: o, covers: [o] });
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

function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const v of values) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix[i] === v[i]) i++;
    prefix = prefix.slice(0, i);
    if (!prefix) break;
  }
  return prefix;
}

// A key prefix may itself contain IAM wildcard characters; cut before the first so the
// pattern never means more than the prefix.
function literalPrefix(prefix: string): string {
  const cut = prefix.search(/[*?$]/);
  return cut < 0 ? prefix : prefix.slice(0, cut);
}

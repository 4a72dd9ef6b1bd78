import { UsageError } from '../errors/iamtrim-error.js';

/**
 * Where a trail keeps its files in S3, as pure functions over keys:
 *
 *   <prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
 *   <prefix>/AWSLogs/<o-org>/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz   (organization trail)
 *
 * The reader (`s3-trail-source.ts`) does the listing; this file only says what to list.
 */

/** A parsed `s3://bucket/prefix` location. `prefix` has no leading or trailing slash. */
export interface S3TrailLocation {
  readonly bucket: string;
  readonly prefix: string;
}

// S3 bucket naming rules (lowercase, digits, dots, hyphens; 3..63; starts and ends alnum).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket` or `s3://bucket/prefix/`; throws a `UsageError` naming what is wrong. */
export function parseS3Url(url: string): S3TrailLocation {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(url.trim());
  if (!m) throw new UsageError(`--cloudtrail ${url}: expected s3://bucket[/prefix]`);
  const bucket = m[1] ?? '';
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new UsageError(`--cloudtrail ${url}: "${bucket}" is not a valid S3 bucket name`);
  }
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((p) => p === '..' || p === '.')) {
    throw new UsageError(`--cloudtrail ${url}: the prefix may not contain "." or ".." segments`);
  }
  if (/\/\//.test(prefix)) throw new UsageError(`--cloudtrail ${url}: the prefix has an empty segment`);
  return { bucket, prefix };
}

/** `<prefix>/AWSLogs/`, the level under which accounts (and organization ids) appear. */
export function awsLogsPrefix(prefix: string): string {
  return `${prefix ? `${prefix}/` : ''}AWSLogs/`;
}

/** One account's log root: `<prefix>/AWSLogs/[<org>/]<account>/CloudTrail/`. */
export function accountLogPrefix(prefix: string, account: string, organizationId?: string): string {
  return `${awsLogsPrefix(prefix)}${organizationId ? `${organizationId}/` : ''}${account}/CloudTrail/`;
}

export const ACCOUNT_ID = /^\d{12}$/;
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
// Two to four letters first: `us-gov-west-1`, `cn-north-1`, and the EU sovereign cloud's `eusc-de-east-1`.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

export function isRegionName(s: string): boolean {
  return REGION.test(s);
}

const DAY_MS = 86_400_000;

/**
 * How long after an event its file may still be delivered. AWS documents "about 5 minutes
 * on average" and does not guarantee 15; an hour is cheap to list and covers stragglers.
 */
export const DEFAULT_DELIVERY_LAG_MS = 60 * 60 * 1000;

/** The time window to read, epoch ms; `sinceMs` inclusive, `untilMs` exclusive. */
export interface TrailWindow {
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

/**
 * The UTC days whose folders can hold events from the window, as `YYYY/MM/DD/`.
 *
 * The date in a key is the day the file was *delivered*, and a file only holds events
 * that happened before its delivery. So an event at `since` is never in an earlier day's
 * folder (no day before `since` is needed: the per-event window filter drops the late
 * events of the previous day that land in `since`'s folder), but an event just before
 * `until` can be delivered after midnight: the last day is the one of `until + lag`.
 * Without `since` there is no lower bound, and the caller lists the region folder whole
 * (returns `undefined`).
 */
export function windowDays(
  window: TrailWindow,
  nowMs: number,
  lagMs: number = DEFAULT_DELIVERY_LAG_MS,
): string[] | undefined {
  if (window.sinceMs === undefined) return undefined;
  const last = Math.min(window.untilMs ?? nowMs, nowMs) - 1 + lagMs;
  const days: string[] = [];
  for (let d = Math.floor(window.sinceMs / DAY_MS); d <= Math.floor(last / DAY_MS); d++) {
    days.push(dayFolder(d));
  }
  return days;
}

function dayFolder(day: number): string {
  const iso = new Date(day * DAY_MS).toISOString(); // YYYY-MM-DDT...
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
}

/** One account's logs in one region: the folder to list days under. */
export interface TrailRoot {
  readonly account: string;
  readonly region: string;
  readonly organizationId?: string;
}

/**
 * The prefixes to list for a set of account/region roots and a window: one per day when
 * the window has a start, else the region folder itself. Sorted, without duplicates.
 */
export function listPrefixes(
  prefix: string,
  roots: readonly TrailRoot[],
  days: readonly string[] | undefined,
): string[] {
  const out = new Set<string>();
  for (const r of roots) {
    const base = `${accountLogPrefix(prefix, r.account, r.organizationId)}${r.region}/`;
    if (days === undefined) out.add(base);
    else for (const d of days) out.add(base + d);
  }
  return [...out].sort();
}

/** What a listed key is: a log file to read, or something to pass over and why. */
export type TrailKey =
  | {
      readonly kind: 'log';
      readonly account: string;
      readonly region: string;
      readonly organizationId?: string;
      /** `YYYY-MM-DD`, the delivery day from the folder. */
      readonly day: string;
    }
  | { readonly kind: 'skip'; readonly reason: string };

const KEY =
  /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/(CloudTrail[A-Za-z-]*)\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)$/;

/** Parses an object key back into account, region and day; digests and other files are skipped. */
export function parseTrailKey(key: string): TrailKey {
  if (key.endsWith('/')) return { kind: 'skip', reason: 'folder marker' };
  if (key.includes('CloudTrail-Digest'))
    return { kind: 'skip', reason: 'digest file (integrity validation), not events' };
  if (!key.endsWith('.json.gz')) return { kind: 'skip', reason: 'not a CloudTrail log file (.json.gz)' };
  const m = KEY.exec(key);
  if (!m)
    return {
      kind: 'skip',
      reason: 'not in the CloudTrail key layout (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/)',
    };
  const [, org, account, kind, region, y, mo, d] = m as unknown as string[];
  if (kind !== 'CloudTrail') return { kind: 'skip', reason: `${kind} file, not management or data events` };
  return {
    kind: 'log',
    account: account!,
    region: region!,
    day: `${y}-${mo}-${d}`,
    ...(org ? { organizationId: org } : {}),
  };
}

import { readFile, rm } from 'node:fs/promises';
import type { CloudTrailClient, LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import type { EventCatalog } from '../catalog/map-event.js';
import { AwsError, InputError, UsageError } from '../errors/iamtrim-error.js';
import { explainSdkError } from '../errors/explain-sdk-error.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { roleMatches } from '../normalize/principal.js';
import { POLICY_CHANGE_EVENT_NAMES } from '../model/policy-change.js';
import { addRecord, type AggregateOptions } from '../usage/add-record.js';
import { addRecordByDay } from '../usage/add-record-by-day.js';
import type { DayUsage } from '../usage/day-usage.js';
import { createUsageAccumulator, recordSkipped, type UsageAccumulator } from '../usage/usage-accumulator.js';
import {
  usageAccumulatorFromJson,
  usageAccumulatorToJson,
  type UsageAccumulatorJson,
} from '../usage/usage-accumulator-json.js';
import { createTokenBucketRegistry, type TokenBucket } from './token-bucket.js';
import { sdk } from '../sdk/require-sdk.js';

/** LookupEvents keeps this much history and no more. */
export const LOOKUP_EVENTS_RETENTION_MS = 90 * 86_400_000;

/** What LookupEvents can never show; stated on every result so no one mistakes silence for disuse. */
export const LOOKUP_EVENTS_LIMIT =
  'LookupEvents covers the last 90 days, management events only; data events such as ' +
  's3:GetObject and dynamodb:GetItem are never returned, so their absence proves nothing';

export interface LookupEventsProgress {
  readonly requests: number;
  readonly events: number;
  /** 1-based index of the query running (one per function in function mode). */
  readonly query: number;
  readonly queries: number;
}

export interface LookupEventsOptions {
  readonly client: CloudTrailClient;
  readonly region: string;
  /** Look up each function's session by Username (the session name of a Lambda role is the function name). */
  readonly functions?: readonly string[];
  /** Keep only events whose `sessionIssuer.arn` is one of these (ARNs or role names). */
  readonly roleArns?: readonly string[];
  /** Default: 90 days before `now`; earlier values are clamped to that. */
  readonly since?: Date;
  /** Default: `now`. */
  readonly until?: Date;
  /** Written after every page so an interrupted run can resume where it stopped. */
  readonly checkpointFile?: string;
  readonly aggregate: AggregateOptions;
  /** Default: the process-wide bucket for `account` and `region` (2 req/s, burst 2). */
  readonly bucket?: TokenBucket;
  /** Only keys the default bucket; default 'default'. */
  readonly account?: string;
  readonly now?: () => Date;
  readonly onProgress?: (p: LookupEventsProgress) => void;
  /** Retries of our own once the SDK's have given up on throttling. Default 3. */
  readonly throttleRetries?: number;
  /** Wait before our own retry number `n` (0-based). Default 5 s × 2^n. */
  readonly throttleBackoffMs?: (n: number) => number;
  /** Default: a real `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Maps events to actions. */
  readonly catalog: EventCatalog;
  /**
   * For drift: file each event under its UTC day here instead of in the result's `acc`
   * (which then stays empty). Cannot be combined with `checkpointFile`, whose resume state
   * is one accumulator; drift resumes from its own checkpoint instead.
   */
  readonly byDay?: DayUsage;
}

export interface LookupEventsResult {
  readonly acc: UsageAccumulator;
  /** LookupEvents requests that succeeded, over the whole (possibly resumed) run. */
  readonly requests: number;
  /** Events returned by CloudTrail, before issuer filtering. */
  readonly events: number;
  /** Events dropped because their session issuer is not one of `roleArns`. */
  readonly otherPrincipals: number;
  readonly window: { readonly start: Date; readonly end: Date };
  readonly limits: string[];
  readonly resumed: boolean;
}

interface Checkpoint {
  readonly version: 1;
  readonly mode: 'functions' | 'all';
  readonly key: string;
  readonly start: string;
  readonly end: string;
  readonly query: number;
  readonly nextToken: string | null;
  readonly requests: number;
  readonly eventsSeen: number;
  readonly otherPrincipals: number;
  readonly acc: UsageAccumulatorJson;
}

const sharedBuckets = createTokenBucketRegistry();
const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/**
 * Reads CloudTrail's LookupEvents into a usage accumulator. In function mode it asks for
 * each function's session by Username; otherwise it reads every event in the window and
 * keeps those whose session issuer is one of `roleArns` (a Username match alone could be
 * a human whose session is named like the function, so issuers are checked in both modes).
 * Every request waits on the token bucket. With `checkpointFile`, the query, the page
 * token and the partial accumulator are saved after each page, so a rerun with the same
 * query ends with exactly the usage an uninterrupted run would have.
 */
export async function lookupEventsUsage(options: LookupEventsOptions): Promise<LookupEventsResult> {
  const now = (options.now ?? (() => new Date()))();
  const sleep = options.sleep ?? realSleep;
  const bucket = options.bucket ?? sharedBuckets.bucketFor(options.account ?? 'default', options.region);
  const catalog = options.catalog;
  const functions = [...new Set(options.functions ?? [])].sort();
  const roleArns = [...new Set(options.roleArns ?? [])].sort();
  const mode = functions.length > 0 ? 'functions' : 'all';
  const queries: (string | undefined)[] = mode === 'functions' ? functions : [undefined];
  const file = `lookup-events:${options.region}`;
  const key = JSON.stringify({
    region: options.region,
    mode,
    functions,
    roleArns,
    since: options.since?.toISOString() ?? null,
    until: options.until?.toISOString() ?? null,
    aggregate: options.aggregate,
  });

  const limits = [LOOKUP_EVENTS_LIMIT];
  const oldest = new Date(now.getTime() - LOOKUP_EVENTS_RETENTION_MS);
  let start = options.since && options.since > oldest ? options.since : oldest;
  let end = options.until ?? now;
  if (end <= start) {
    // CloudTrail would answer InvalidTimeRangeException; say what is wrong in our terms.
    throw new UsageError(
      `LookupEvents window is empty: ${start.toISOString()} is not before ${end.toISOString()}` +
        ' (LookupEvents keeps only the last 90 days)',
    );
  }
  if (!options.since || options.since < oldest) {
    limits.push(
      `LookupEvents window starts at ${start.toISOString()}` +
        (options.since ? ` (asked for ${options.since.toISOString()}, older than 90 days)` : ''),
    );
  }

  if (options.byDay && options.checkpointFile)
    throw new UsageError('LookupEvents: a resume file cannot be used while reading by day');
  const byDay = options.byDay;
  let acc = createUsageAccumulator();
  // What has no day (records that cannot be read) goes where the caller looks for it.
  const undated = (): UsageAccumulator => byDay?.undated ?? acc;
  const capture = !!options.aggregate.capturePolicyChanges;
  let query = 0;
  let nextToken: string | undefined;
  let requests = 0;
  let events = 0;
  let otherPrincipals = 0;
  let resumed = false;
  const saved = options.checkpointFile ? await readCheckpoint(options.checkpointFile) : undefined;
  if (saved && saved.key === key) {
    // NextToken is only valid for the very same request, window included.
    start = new Date(saved.start);
    end = new Date(saved.end);
    acc = usageAccumulatorFromJson(saved.acc);
    query = saved.query;
    nextToken = saved.nextToken ?? undefined;
    requests = saved.requests;
    events = saved.eventsSeen;
    otherPrincipals = saved.otherPrincipals;
    resumed = true;
  }

  for (; query < queries.length; query++) {
    const username = queries[query];
    do {
      const input: LookupEventsCommandInput = {
        StartTime: start,
        EndTime: end,
        MaxResults: 50,
        ...(username ? { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: username }] } : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
      };
      const page = await send(options, bucket, sleep, input);
      requests++;
      for (const event of page.Events ?? []) {
        events++;
        if (typeof event.CloudTrailEvent !== 'string') {
          undated().stats.records++;
          recordSkipped(undated(), file, 'LookupEvents event without CloudTrailEvent', 1);
          continue;
        }
        let raw: unknown;
        try {
          raw = JSON.parse(event.CloudTrailEvent);
        } catch {
          undated().stats.records++;
          recordSkipped(undated(), file, 'CloudTrailEvent is not valid JSON', 1);
          continue;
        }
        // People change roles: their IAM calls pass (the aggregation's own role filter
        // still keeps them out of the usage) so drift can say who did it.
        if (roleArns.length > 0 && !issuedBy(raw, roleArns) && !(capture && isPolicyChange(raw))) {
          otherPrincipals++;
          continue;
        }
        if (byDay) addRecordByDay(byDay, raw, file, catalog, options.aggregate);
        else addRecord(acc, raw, file, catalog, options.aggregate);
      }
      nextToken = page.NextToken || undefined;
      if (options.checkpointFile) {
        // Once a query is done, the checkpoint points at the start of the next one.
        const done = !nextToken;
        await writeCheckpoint(options.checkpointFile, {
          version: 1,
          mode,
          key,
          start: start.toISOString(),
          end: end.toISOString(),
          query: done ? query + 1 : query,
          nextToken: nextToken ?? null,
          requests,
          eventsSeen: events,
          otherPrincipals,
          acc: usageAccumulatorToJson(acc),
        });
      }
      options.onProgress?.({ requests, events, query: query + 1, queries: queries.length });
    } while (nextToken);
  }
  if (options.checkpointFile) await rm(options.checkpointFile, { force: true });
  return { acc, requests, events, otherPrincipals, window: { start, end }, limits, resumed };
}

const POLICY_CHANGES = new Set(POLICY_CHANGE_EVENT_NAMES);

function isPolicyChange(raw: unknown): boolean {
  const r = raw as { eventSource?: unknown; eventName?: unknown } | null;
  return (
    r?.eventSource === 'iam.amazonaws.com' &&
    typeof r.eventName === 'string' &&
    POLICY_CHANGES.has(r.eventName)
  );
}

function issuedBy(raw: unknown, roleArns: readonly string[]): boolean {
  const issuer = (raw as { userIdentity?: { sessionContext?: { sessionIssuer?: { arn?: unknown } } } })
    ?.userIdentity?.sessionContext?.sessionIssuer?.arn;
  return typeof issuer === 'string' && roleArns.some((r) => roleMatches(r, issuer));
}

async function send(
  options: LookupEventsOptions,
  bucket: TokenBucket,
  sleep: (ms: number) => Promise<void>,
  input: LookupEventsCommandInput,
) {
  const { LookupEventsCommand } = sdk('@aws-sdk/client-cloudtrail');
  const retries = options.throttleRetries ?? 3;
  const backoff = options.throttleBackoffMs ?? ((n: number) => 5000 * 2 ** n);
  for (let attempt = 0; ; attempt++) {
    await bucket.take();
    try {
      return await options.client.send(new LookupEventsCommand(input));
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      if (THROTTLING.has(name) && attempt < retries) {
        // The SDK has already retried; the account is busy, so wait longer than it did.
        await sleep(backoff(attempt));
        continue;
      }
      const general = explainSdkError(e, `CloudTrail LookupEvents in ${options.region}`);
      if (general) throw new AwsError(general, { cause: e });
      const message = (e as Error).message ?? String(e);
      const hint =
        name === 'AccessDeniedException' || name === 'AccessDenied'
          ? ' (the caller needs cloudtrail:LookupEvents)'
          : '';
      throw new AwsError(
        `CloudTrail LookupEvents in ${options.region} failed: ${name || 'error'}: ${message}${hint}`,
        { cause: e },
      );
    }
  }
}

async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read checkpoint: ${(e as Error).message}`, path, { cause: e });
  }
  try {
    const doc = JSON.parse(text) as Checkpoint;
    if (doc?.version !== 1 || typeof doc.key !== 'string' || !doc.acc) throw new Error('unexpected shape');
    return doc;
  } catch (e) {
    throw new InputError(
      `not a LookupEvents checkpoint (${(e as Error).message}); delete it to start over`,
      path,
      { cause: e },
    );
  }
}

// Atomic: a crash mid-write leaves the previous checkpoint whole.
async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(checkpoint));
}

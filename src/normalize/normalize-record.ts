import { classifyError } from './error-class.js';
import { parseEventTime } from './parse-event-time.js';
import { partitionOf, resolvePrincipal } from './principal.js';
import type { RawTrailRecord, RawTrailResource } from './raw-trail-record.js';
import type { NormalizeResult, TrailEvent } from './trail-event.js';

// CloudTrail event sources are service endpoints (`dynamodb.amazonaws.com`). Lambda
// event payloads look similar but say `aws:s3` or `aws:sqs`, and must not pass.
const EVENT_SOURCE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

const knownSources = new Map<string, boolean>();
/** True when `source` has the shape of a CloudTrail event source (a service endpoint). */
export function isEventSource(source: string): boolean {
  let ok = knownSources.get(source);
  if (ok === undefined) {
    ok = EVENT_SOURCE.test(source);
    if (knownSources.size < 10_000) knownSources.set(source, ok);
  }
  return ok;
}

/** Record types that are not a principal calling an API. */
export const NON_API_TYPES: ReadonlySet<string> = new Set([
  'AwsServiceEvent',
  'AwsConsoleSignIn',
  'AwsConsoleAction',
  'AwsCloudTrailInsight',
  'AwsVpceEvent',
]);

/** True when a parsed JSON value has the shape of a CloudTrail record. */
export function isTrailRecord(value: unknown): value is RawTrailRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  // Insights events describe call rates, not calls, and have no eventSource of their own.
  if (r.eventType === 'AwsCloudTrailInsight' && typeof r.eventVersion === 'string') return true;
  return (
    typeof r.eventSource === 'string' &&
    typeof r.eventName === 'string' &&
    isEventSource(r.eventSource) &&
    (typeof r.eventVersion === 'string' || (typeof r.userIdentity === 'object' && r.userIdentity !== null))
  );
}

/**
 * Turns a raw record into a `TrailEvent`, or says why it is not one. Never throws on
 * bad data: every record ends up as an event, a classified non-API record, or a reason.
 */
export function normalizeRecord(raw: unknown): NormalizeResult {
  if (!isTrailRecord(raw)) return { kind: 'skipped', reason: 'not a CloudTrail record' };
  const time = typeof raw.eventTime === 'string' ? raw.eventTime : raw['@timestamp'];
  const timeMs = typeof time === 'string' ? parseEventTime(time) : NaN;
  if (typeof time !== 'string' || Number.isNaN(timeMs))
    return { kind: 'skipped', reason: 'record has no valid eventTime' };
  const region = typeof raw.awsRegion === 'string' ? raw.awsRegion : 'unknown';

  if (raw.eventType !== undefined && NON_API_TYPES.has(raw.eventType)) {
    return { kind: 'classified', class: 'non-api', time, region };
  }
  if (raw.eventType !== undefined && raw.eventType !== 'AwsApiCall') {
    return { kind: 'skipped', reason: `unknown eventType ${JSON.stringify(raw.eventType)}` };
  }

  const who = resolvePrincipal(raw.userIdentity);
  if (who.kind === 'service') return { kind: 'classified', class: 'service-call', time, region };
  if (who.kind === 'unknown') return { kind: 'skipped', reason: who.reason };

  const principal = who.principal;
  const account =
    (typeof raw.recipientAccountId === 'string' && raw.recipientAccountId) ||
    (typeof raw.userIdentity?.accountId === 'string' && raw.userIdentity.accountId) ||
    '';
  const params = raw.requestParameters;
  const errorCode = typeof raw.errorCode === 'string' && raw.errorCode ? raw.errorCode : undefined;
  const errorMessage = typeof raw.errorMessage === 'string' ? raw.errorMessage : undefined;
  const invokedBy = raw.userIdentity?.invokedBy;
  // One object literal with every field present (optional ones as undefined) keeps a
  // single hidden class on this hot path; conditional spreads cost several times more.
  const event: TrailEvent = {
    principal,
    eventSource: raw.eventSource as string,
    eventName: raw.eventName as string,
    time,
    timeMs,
    region,
    account,
    partition: partitionOf(principal.arn),
    errorClass: classifyError(errorCode, errorMessage),
    errorCode,
    errorMessage,
    requestParameters: params && typeof params === 'object' && !Array.isArray(params) ? params : null,
    resources: Array.isArray(raw.resources) ? raw.resources.filter(isResource) : NO_RESOURCES,
    category: raw.eventCategory === 'Data' || raw.managementEvent === false ? 'data' : 'management',
    invokedBy: typeof invokedBy === 'string' ? invokedBy : undefined,
  };
  return { kind: 'event', event };
}

const NO_RESOURCES: readonly RawTrailResource[] = Object.freeze([]);

function isResource(value: unknown): value is RawTrailResource {
  return value !== null && typeof value === 'object';
}

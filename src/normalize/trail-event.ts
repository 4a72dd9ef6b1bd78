import type { RawTrailResource } from './raw-trail-record.js';

/** Who made a call. Roles are identified by their issuer ARN, never by session name. */
export type PrincipalType = 'role' | 'user' | 'root' | 'federated' | 'account' | 'unknown';

export interface Principal {
  /** The IAM ARN that owns the permissions: the role ARN for assumed-role sessions. */
  readonly arn: string;
  readonly type: PrincipalType;
  /** For roles: the session name, which for Lambda is the function name. */
  readonly sessionName?: string;
}

/**
 * How the call ended, as far as IAM is concerned. Only authorization failures are
 * `denied`; any other error means IAM let the call through, so the permission was used.
 */
export type ErrorClass = 'ok' | 'denied' | 'failed';

/** One API call, normalized from a raw CloudTrail record. */
export interface TrailEvent {
  readonly principal: Principal;
  readonly eventSource: string;
  readonly eventName: string;
  /** ISO-8601 time as written in the record. */
  readonly time: string;
  readonly timeMs: number;
  readonly region: string;
  /** The account whose resources the call touched (recipientAccountId), else the caller's. */
  readonly account: string;
  readonly partition: string;
  readonly errorClass: ErrorClass;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestParameters: Record<string, unknown> | null;
  readonly resources: readonly RawTrailResource[];
  /** `data` for data events (S3 objects, DynamoDB items, ...), else `management`. */
  readonly category: 'management' | 'data';
  /** The AWS service that made the call with the principal's credentials, if any. */
  readonly invokedBy?: string;
}

/** Records that are CloudTrail but not API calls a principal made: counted, not mapped. */
export type EventClass = 'non-api' | 'service-call';

export type NormalizeResult =
  | { readonly kind: 'event'; readonly event: TrailEvent }
  | {
      readonly kind: 'classified';
      readonly class: EventClass;
      readonly time?: string;
      readonly region?: string;
    }
  | { readonly kind: 'skipped'; readonly reason: string };

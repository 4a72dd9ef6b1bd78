/**
 * The CloudTrail record as AWS writes it. Boundary type: PascalCase/camelCase exactly
 * as in the log. Every field is optional because real logs (and attackers) omit them.
 */
export interface RawSessionIssuer {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
}

export interface RawUserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: RawSessionIssuer;
    attributes?: Record<string, unknown>;
  };
}

export interface RawTrailResource {
  ARN?: string;
  /** Multi-object calls (S3 DeleteObjects) name a prefix instead of each ARN. */
  ARNPrefix?: string;
  accountId?: string;
  type?: string;
}

export interface RawTrailRecord {
  eventVersion?: string;
  userIdentity?: RawUserIdentity;
  eventTime?: string;
  '@timestamp'?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  resources?: RawTrailResource[];
  eventType?: string;
  eventCategory?: string;
  managementEvent?: boolean;
  readOnly?: boolean;
  recipientAccountId?: string;
  userAgent?: string;
}

/**
 * An IAM call in the logs that changes what a role may do (`PutRolePolicy`,
 * `AttachRolePolicy`, `DetachRolePolicy`, `DeleteRolePolicy`, `CreatePolicyVersion`,
 * `SetDefaultPolicyVersion`, `PutRolePermissionsBoundary`, `DeleteRolePermissionsBoundary`,
 * `UpdateAssumeRolePolicy`): kept one by one, not aggregated, so drift can say who widened
 * a role and when.
 */
export interface PolicyChangeEvent {
  /** CloudTrail `eventID`. */
  readonly eventId: string;
  readonly eventName: string;
  /** ISO-8601 `eventTime`. */
  readonly time: string;
  /** The caller: `userIdentity.arn` (an assumed-role session ARN names the person or job). */
  readonly actor: string;
  /** `requestParameters.roleName`, for the role calls. */
  readonly roleName?: string;
  /** `requestParameters.policyArn`, for attach/detach and the policy-version calls. */
  readonly policyArn?: string;
  /** `requestParameters.policyName`, for inline policies. */
  readonly policyName?: string;
  readonly region: string;
  /** Set when the call failed: a failed call changed nothing, but someone tried. */
  readonly errorCode?: string;
}

/** The eventNames `PolicyChangeEvent` keeps (eventSource `iam.amazonaws.com`). */
export const POLICY_CHANGE_EVENT_NAMES: readonly string[] = [
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'DeletePolicyVersion',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'UpdateAssumeRolePolicy',
];

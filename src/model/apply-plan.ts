/** The version of the plan file `apply --write-plan` writes; a reader refuses any other. */
export const APPLY_PLAN_VERSION = 1;

/** The version of a backup `apply` writes; `rollback` refuses any other. */
export const ROLE_BACKUP_VERSION = 1;

/** One change `apply` makes to one of the role's policies. */
export type PolicyChange =
  /** An inline policy: PutRolePolicy with the tightened document. */
  | {
      readonly kind: 'put-inline';
      readonly name: string;
      readonly before: unknown;
      readonly after: unknown;
    }
  /** A customer-managed policy: a new default version with the tightened document. */
  | {
      readonly kind: 'new-version';
      readonly arn: string;
      readonly name: string;
      /** The default version the plan was made from. */
      readonly versionId: string;
      readonly before: unknown;
      readonly after: unknown;
    }
  /**
   * An AWS-managed policy cannot be edited: a customer-managed copy holding the tightened
   * document is created and attached, then the AWS one is detached.
   */
  | {
      readonly kind: 'replace-aws-managed';
      readonly arn: string;
      readonly name: string;
      readonly copyName: string;
      readonly copyArn: string;
      readonly before: unknown;
      readonly after: unknown;
    }
  /** An inline policy left with no statement: IAM takes no empty policy, so it is deleted. */
  | { readonly kind: 'delete-inline'; readonly name: string; readonly before: unknown }
  /** A managed policy left with no statement is detached (the policy itself stays). */
  | { readonly kind: 'detach'; readonly arn: string; readonly name: string; readonly before: unknown };

/** What one observed (action, resource) the simulator must still allow after the change. */
export interface ObservedPair {
  readonly action: string;
  readonly resource: string;
}

/** The hash of one policy as the plan saw it: `inline:<name>` or the managed policy's ARN. */
export interface PolicyHash {
  readonly key: string;
  readonly hash: string;
}

/**
 * What `apply` will do to one role, as `apply --write-plan` writes it: made from the
 * `suggest` result and the role's live policies, whose hashes are checked again before any
 * write.
 */
export interface ApplyPlan {
  readonly version: typeof APPLY_PLAN_VERSION;
  readonly roleName: string;
  readonly roleArn: string;
  /** ISO time the plan was made. */
  readonly createdAt: string;
  /** Every inline and attached policy and the boundary, sorted by key. */
  readonly hashes: readonly PolicyHash[];
  /** Only the policies that change; an unchanged one is not listed. */
  readonly changes: readonly PolicyChange[];
  /** Successful use in the evidence: the simulator must allow each afterwards. */
  readonly observed: readonly ObservedPair[];
  /** Partition, region and account for the evaluator's representative ARNs. */
  readonly sample: { readonly partition: string; readonly region: string; readonly account: string };
}

/** One attached managed policy as it was before `apply`. */
export interface BackedUpAttachment {
  readonly arn: string;
  readonly kind: 'customer-managed' | 'aws-managed';
  readonly defaultVersionId: string;
  readonly document: unknown;
}

/**
 * Everything `rollback` needs to put a role back as it was, written before the first write
 * of `apply`.
 */
export interface RoleBackup {
  readonly version: typeof ROLE_BACKUP_VERSION;
  /** `<role-name>/<UTC timestamp>`, also the key in the backup store (without `.json`). */
  readonly id: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly takenAt: string;
  /** Inline policy name → document, sorted by name. */
  readonly inline: readonly { readonly name: string; readonly document: unknown }[];
  readonly attached: readonly BackedUpAttachment[];
  readonly boundary:
    { readonly arn: string; readonly versionId: string; readonly document: unknown } | undefined;
  /** Policies `apply` creates (the AWS-managed copies): `rollback` detaches and deletes them. */
  readonly creates: readonly string[];
}

/**
 * What an account grants its roles, read live (GetAccountAuthorizationDetails, or the per-role
 * IAM calls) or offline from `aws iam get-account-authorization-details` output
 * (`--account-authorization FILE`). Documents are parsed JSON, not yet `Policy` objects.
 */
export interface AccountRole {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  /** ISO-8601, when known: a role younger than the window cannot prove anything unused. */
  readonly createDate?: string;
  /** The trust policy, when known. */
  readonly trustPolicy?: unknown;
  /** Inline and attached policies, in the order IAM lists them. */
  readonly policies: readonly GrantedPolicy[];
  /** The permissions boundary: it caps but grants nothing. */
  readonly boundary?: GrantedPolicy;
}

/** One policy that applies to a role, with its document parsed from IAM's URL-encoded form. */
export interface GrantedPolicy {
  readonly kind: 'inline' | 'customer-managed' | 'aws-managed';
  /** The inline policy's name, or the managed policy's name. */
  readonly name: string;
  /** Managed policies only. */
  readonly arn?: string;
  /** Managed policies only: the default version, e.g. `v3`. */
  readonly versionId?: string;
  readonly document: unknown;
}

/** Every role of an account (or of the file), with where it was read. */
export interface AccountAuthorization {
  /** The file as the user gave it, or `IAM (account 123456789012)`. */
  readonly source: string;
  readonly roles: readonly AccountRole[];
  /** Roles or policies that could not be read, each with why (never silently dropped). */
  readonly skipped: readonly SkippedAuthorization[];
}

/** Something of the account that could not be read, and why. */
export interface SkippedAuthorization {
  readonly what: string;
  readonly reason: string;
  /** The ARN of the role it belongs to, when it belongs to one (its policy, its boundary). */
  readonly role?: string;
  /** Which part of that role: a granted (inline or attached) policy, its boundary, its trust policy. */
  readonly part?: 'grant' | 'boundary' | 'trust';
}

/** What `roles --account-authorization FILE` lists: each role of the file, offline. */
export interface AccountRolesReport {
  /** The account authorization file. */
  readonly source: string;
  /** Where the functions were seen (log files, usage report), or empty when no evidence was given. */
  readonly evidence: readonly string[];
  readonly roles: readonly AccountRoleSummary[];
  /** What the file could not resolve, each with why. */
  readonly skipped: readonly { readonly what: string; readonly reason: string }[];
}

/** One role of the file: who may assume it, what it holds, and who was seen acting as it. */
export interface AccountRoleSummary {
  readonly roleArn: string;
  readonly roleName: string;
  /** The services its trust policy allows, or undefined when the trust policy is unknown. */
  readonly trustedServices: readonly string[] | undefined;
  /** `lambda.amazonaws.com` may assume it (undefined: the trust policy is unknown). */
  readonly lambda: boolean | undefined;
  /** Inline and attached policies (the boundary not counted). */
  readonly policies: number;
  readonly boundary: string | undefined;
  /** The functions seen acting as the role in the evidence; undefined without evidence. */
  readonly functions: readonly string[] | undefined;
  /** More than one function was seen acting as it; undefined without evidence. */
  readonly shared: boolean | undefined;
}

/** What the Terraform locator returns: a located policy and the construct it came from. */
import type { LocatedPolicy } from '../template-policy.js';

/** Which Terraform construct a located policy was read from. */
export type TerraformPolicyForm =
  /** `data "aws_iam_policy_document"` statement blocks. */
  | 'policy-document'
  /** `jsonencode({ Statement = [...] })`. */
  | 'jsonencode'
  /** JSON in a heredoc. */
  | 'heredoc-json'
  /** The lambda module's `policy_statements` map. */
  | 'module-statements'
  /** A managed policy ARN (or an attachment whose ARN could not be read). */
  | 'managed-policy'
  /** A policy attribute whose value is some other expression: a reference, `file(...)`, a quoted string. */
  | 'expression'
  /** The file is not valid HCL. */
  | 'syntax-error';

/** A located policy plus the Terraform form it was read from (for reports and counts). */
export interface TerraformLocatedPolicy extends LocatedPolicy {
  readonly form: TerraformPolicyForm;
}

/**
 * A permission the Lambda service needs through the role, derived from the function's
 * configuration rather than observed (log writes, VPC interfaces, event-source pollers).
 */
export interface RequiredPermission {
  readonly action: string;
  /** ARNs it is needed on; `*` for actions that take no resource. */
  readonly resources: readonly string[];
  readonly reason: string;
  readonly functions: readonly string[];
}

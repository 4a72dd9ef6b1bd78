import type { LocatedPolicy } from '../template-policy.js';
import type { LambdaFunctionFacts } from './function-facts.js';

/**
 * The functions whose role a located policy belongs to: the same role name, or, for a
 * Terraform policy, a role it is attached to (`aws_iam_role.x`, a module).
 */
export function factsForPolicy(
  facts: readonly LambdaFunctionFacts[],
  policy: Pick<LocatedPolicy, 'role' | 'format' | 'attachedRoles'>,
): LambdaFunctionFacts[] {
  return facts.filter(
    (f) =>
      f.role === policy.role ||
      (policy.format === 'terraform' && (policy.attachedRoles ?? []).includes(f.role)),
  );
}

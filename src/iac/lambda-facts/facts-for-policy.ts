import type { LocatedPolicy } from '../template-policy.js';
import type { LambdaFunctionFacts } from './function-facts.js';

/**
 * The functions whose role a located policy belongs to: the same role name, or, for a
 * Terraform policy, a role its note names (`attached to aws_iam_role.x`).
 */
export function factsForPolicy(
  facts: readonly LambdaFunctionFacts[],
  policy: Pick<LocatedPolicy, 'role' | 'format' | 'note'>,
): LambdaFunctionFacts[] {
  return facts.filter(
    (f) =>
      f.role === policy.role || (policy.format === 'terraform' && namesAddress(policy.note ?? '', f.role)),
  );
}

// The role addresses a note names (`role = aws_iam_role.x.id`), read as patch reads them.
function namesAddress(note: string, address: string): boolean {
  return [...note.matchAll(/\b(?:aws_iam_role|module)\.[\w-]+/g)].some((m) => m[0] === address);
}

import { InvariantError } from '../errors/iamtrim-error.js';
import { locatePolicies } from './locate-policies.js';
import type { StatementToWrite } from './patch-policy.js';
import { meaningOfStatement, meaningOfWrite } from './statement-meaning.js';
import type { LocatedPolicy } from './template-policy.js';
import { applyEdits, type TextEdit } from './text/text-edits.js';

/**
 * Reads the file back with `edit` applied and throws an `InvariantError` unless the policy
 * at the same place now holds exactly `statements`, value for value (an intrinsic such as a
 * list-form `!Sub` still one value, with the same function and arguments). The writers
 * copy values by their text and move them between columns; this is the check that YAML
 * still reads them as they were meant.
 */
export function checkRendered(
  text: string,
  policy: LocatedPolicy,
  statements: readonly StatementToWrite[],
  edit: TextEdit,
): TextEdit {
  if (statements.length === 0) return edit;
  const after = applyEdits(text, [edit]);
  const again = locatePolicies(policy.file, after).find(
    (p) => p.kind === 'statements' && p.path === policy.path && p.line === policy.line,
  );
  const want = JSON.stringify(statements.map(meaningOfWrite));
  const got = again ? JSON.stringify(again.statements.map(meaningOfStatement)) : undefined;
  if (got !== want)
    throw new InvariantError(
      `${policy.file}:${policy.line}: the rewritten ${policy.path} would not read back as the tightened statements; nothing was written`,
    );
  return edit;
}

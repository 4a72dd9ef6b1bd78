import { InputError } from '../errors/iamtrim-error.js';
import { removePolicyResource } from './remove-policy-resource.js';
import type { LocatedPolicy } from './template-policy.js';
import { removeTerraformPolicy } from './terraform/remove-terraform-policy.js';
import type { TextEdit } from './text/text-edits.js';

/** How a policy none of whose statements is used is removed: the edits, what goes, what else. */
export interface PolicyRemoval {
  readonly edits: readonly TextEdit[];
  readonly what: string;
  /** The references cut with it, as a note's tail (`, with the DependsOn entry of Fn`). */
  readonly also: string;
}

/** `key:\n  []` written as `key: []`: an empty list on its key's line, as a person writes it. */
export function emptyListOnKeyLine(text: string, edit: TextEdit): TextEdit {
  const colon = text.lastIndexOf(':', edit.start - 1);
  if (edit.text.trim() !== '[]' || colon < 0 || !/^\s*$/.test(text.slice(colon + 1, edit.start))) return edit;
  return { start: colon + 1, end: edit.end, text: ' []' };
}

function alsoText(what: readonly string[]): string {
  return what.length > 0 ? `, with ${what.join(', ')}` : '';
}

const POLICY_RESOURCE = /^Resources\.([A-Za-z0-9]+)\.Properties\.PolicyDocument\.Statement$/;

/**
 * The edits that remove a policy none of whose statements is used: its entry in a role's
 * Policies, or a whole AWS::IAM::Policy / ManagedPolicy resource with the references that
 * would break; an error saying why not when it cannot be cut cleanly.
 */
export function removeEmptyPolicy(
  text: string,
  p: LocatedPolicy,
  otherFiles: readonly { file: string; text: string }[],
): PolicyRemoval {
  const what = p.path.replace(/(\.PolicyDocument)?\.Statement$/, '');
  if (p.entryRange)
    return { edits: [{ start: p.entryRange[0], end: p.entryRange[1], text: '' }], what, also: '' };
  if (p.format === 'terraform') {
    const tf = removeTerraformPolicy(text, p.role, otherFiles);
    if (tf.kind === 'remove')
      return {
        edits: tf.edits,
        what: p.role,
        also: alsoText([
          ...tf.addresses.slice(1),
          ...tf.dependsOn.map((a) => `the depends_on entry of ${a}`),
        ]),
      };
    throw new InputError(
      `line ${p.line}: every statement of ${p.role} would be removed, and IAM rejects a policy with no statement; it cannot be removed: ${tf.why}. Delete it by hand, or leave its role out (--role)`,
      p.file,
    );
  }
  const resource = p.format === 'cloudformation' ? POLICY_RESOURCE.exec(p.path)?.[1] : undefined;
  const cut = resource ? removePolicyResource(text, resource, p.role) : undefined;
  if (cut?.kind === 'remove')
    return {
      edits: cut.edits,
      what: `resource ${resource}`,
      also: cut.references.length ? `, with ${cut.references.join(', ')}` : '',
    };
  throw new InputError(
    `line ${p.line}: every statement of ${p.role}'s policy ${p.path} would be removed, and IAM rejects a policy with no statement${cut ? `; the resource cannot be removed: ${cut.why}` : ''}. Delete this policy by hand, or leave its role out (--role)`,
    p.file,
  );
}

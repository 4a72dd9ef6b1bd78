import { isMap, isSeq, parseDocument } from 'yaml';
import { InputError } from '../errors/iamtrim-error.js';
import { SHORT_TAGS } from './cloudformation/short-tags.js';
import { cutItems } from './cloudformation/cut-item.js';
import { keyText } from './cloudformation/intrinsics.js';
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

const POLICIES_ENTRY = /^Resources\.([A-Za-z0-9]+)\.Properties\.Policies\[(\d+)\]/;

/**
 * The edits that remove emptied entries of roles' and functions' Policies lists together:
 * entries of one list are cut as one (a run of flow or JSON entries without a dangling comma;
 * the whole `Policies` key when every entry goes, since CloudFormation rejects an empty list).
 * Throws, naming the file, when a list's entries cannot be cut together cleanly.
 */
export function removeEmptyEntries(text: string, policies: readonly LocatedPolicy[]): TextEdit[] {
  const byList = new Map<string, LocatedPolicy[]>();
  for (const p of policies) {
    const key = POLICIES_ENTRY.exec(p.path)?.[1] ?? `\0${p.path}`;
    byList.set(key, [...(byList.get(key) ?? []), p]);
  }
  const edits: TextEdit[] = [];
  for (const [id, group] of byList) {
    const first = group[0] as LocatedPolicy;
    if (group.length === 1 && first.entryRange) {
      edits.push({ start: first.entryRange[0], end: first.entryRange[1], text: '' });
      continue;
    }
    const indices = [...new Set(group.map((p) => Number(POLICIES_ENTRY.exec(p.path)?.[2])))].sort(
      (a, b) => a - b,
    );
    const ranges = policiesCut(text, id, indices);
    if (!ranges)
      throw new InputError(
        `line ${first.line}: every statement of ${indices.length} of ${first.role}'s policies would be removed, and IAM rejects a policy with no statement; they cannot be cut together cleanly. Delete them by hand, or leave the role out (--role)`,
        first.file,
      );
    edits.push(...ranges.map(([start, end]) => ({ start, end, text: '' })));
  }
  return edits;
}

function policiesCut(
  text: string,
  id: string,
  indices: readonly number[],
): (readonly [number, number])[] | undefined {
  const doc = parseDocument(text, { customTags: SHORT_TAGS as never, uniqueKeys: false });
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  const resource = isMap(resources) ? resources.get(id, true) : undefined;
  const props = isMap(resource) ? resource.get('Properties', true) : undefined;
  if (!isMap(props)) return undefined;
  const at = props.items.findIndex((p) => keyText(p) === 'Policies');
  const list = props.items[at]?.value;
  if (!isSeq(list) || indices.some((i) => !Number.isInteger(i) || i >= list.items.length)) return undefined;
  return cutItems(text, list, indices, [{ parent: props, index: at }]);
}

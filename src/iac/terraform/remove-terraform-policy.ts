import { HclParser, HclSyntaxError } from './hcl-parser.js';
import { attributes, type Block, type BodyItem, type Expr } from './hcl-syntax.js';
import { lineNumbers } from '../text/positions.js';
import type { TextEdit } from '../text/text-edits.js';

/** What removing a Terraform policy takes: the blocks cut, or why it cannot be done safely. */
export type TerraformRemoval =
  | {
      readonly kind: 'remove';
      readonly edits: readonly TextEdit[];
      /** The addresses of every block cut, the policy's own first. */
      readonly addresses: readonly string[];
      /** The blocks whose `depends_on` lost an entry naming a cut block. */
      readonly dependsOn: readonly string[];
    }
  | { readonly kind: 'blocked'; readonly why: string };

const REMOVABLE = /^(?:data\.aws_iam_policy_document|aws_iam_role_policy|aws_iam_policy)\.[A-Za-z_][\w-]*$/;

/**
 * The edits that remove a Terraform policy left with no statement, whole blocks only:
 * an `aws_iam_role_policy`; an `aws_iam_policy` with the `aws_iam_role_policy_attachment`s
 * of it; a `data "aws_iam_policy_document"` with the role policies and policies whose
 * `policy` is its `.json`. Blocked when anything else still names a removed block, in this
 * file or in `otherFiles` (the other files of the module that were given), or when a
 * policy is attached more than once (each attachment's role would lose it).
 */
export function removeTerraformPolicy(
  text: string,
  address: string,
  otherFiles: readonly { readonly file: string; readonly text: string }[] = [],
): TerraformRemoval {
  if (!REMOVABLE.test(address))
    return { kind: 'blocked', why: `${address} is not a policy resource iamtrim removes whole` };
  let body: readonly BodyItem[];
  try {
    body = new HclParser(text).parseFile();
  } catch (error) {
    if (error instanceof HclSyntaxError) return { kind: 'blocked', why: 'the file is not valid HCL' };
    throw error;
  }
  const blocks = new Map<string, Block>();
  for (const item of body) {
    const a = item.t === 'block' ? addressOf(item) : undefined;
    if (a && item.t === 'block') blocks.set(a, item);
  }
  const cut: string[] = [];
  const queue = [address];
  while (queue.length > 0) {
    const a = queue.shift() as string;
    if (cut.includes(a)) continue;
    if (!blocks.has(a)) return { kind: 'blocked', why: `${a} is not a block of this file` };
    cut.push(a);
    if (a.startsWith('data.'))
      queue.push(...users(blocks, ['aws_iam_role_policy', 'aws_iam_policy'], 'policy', `${a}.json`));
    else if (a.startsWith('aws_iam_policy.')) {
      const attachments = users(blocks, ['aws_iam_role_policy_attachment'], 'policy_arn', `${a}.arn`);
      if (attachments.length > 1)
        return { kind: 'blocked', why: `${a} is attached ${attachments.length} times` };
      queue.push(...attachments);
    }
  }
  const ranges = withSpacing(
    text,
    cut.map((a) => blockLines(text, (blocks.get(a) as Block).range)),
  );
  const edits: TextEdit[] = ranges.map(([start, end]) => ({ start, end, text: '' }));
  const dependsOn: string[] = [];
  for (const [a, block] of blocks) {
    if (cut.includes(a)) continue;
    const edit = dependsOnEdit(text, block, cut);
    if (edit === 'unsafe') return { kind: 'blocked', why: `the depends_on of ${a} cannot be cut cleanly` };
    if (edit) {
      edits.push(edit);
      dependsOn.push(a);
    }
  }
  const lineOf = lineNumbers(text);
  for (const a of cut) {
    const named = mention(a);
    for (const m of text.matchAll(named))
      if (!edits.some((e) => m.index >= e.start && m.index < e.end))
        return { kind: 'blocked', why: `${a} is still referenced at line ${lineOf(m.index)}` };
    for (const other of otherFiles)
      if (other.text.search(named) >= 0)
        return { kind: 'blocked', why: `${a} is referenced in ${other.file}` };
  }
  return { kind: 'remove', edits, addresses: cut, dependsOn };
}

/**
 * The edit that takes the removed addresses out of a block's `depends_on` list: the whole
 * attribute when nothing is left, else a one-line list rewritten with the rest, or the removed
 * items' own lines of a list written one item a line. `unsafe` for any other layout.
 */
function dependsOnEdit(text: string, block: Block, cut: readonly string[]): TextEdit | 'unsafe' | undefined {
  const attribute = attributes(block).get('depends_on');
  if (!attribute || attribute.expr.t !== 'tuple') return undefined;
  const items = attribute.expr.items;
  const gone = items.filter((i) => cut.includes(referenceText(i) ?? ''));
  if (gone.length === 0) return undefined;
  if (gone.length === items.length) {
    const [start, end] = blockLines(text, attribute.range);
    const before = text.slice(start, attribute.range[0]);
    const after = text.slice(attribute.expr.range[1], end);
    return /^\s*$/.test(before) && /^\s*(#.*)?\s*$/.test(after) ? { start, end, text: '' } : 'unsafe';
  }
  const [open, close] = attribute.expr.range;
  if (!text.slice(open, close).includes('\n')) {
    const kept = items.filter((i) => !gone.includes(i)).map((i) => text.slice(i.range[0], i.range[1]));
    return { start: open, end: close, text: `[${kept.join(', ')}]` };
  }
  const lines = gone.map((i) => {
    const [start, end] = blockLines(text, i.range);
    const alone =
      /^\s*$/.test(text.slice(start, i.range[0])) && /^\s*,?\s*$/.test(text.slice(i.range[1], end));
    return alone ? ([start, end] as const) : undefined;
  });
  if (lines.some((l) => l === undefined) || gone.length > 1) return 'unsafe';
  const [start, end] = lines[0] as readonly [number, number];
  return { start, end, text: '' };
}

/** `resource "t" "n"` → `t.n`; `data "t" "n"` → `data.t.n`. */
function addressOf(block: Block): string | undefined {
  const [type, name] = block.labels;
  if (type === undefined || name === undefined) return undefined;
  if (block.type === 'resource') return `${type}.${name}`;
  if (block.type === 'data') return `data.${type}.${name}`;
  return undefined;
}

/** The resources of `types` whose attribute `name` is exactly the reference `target`. */
function users(
  blocks: ReadonlyMap<string, Block>,
  types: readonly string[],
  name: string,
  target: string,
): string[] {
  const out: string[] = [];
  for (const [a, block] of blocks) {
    if (block.type !== 'resource' || !types.includes(block.labels[0] ?? '')) continue;
    const expr = attributes(block).get(name)?.expr;
    if (expr && referenceText(expr) === target) out.push(a);
  }
  return out;
}

function referenceText(e: Expr): string | undefined {
  if (e.t !== 'traversal') return undefined;
  const parts = [e.root];
  for (const s of e.steps) {
    if (s.t !== 'attr') return undefined;
    parts.push(s.name);
  }
  return parts.join('.');
}

/** The address written as a reference (not a longer name that starts with it). */
function mention(address: string): RegExp {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`, 'g');
}

/** A block's whole lines. */
function blockLines(text: string, [start, end]: readonly [number, number]): [number, number] {
  const nl = text.indexOf('\n', end);
  return [text.lastIndexOf('\n', start - 1) + 1, nl < 0 ? text.length : nl + 1];
}

/**
 * Whole-line ranges merged where only blank lines part them, each with one blank line
 * around it, so that removing them leaves the spacing the file had between blocks.
 */
function withSpacing(text: string, ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && /^\s*$/.test(text.slice(last[1], r[0]))) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged.map(([start, end]) => {
    const before = /(?:^|\n)([ \t]*\r?\n)$/.exec(text.slice(0, start));
    const blankBefore = start === 0 || before !== null;
    const after = /^[ \t]*\r?\n/.exec(text.slice(end));
    if (blankBefore && after) return [start, end + after[0].length];
    if (before && end === text.length) return [start - (before[1] as string).length, end];
    return [start, end];
  });
}

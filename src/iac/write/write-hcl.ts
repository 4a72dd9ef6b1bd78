import { InvariantError } from '../../errors/iamtrim-error.js';
import type { StatementToWrite, WriteValue } from '../patch-policy.js';
import { place } from './layout.js';
import { hclString } from './template-strings.js';
import type { TextEdit } from '../text/text-edits.js';
import { columnOf } from '../text/positions.js';
import type { TemplateStatement } from '../template-policy.js';

/**
 * HCL for the two Terraform forms whose statements are not JSON: the `statement {}` blocks
 * of `data "aws_iam_policy_document"` and the lambda module's `policy_statements` map.
 * The edit spans the first statement to the last (the locator has checked nothing else
 * sits between them); unchanged statements are copied byte for byte.
 */
export function writeHclStatements(
  text: string,
  form: 'policy-document' | 'module-statements',
  range: readonly [number, number],
  statements: readonly StatementToWrite[],
  located: readonly TemplateStatement[],
): TextEdit {
  const firstStatement = located[0];
  const lastStatement = located[located.length - 1];
  // The module's map braces stay; only its entries are replaced.
  const start = firstStatement ? firstStatement.range[0] : range[0];
  const stop = lastStatement ? lastStatement.range[1] : range[1];
  const end = start + text.slice(start, stop).replace(/\s+$/, '').length;
  const indent = columnOf(text, start);
  const unit = innerIndent(text, firstStatement, indent) - indent;
  const pad = (n: number): string => ' '.repeat(n);
  const render = (st: StatementToWrite): string => {
    if (st.original) {
      const src = text.slice(st.original.range[0], st.original.range[1]).replace(/\s+$/, '');
      return place(src, columnOf(text, st.original.range[0]), indent);
    }
    const inner = indent + unit;
    let fields = hclFields(text, form, st, inner, unit);
    // Some modules end each attribute of a map entry with a comma; keep that style.
    if (form === 'module-statements' && st.from && /=[^\n]*,[ \t]*\n/.test(sourceOf(text, st.from)))
      fields = fields.map((f, i) => (i < fields.length - 1 && !f.includes('\n') ? `${f},` : f));
    const open = form === 'policy-document' ? 'statement {' : `${mapKey(text, st)} = {`;
    return [open, ...fields.map((f) => pad(inner) + f), `${pad(indent)}}`].join('\n');
  };
  // Parts of one statement are separated as `terraform fmt` leaves hand-written blocks.
  const separator = form === 'policy-document' ? `\n\n${pad(indent)}` : `\n${pad(indent)}`;
  // The text between two statements (a comma, blank lines, the next one's comments) goes
  // with the statement after it: kept when that statement survives, dropped with it.
  let out = '';
  located.forEach((original, i) => {
    const parts = statements.filter((st) => (st.original ?? st.from) === original).map(render);
    if (parts.length === 0) return;
    const previous = located[i - 1];
    let gap = previous ? text.slice(previous.range[1], original.range[0]) : '';
    if (out === '') gap = gap.replace(/^,?\s*/, '');
    out += gap + parts.join(separator);
  });
  // Every statement to write comes from a located one (kept or tightened from it); one that
  // did not would be dropped by the loop above, so it is a broken invariant, not output.
  if (statements.some((st) => !located.includes((st.original ?? st.from) as TemplateStatement)))
    throw new InvariantError('a Terraform statement to write has no statement it came from');
  return { start, end, text: out };
}

function hclFields(
  text: string,
  form: 'policy-document' | 'module-statements',
  st: StatementToWrite,
  inner: number,
  unit: number,
): string[] {
  const attrs: [string, string][] = [];
  // Multi-line lists end with a comma when the statement's own lists did.
  const trailing = st.from ? /,\s*\n\s*\]/.test(sourceOf(text, st.from)) : true;
  // A list the statement wrote one item per line stays that way.
  const multiline = (name: string): boolean =>
    st.from !== undefined && new RegExp(`(^|\\s)${name}\\s*=\\s*\\[[ \\t]*\\n`).test(sourceOf(text, st.from));
  const explicitSid = st.from ? /(^|\n)\s*sid\s*=/.test(sourceOf(text, st.from)) : false;
  // A module statement's Sid is its map key unless the statement sets `sid` itself.
  if (st.sid !== undefined && (form === 'policy-document' || explicitSid))
    attrs.push(['sid', hclString(st.sid)]);
  // `effect` defaults to Allow: written when the statement wrote it, or to say Deny.
  const explicitEffect = st.from ? /(^|\n)\s*effect\s*=/.test(sourceOf(text, st.from)) : true;
  if (explicitEffect || st.effect === 'Deny') attrs.push(['effect', hclString(st.effect)]);
  const actionsKey = st.actionKey === 'Action' ? 'actions' : 'not_actions';
  const resourcesKey = st.resourceKey === 'Resource' ? 'resources' : 'not_resources';
  attrs.push([actionsKey, hclList(text, st.actions, inner, unit, trailing, multiline(actionsKey))]);
  attrs.push([resourcesKey, hclList(text, st.resources, inner, unit, trailing, multiline(resourcesKey))]);
  // `terraform fmt` aligns the `=` of consecutive attributes; a multi-line value ends a group.
  const lines: string[] = [];
  let group: [string, string][] = [];
  const flush = (): void => {
    const width = Math.max(...group.map(([k]) => k.length));
    for (const [k, v] of group) lines.push(`${k.padEnd(width)} = ${v}`);
    group = [];
  };
  for (const attr of attrs) {
    group.push(attr);
    if (attr[1].includes('\n')) flush();
  }
  if (group.length > 0) flush();
  if (st.conditionSource !== undefined) {
    const at = st.conditionOffset ?? text.indexOf(st.conditionSource);
    const placed = at >= 0 ? place(st.conditionSource, columnOf(text, at), inner) : st.conditionSource;
    // Statement blocks hold `condition {}` blocks; a module statement holds a `condition` map.
    lines.push(form === 'policy-document' ? placed : `condition = ${placed}`);
  }
  return lines;
}

/**
 * A list attribute's value. A kept value that was the attribute's whole value (`var.arns`,
 * `concat(...)`) is a list already: alone it is written bare, with others it joins them
 * through `concat`.
 */
function hclList(
  text: string,
  values: readonly WriteValue[],
  inner: number,
  unit: number,
  trailingComma: boolean,
  multiline: boolean,
): string {
  const bare = values.filter((v) => v.kind === 'kept' && wholeValue(text, v));
  const items = values
    .filter((v) => !bare.includes(v))
    .map((v) => {
      if (v.kind === 'literal') return hclString(v.text);
      const at = v.value.offset ?? text.indexOf(v.value.source);
      return at >= 0 ? place(v.value.source, columnOf(text, at), inner + unit) : v.value.source;
    });
  const bareSources = bare.map((v) => (v.kind === 'kept' ? v.value.source : ''));
  const oneLine = `[${items.join(', ')}]`;
  const list =
    items.length === 0
      ? '[]'
      : !multiline && oneLine.length + inner <= 100 && !oneLine.includes('\n')
        ? oneLine
        : `[\n${items.map((i, k) => `${' '.repeat(inner + unit)}${i}${k < items.length - 1 || trailingComma ? ',' : ''}`).join('\n')}\n${' '.repeat(inner)}]`;
  if (bareSources.length === 0) return list;
  if (items.length === 0 && bareSources.length === 1) return bareSources[0] as string;
  return `concat(${[...bareSources, ...(items.length > 0 ? [list] : [])].join(', ')})`;
}

/** True when the value is an attribute's entire value (`resources = var.arns`), not a list item. */
function wholeValue(text: string, v: WriteValue): boolean {
  if (v.kind !== 'kept' || v.value.offset === undefined) return false;
  return /=\s*$/.test(text.slice(Math.max(0, v.value.offset - 200), v.value.offset));
}

/** The map key of a module statement: the original key for the statement's first part. */
function mapKey(text: string, st: StatementToWrite): string {
  const original = st.from
    ? /^\s*("[^"]*"|[A-Za-z_][\w-]*)\s*=/.exec(sourceOf(text, st.from))?.[1]
    : undefined;
  // The first part keeps the statement's Sid (derived from this key), so it keeps the key.
  if (original && st.sid === st.from?.sid) return original;
  const key = st.sid ?? 'statement';
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : hclString(key);
}

function sourceOf(text: string, st: TemplateStatement): string {
  return text.slice(st.range[0], st.range[1]);
}

/** The column of a statement's first attribute, or two past the statement's own. */
function innerIndent(text: string, st: TemplateStatement | undefined, indent: number): number {
  if (!st) return indent + 2;
  const body = sourceOf(text, st);
  const m = /\{[^\n]*\n(?:[ \t]*\n)*( *)\S/.exec(body);
  const col = m?.[1]?.length;
  return col !== undefined && col > indent ? col : indent + 2;
}

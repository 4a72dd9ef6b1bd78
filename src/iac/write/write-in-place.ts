/**
 * A statement list rewritten the way a person edits it: untouched statements, the text
 * between them (commas, blank lines, comments) and every key, quote and indent of a changed
 * statement stay as written; only the values that change are replaced. Where that cannot be
 * done safely the caller falls back to writing the list anew (render-statements.ts).
 */
import type { StatementToWrite, WriteValue } from '../patch-policy.js';
import type { TemplateStatement, TemplateValue } from '../template-policy.js';
import { columnOf } from '../text/positions.js';
import { lineIndentOf } from './layout.js';
import { yamlDoubleQuoted, yamlString, type QuoteString } from './template-strings.js';

/** How the list is written: block YAML, or a flow syntax (JSON, flow YAML, jsonencode HCL). */
export type InPlaceStyle =
  | { readonly kind: 'block-yaml' }
  | {
      readonly kind: 'flow';
      readonly quote: QuoteString;
      readonly yaml: boolean;
      /** Attributes end at a line break (`Effect = "Allow"`), as in jsonencode() objects and HCL. */
      readonly hclKeys: boolean;
      /** HCL statement blocks and module map entries: `actions`, `resources`, `sid`. */
      readonly hcl?: 'policy-document' | 'module-statements';
    };

/** The attribute names HCL statements use for the policy's keys. */
const HCL_KEYS: Readonly<Record<string, string>> = {
  Sid: 'sid',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
};

interface Span {
  readonly start: number;
  readonly end: number;
}

interface Replacement extends Span {
  readonly text: string;
}

/**
 * The text replacing `[start, end)` (the statement list), or `undefined` when the edit
 * cannot be made in place (a statement whose keys change, a single map that splits, a value
 * without its offset).
 */
export function writeInPlace(
  text: string,
  span: readonly [number, number],
  located: readonly TemplateStatement[],
  statements: readonly StatementToWrite[],
  style: InPlaceStyle,
): string | undefined {
  const [start, end] = span;
  if (located.length === 0) return undefined;
  if (statements.some((w) => !located.includes((w.original ?? w.from) as TemplateStatement)))
    return undefined;
  const sequence = text[start] === '[' || text[start] === '-' || (style.kind === 'flow' && !!style.hcl);
  const stEnd = (st: TemplateStatement): number =>
    st.range[0] + text.slice(st.range[0], st.range[1]).replace(/\s+$/, '').length;
  let out = '';
  let previous: TemplateStatement | undefined;
  for (const [i, st] of located.entries()) {
    const parts = statements.filter((w) => (w.original ?? w.from) === st);
    if (parts.length === 0) continue;
    if (parts.length > 1 && !sequence) return undefined;
    let rendered: string;
    if (parts.length === 1 && parts[0]?.original) rendered = text.slice(st.range[0], stEnd(st));
    else {
      const each = parts.map((p) => editStatement(text, st, stEnd(st), p, style));
      if (each.some((e) => e === undefined)) return undefined;
      const sep = each.length > 1 ? partSeparator(text, st, style) : '';
      if (sep === undefined) return undefined;
      rendered = each.join(sep);
    }
    // The text before a statement goes with it: kept when it survives, dropped with it.
    const before = located[i - 1];
    if (previous === undefined) out = text.slice(start, located[0]?.range[0] ?? start);
    else out += text.slice(before ? stEnd(before) : start, st.range[0]);
    out += rendered;
    previous = st;
  }
  if (previous === undefined) return undefined;
  const last = located[located.length - 1] as TemplateStatement;
  return out + text.slice(stEnd(last), end);
}

/** What goes between the parts of a split statement, as between the file's own items. */
function partSeparator(text: string, st: TemplateStatement, style: InPlaceStyle): string | undefined {
  const lineStart = text.lastIndexOf('\n', st.range[0] - 1) + 1;
  const lead = text.slice(lineStart, st.range[0]);
  if (style.kind === 'block-yaml') return /^ *- +$/.test(lead) ? `\n${lead}` : undefined;
  if (style.yaml) return ', ';
  // Statement blocks stand apart as `terraform fmt` leaves them; a module map entry needs a
  // key of its own, which an in-place edit does not invent.
  if (style.hcl === 'policy-document') return `\n\n${lead}`;
  if (style.hcl) return undefined;
  return /^\s*$/.test(lead) ? `,\n${lead}` : ', ';
}

function editStatement(
  text: string,
  st: TemplateStatement,
  end: number,
  part: StatementToWrite,
  style: InPlaceStyle,
): string | undefined {
  if (
    part.effect !== st.effect ||
    part.actionKey !== st.actionKey ||
    part.resourceKey !== st.resourceKey ||
    part.conditionSource !== st.conditionSource
  )
    return undefined;
  const find = (key: string): Span | undefined =>
    style.kind === 'block-yaml'
      ? findBlockField(text, st.range[0], end, key)
      : findFlowField(text, st.range[0], end, style.hcl ? (HCL_KEYS[key] ?? key) : key, style);
  const edits: Replacement[] = [];
  if (part.sid !== st.sid) {
    const field = part.sid !== undefined && st.sid !== undefined ? find('Sid') : undefined;
    if (!field || part.sid === undefined) return undefined;
    edits.push({ ...field, text: quoteLike(text.slice(field.start, field.end).trim(), part.sid, style) });
  }
  for (const [key, from, to] of [
    [st.actionKey, st.actions, part.actions],
    [st.resourceKey, st.resources, part.resources],
  ] as const) {
    if (sameValues(from, to)) continue;
    const field = find(key);
    if (!field) return undefined;
    const edit = editValues(text, field, from, to, style);
    if (!edit) return undefined;
    edits.push(edit);
  }
  let out = text.slice(st.range[0], end);
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start - st.range[0]) + e.text + out.slice(e.end - st.range[0]);
  return out;
}

function sameValues(from: readonly TemplateValue[], to: readonly WriteValue[]): boolean {
  return from.length === to.length && to.every((v, i) => v.kind === 'kept' && v.value === from[i]);
}

/** The replacement of a field's values: kept items stay where they were, dropped ones go. */
function editValues(
  text: string,
  field: Span,
  from: readonly TemplateValue[],
  to: readonly WriteValue[],
  style: InPlaceStyle,
): Replacement | undefined {
  if (to.length === 0) return undefined;
  // Values read without an offset (serverless.yml) are found by their text, in order.
  let cursor = field.start;
  const spans = from.map((v) => {
    const at = v.offset ?? findSource(text, v.source, cursor, field.end);
    if (at === undefined) return undefined;
    cursor = at + v.source.length;
    return { start: at, end: at + v.source.length };
  });
  if (spans.some((s) => s === undefined || s.start < field.start || s.end > field.end)) return undefined;
  // A comment after an item on its line (`- dynamodb:GetItem  # reads`) goes with the item.
  const at = (spans as Span[]).map((s) => {
    const tail = style.kind === 'block-yaml' ? /^[ \t]+#[^\n]*/.exec(text.slice(s.end, field.end)) : null;
    return tail ? { start: s.start, end: s.end + tail[0].length } : s;
  });
  const first = at[0];
  const lastSpan = at[at.length - 1];
  if (!first || !lastSpan) return undefined;
  const sample = from.find((v) => v.kind === 'literal')?.source ?? from[0]?.source ?? '';
  const render = (v: WriteValue): string => {
    if (v.kind === 'literal') return quoteLike(sample, v.text, style);
    const i = from.indexOf(v.value);
    return i >= 0 ? text.slice((at[i] as Span).start, (at[i] as Span).end) : v.value.source;
  };
  const lead = text.slice(field.start, first.start);
  const isList = from.length > 1 || /[-[]/.test(lead);
  if (!isList) {
    const [only] = to;
    const bare = spans[0] as Span;
    if (to.length === 1 && only)
      return { ...bare, text: only.kind === 'kept' ? only.value.source : render(only) };
    // A scalar that now holds several values becomes a list, in the file's list style.
    if (to.some((v) => v.kind === 'kept' && v.value.source.includes('\n'))) return undefined;
    const items = to.map(render);
    if (style.kind === 'block-yaml') {
      const col = lineIndentOf(text, field.start) + 2;
      return {
        start: field.start,
        end: lastSpan.end,
        text: items.map((i) => `\n${' '.repeat(col)}- ${i}`).join(''),
      };
    }
    if (style.yaml) return { ...first, text: `[${items.join(', ')}]` };
    const indent = lineIndentOf(text, field.start);
    const unit = Math.max(2, columnOf(text, field.start) - indent - keyWidth(text, field.start));
    const pad = ' '.repeat(indent + unit);
    return { ...first, text: `[\n${items.map((i) => pad + i).join(',\n')}\n${' '.repeat(indent)}]` };
  }
  // Items in the order they are to be written; each kept one brings the text before it.
  let out = '';
  let written = 0;
  let lastKept = -1;
  const defaultSep = separatorOf(text, at, style);
  for (const v of to) {
    const index = v.kind === 'kept' ? from.indexOf(v.value) : -1;
    if (v.kind === 'kept' && index < 0) return undefined;
    if (index >= 0 && index < lastKept) return undefined;
    const before =
      index > 0 ? text.slice((at[index - 1] as Span).end, (at[index] as Span).start) : defaultSep;
    if (written > 0) out += index > 0 ? before : defaultSep;
    out += render(v);
    if (index >= 0) lastKept = index;
    written++;
  }
  return { start: first.start, end: lastSpan.end, text: out };
}

/** Where `source` next stands whole in `[from, to)`: not inside a longer value. */
function findSource(text: string, source: string, from: number, to: number): number | undefined {
  for (
    let at = text.indexOf(source, from);
    at >= 0 && at + source.length <= to;
    at = text.indexOf(source, at + 1)
  ) {
    const after = text[at + source.length] ?? '';
    const before = text[at - 1] ?? '';
    if (!/[\w:*?/-]/.test(after) && !/[\w:*?/-]/.test(before)) return at;
  }
  return undefined;
}

/** Width of `"Key": ` before a value, to find the file's indent unit from a key's column. */
function keyWidth(text: string, valueStart: number): number {
  const lineStart = text.lastIndexOf('\n', valueStart - 1) + 1;
  const m = /^ *(.*)$/.exec(text.slice(lineStart, valueStart));
  return m?.[1]?.length ?? 0;
}

/** What separates two items of this list: the gap between its first two, or its own style. */
function separatorOf(text: string, at: readonly Span[], style: InPlaceStyle): string {
  const [a, b] = at;
  if (a && b) return text.slice(a.end, b.start);
  const only = a as Span;
  const lineStart = text.lastIndexOf('\n', only.start - 1) + 1;
  const lead = text.slice(lineStart, only.start);
  if (style.kind === 'block-yaml') return /^ *- +$/.test(lead) ? `\n${lead}` : ', ';
  return /^\s*$/.test(lead) ? `,\n${lead}` : ', ';
}

/** A new string quoted like `sample` (an original scalar of the same statement) where the syntax allows. */
function quoteLike(sample: string, value: string, style: InPlaceStyle): string {
  if (style.kind === 'flow' && !style.yaml) return style.quote(value);
  const plain = yamlString(value);
  const flowSafe = style.kind === 'block-yaml' || !/[,[\]{}]/.test(value);
  if (sample.startsWith('"')) return yamlDoubleQuoted(value);
  if (sample.startsWith("'") || !flowSafe)
    return plain.startsWith('"') ? plain : `'${value.replace(/'/g, "''")}'`;
  return plain;
}

/**
 * A top-level key of a block YAML mapping that starts at `start` (its first key's column):
 * the span of its value, from after the colon to its last non-blank line.
 */
function findBlockField(text: string, start: number, end: number, key: string): Span | undefined {
  const col = columnOf(text, start);
  const src = text.slice(start, end);
  const keyRe = new RegExp(`^(["']?)${key}\\1[ \\t]*:(?=\\s|$)`);
  let offset = start;
  let found: number | undefined;
  let valueEnd = -1;
  for (const [i, line] of src.split('\n').entries()) {
    const lineStart = offset;
    offset += line.length + 1;
    const indent = i === 0 ? col : (/^ */.exec(line)?.[0].length ?? 0);
    const body = i === 0 ? line : line.slice(indent);
    const blank = body.trim() === '' || body.startsWith('#');
    if (found === undefined) {
      if (indent !== col) continue;
      const m = keyRe.exec(body);
      if (!m) continue;
      found = lineStart + (i === 0 ? 0 : indent) + m[0].length;
      valueEnd = lineStart + line.replace(/\s+$/, '').length;
      continue;
    }
    if (blank) continue;
    if (indent < col || (indent === col && !body.startsWith('- '))) break;
    valueEnd = lineStart + line.replace(/\s+$/, '').length;
  }
  return found === undefined ? undefined : { start: found, end: valueEnd };
}

/** A top-level key of a flow mapping (JSON, flow YAML, jsonencode) that starts at `start`. */
function findFlowField(
  text: string,
  start: number,
  end: number,
  key: string,
  style: InPlaceStyle & { kind: 'flow' },
): Span | undefined {
  let depth = 0;
  let i = start;
  let expectKey = false;
  while (i < end) {
    const c = text[i] as string;
    if (c === '"' || (c === "'" && style.yaml)) {
      const j = stringEnd(text, i, c);
      if (depth === 1 && expectKey) {
        const name = text.slice(i + 1, j - 1);
        const value = afterKey(text, j, end, name === key);
        if (value !== undefined) return { start: value, end: valueEndOf(text, value, end, style.hclKeys) };
      }
      expectKey = false;
      i = j;
      continue;
    }
    if (depth === 1 && expectKey && /[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i, i + 64));
      const j = i + (m?.[0].length ?? 1);
      const value = afterKey(text, j, end, m?.[0] === key);
      if (value !== undefined) return { start: value, end: valueEndOf(text, value, end, style.hclKeys) };
      expectKey = false;
      i = j;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    if (depth === 1 && (c === '{' || c === ',' || c === '\n')) expectKey = true;
    else if (!/\s/.test(c)) expectKey = false;
    i++;
  }
  return undefined;
}

/** After a key that matched: the offset of its value (past `:` or `=` and spaces). */
function afterKey(text: string, at: number, end: number, matched: boolean): number | undefined {
  if (!matched) return undefined;
  const m = /^[ \t]*[:=][ \t\r\n]*/.exec(text.slice(at, Math.min(end, at + 200)));
  return m ? at + m[0].length : undefined;
}

function valueEndOf(text: string, start: number, end: number, newlineEnds: boolean): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (c === '"' || c === "'") {
      i = stringEnd(text, i, c);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ',' || (c === '\n' && newlineEnds))) break;
    i++;
  }
  return start + text.slice(start, i).replace(/\s+$/, '').length;
}

function stringEnd(text: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < text.length && text[j] !== quote) {
    if (text[j] === '\\' && quote === '"') j++;
    j++;
  }
  // A YAML single-quoted scalar writes its quote twice.
  if (quote === "'" && text[j + 1] === "'") return stringEnd(text, j + 1, quote);
  return j + 1;
}

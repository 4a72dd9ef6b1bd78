import type { StatementToWrite, WriteValue } from './patch-policy.js';
import { renderHclStatements } from './render-hcl.js';
import type { LocatedPolicy } from './template-policy.js';
import { columnOf } from './text/positions.js';
import type { TextEdit } from './text/text-edits.js';

// Kept here for src/cli/commands/patch.ts, which imports it from this file.
export type { TextEdit } from './text/text-edits.js';

/**
 * The text that replaces a policy's statement list: block YAML, flow YAML or JSON, in the
 * style the file already uses. Unchanged statements and kept values are copied from the
 * file byte for byte (re-indented only when they move to another column).
 */
export function renderStatementList(
  text: string,
  policy: LocatedPolicy,
  statements: readonly StatementToWrite[],
): TextEdit {
  const range = policy.listRange;
  if (!range) throw new Error(`${policy.file}: ${policy.path} has no statement list to edit`);
  const [start, rawEnd] = range;
  // Parsers count the whitespace after a block as part of it; an edit must leave it alone.
  const end = start + text.slice(start, rawEnd).replace(/\s+$/, '').length;
  const first = text[start];
  const form = hclForm(policy);
  if (form) return renderHclStatements(text, form, [start, end], statements, policy.statements);
  if (statements.length === 0) return { start, end, text: '[]' };
  if (policy.format === 'terraform') {
    // jsonencode({...}) and heredoc JSON take JSON.
    if (first !== '[')
      throw new Error(`${policy.file}:${policy.line}: rewriting this Terraform form is not supported yet`);
    return { start, end, text: renderFlow(text, start, statements, true, hclObjectKeys(text, statements)) };
  }
  const json = isJsonFile(text);
  if (json || first === '[' || first === '{') {
    return { start, end, text: renderFlow(text, start, statements, json) };
  }
  return { start, end, text: renderBlock(text, policy, start, statements) };
}

function isJsonFile(text: string): boolean {
  return /^\s*\{/.test(text);
}

// ---- block YAML ----

function renderBlock(
  text: string,
  policy: LocatedPolicy,
  start: number,
  statements: readonly StatementToWrite[],
): string {
  const wasSequence = text[start] === '-';
  const dashCol = columnOf(text, start);
  // The items' content column, read from the text: "-" then its spaces.
  // (The first key may also sit on the line after a lone "-".)
  const afterDash = /^\s*/.exec(text.slice(start + 1))?.[0] ?? ' ';
  const itemCol = wasSequence ? columnOf(text, start + 1 + afterDash.length) : dashCol + 2;
  void policy;
  const pad = (n: number): string => ' '.repeat(n);
  const lines: string[] = [];
  statements.forEach((st, i) => {
    const body: string[] = [];
    if (st.original) {
      const src = text.slice(st.original.range[0], st.original.range[1]).replace(/\s+$/, '');
      body.push(...place(src, columnOf(text, st.original.range[0]), itemCol).split('\n'));
    } else {
      if (st.sid !== undefined) body.push(`Sid: ${yamlString(st.sid)}`);
      body.push(`Effect: ${st.effect}`);
      body.push(...yamlValues(text, st.actionKey, st.actions, itemCol, st.actionsAsList === true));
      body.push(...yamlValues(text, st.resourceKey, st.resources, itemCol, st.resourcesAsList === true));
      if (st.conditionSource !== undefined)
        body.push(...yamlCondition(text, st.conditionSource, st.conditionOffset, itemCol));
    }
    const [head, ...rest] = body;
    lines.push(`${i === 0 ? '' : pad(dashCol)}- ${head ?? ''}`);
    for (const l of rest) lines.push(l.startsWith(' ') || l === '' ? l : pad(itemCol) + l);
  });
  return lines.join('\n');
}

function yamlValues(
  text: string,
  key: string,
  values: readonly WriteValue[],
  itemCol: number,
  asList: boolean,
): string[] {
  const listCol = itemCol + 2;
  // A list item's block content is indented from its dash, as the value was from its key.
  const rendered = values.map((v) => renderYamlValue(text, v, listCol));
  const only = values[0];
  const wasList = asList || (only !== undefined && listItem(text, only));
  if (rendered.length === 1 && !wasList && only && blockMap(only)) {
    // A block mapping (`Fn::GetAtt: [...]` on the line under the key) keeps its own line.
    const at =
      (only as { value: { offset?: number; source: string } }).value.offset ??
      locate(text, (only as { value: { source: string } }).value.source) ??
      0;
    const src = (only as { value: { source: string } }).value.source;
    return [`${key}:`, `${' '.repeat(listCol)}${place(src, lineIndentOf(text, at), listCol)}`];
  }
  if (rendered.length === 1 && !wasList && !(rendered[0] as string).includes('\n'))
    return [`${key}: ${rendered[0]}`];
  const out = [`${key}:`];
  for (const r of rendered) {
    const [head, ...rest] = r.split('\n');
    out.push(`${' '.repeat(listCol)}- ${head}`);
    out.push(...rest);
  }
  return out;
}

function renderYamlValue(text: string, v: WriteValue, lineIndent: number): string {
  if (v.kind === 'literal') return yamlString(v.text);
  const src = v.value.source;
  const at = v.value.offset ?? locate(text, src);
  // Continuation lines keep their indentation relative to the line the value starts on.
  return at === undefined ? src : place(src, lineIndentOf(text, at), lineIndent);
}

function yamlCondition(text: string, source: string, offset: number | undefined, itemCol: number): string[] {
  if (source.startsWith('{')) return [`Condition: ${source}`];
  const at = offset ?? locate(text, source);
  const col = itemCol + 2;
  const placed = at === undefined ? source : place(source, lineIndentOf(text, at), col);
  return ['Condition:', `${' '.repeat(col)}${placed}`];
}

/** A plain scalar when YAML reads it back unchanged, else single-quoted. */
function yamlString(s: string): string {
  if (
    /^[A-Za-z0-9/$][A-Za-z0-9:/._*?${}@+=,()-]*$/.test(s) &&
    !/: |#/.test(s) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(s)
  )
    return s;
  return `'${s.replace(/'/g, "''")}'`;
}

// ---- JSON and flow YAML ----

function renderFlow(
  text: string,
  start: number,
  statements: readonly StatementToWrite[],
  json: boolean,
  hclKeys = false,
): string {
  // `"Effect": ...` in JSON; `Effect = ...` in a jsonencode() object written that way.
  const key = (k: string): string => (hclKeys ? `${k} =` : `"${k}":`);
  // Inside YAML, a flow collection that spans lines must stay indented past its block; one
  // line is always valid, so flow YAML is written on one line.
  if (!json) return renderFlowLine(text, statements);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const baseIndent = /^ */.exec(text.slice(lineStart))?.[0].length ?? 0;
  // The items' own column when the file shows it (a heredoc's JSON may indent by 4 inside
  // a file that indents by 2); otherwise the file's indent unit.
  const sample = statements.map((st) => st.original ?? st.from).find((st) => st !== undefined);
  const sampleColumn = sample ? columnOf(text, sample.range[0]) : -1;
  const unit = sampleColumn > baseIndent ? sampleColumn - baseIndent : indentUnit(text);
  const itemIndent = baseIndent + unit;
  const pad = (n: number): string => ' '.repeat(n);
  const items = statements.map((st) => {
    if (st.original) {
      const src = text.slice(st.original.range[0], st.original.range[1]).replace(/\s+$/, '');
      return pad(itemIndent) + place(src, columnOf(text, st.original.range[0]), itemIndent);
    }
    const fieldIndent = itemIndent + unit;
    const fields: string[] = [];
    if (st.sid !== undefined) fields.push(`${key('Sid')} ${JSON.stringify(st.sid)}`);
    fields.push(`${key('Effect')} ${JSON.stringify(st.effect)}`);
    fields.push(`${key(st.actionKey)} ${flowValues(text, st.actions, fieldIndent, unit, json)}`);
    fields.push(`${key(st.resourceKey)} ${flowValues(text, st.resources, fieldIndent, unit, json)}`);
    if (st.conditionSource !== undefined) {
      const at = st.conditionOffset ?? locate(text, st.conditionSource);
      fields.push(
        `${key('Condition')} ${at === undefined ? st.conditionSource : place(st.conditionSource, columnOf(text, at), fieldIndent)}`,
      );
    }
    return `${pad(itemIndent)}{\n${fields.map((f) => pad(fieldIndent) + f).join(',\n')}\n${pad(itemIndent)}}`;
  });
  return `[\n${items.join(',\n')}\n${pad(baseIndent)}]`;
}

function renderFlowLine(text: string, statements: readonly StatementToWrite[]): string {
  const value = (v: WriteValue): string =>
    v.kind === 'literal' ? JSON.stringify(v.text) : v.value.source.replace(/\s*\n\s*/g, ' ');
  const list = (values: readonly WriteValue[]): string =>
    values.length === 1 ? value(values[0] as WriteValue) : `[${values.map(value).join(', ')}]`;
  const items = statements.map((st) => {
    if (st.original)
      return text
        .slice(st.original.range[0], st.original.range[1])
        .trim()
        .replace(/\s*\n\s*/g, ' ');
    const fields = [
      ...(st.sid !== undefined ? [`Sid: ${JSON.stringify(st.sid)}`] : []),
      `Effect: ${st.effect}`,
      `${st.actionKey}: ${list(st.actions)}`,
      `${st.resourceKey}: ${list(st.resources)}`,
      ...(st.conditionSource !== undefined
        ? [`Condition: ${st.conditionSource.replace(/\s*\n\s*/g, ' ')}`]
        : []),
    ];
    return `{${fields.join(', ')}}`;
  });
  return `[${items.join(', ')}]`;
}

function flowValues(
  text: string,
  values: readonly WriteValue[],
  indent: number,
  unit: number,
  json: boolean,
): string {
  const rendered = values.map((v) => {
    if (v.kind === 'literal') return JSON.stringify(v.text);
    const at = v.value.offset ?? locate(text, v.value.source);
    return at === undefined ? v.value.source : place(v.value.source, columnOf(text, at), indent + unit);
  });
  if (rendered.length === 1 && !json) return rendered[0] as string;
  const inner = rendered.map((r) => ' '.repeat(indent + unit) + r).join(',\n');
  return `[\n${inner}\n${' '.repeat(indent)}]`;
}

function indentUnit(text: string): number {
  const m = /\n( +)\S/.exec(text);
  const n = m?.[1]?.length ?? 2;
  return n === 4 ? 4 : 2;
}

// ---- shared ----

/**
 * Moves a multi-line source from one column to another: every line after the first shifts
 * by the same amount, which keeps YAML's indentation structure (and JSON's looks).
 */
export function place(source: string, fromColumn: number, toColumn: number): string {
  const delta = toColumn - fromColumn;
  if (delta === 0 || !source.includes('\n')) return source;
  return source
    .split('\n')
    .map((line, i) => {
      if (i === 0 || line === '') return line;
      if (delta > 0) return ' '.repeat(delta) + line;
      const lead = /^ */.exec(line)?.[0].length ?? 0;
      return line.slice(Math.min(lead, -delta));
    })
    .join('\n');
}

/** A kept value written as a block mapping (`Fn::GetAtt: [T, Arn]`): never inline after a key. */
function blockMap(v: WriteValue): boolean {
  return v.kind === 'kept' && /^[^'"![{\s-][^\n]*?:(\s|$)/.test(v.value.source);
}

/** True when a kept value was written as an item of a block list (`- value`). */
function listItem(text: string, v: WriteValue): boolean {
  if (v.kind !== 'kept') return false;
  const at = v.value.offset ?? locate(text, v.value.source);
  if (at === undefined) return false;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^\s*-\s+$/.test(text.slice(lineStart, at));
}

/** Leading spaces of the line that holds `offset`. */
function lineIndentOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^ */.exec(text.slice(start))?.[0].length ?? 0;
}

// The first place the exact source appears: values are located by their text, which is how
// they were read (a kept value's text occurs in the file by construction).
function locate(text: string, source: string): number | undefined {
  const i = text.indexOf(source);
  return i >= 0 ? i : undefined;
}

/** True when iamtrim can rewrite this policy's statement list in place. */
export function canRender(text: string, policy: LocatedPolicy): boolean {
  if (!policy.listRange) return false;
  return policy.format !== 'terraform' || text[policy.listRange[0]] === '[' || hclForm(policy) !== undefined;
}

/** True when a jsonencode() policy writes its statement keys HCL-style (`Effect = "Allow"`). */
function hclObjectKeys(text: string, statements: readonly StatementToWrite[]): boolean {
  const sample = statements.map((st) => st.original ?? st.from).find((st) => st !== undefined);
  if (!sample) return false;
  return /(^|[\s{,])"?(Effect|Action|Resource)"?\s*=/.test(text.slice(sample.range[0], sample.range[1]));
}

/** The Terraform forms written as HCL rather than JSON. */
function hclForm(policy: LocatedPolicy): 'policy-document' | 'module-statements' | undefined {
  const form = (policy as { form?: string }).form;
  return policy.format === 'terraform' && (form === 'policy-document' || form === 'module-statements')
    ? form
    : undefined;
}

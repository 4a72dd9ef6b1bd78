/** Statement lists written as block YAML, in the style of the file around them. */
import type { StatementToWrite, WriteValue } from '../patch-policy.js';
import type { LocatedPolicy } from '../template-policy.js';
import { columnOf } from '../text/positions.js';
import { anchorColumnOf, lineIndentOf, locate, place, placeBeyond } from './layout.js';
import { yamlString } from './template-strings.js';

/**
 * A statement list as block YAML (`- Effect: Allow` items) at the column the list had.
 */
export function writeYamlBlock(
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
  const only = values[0];
  const wasList = asList || (only !== undefined && listItem(text, only));
  if (values.length === 1 && !wasList && only?.kind === 'kept') {
    const src = only.value.source;
    const at = only.value.offset ?? locate(text, src) ?? 0;
    if (blockMap(only) || !onKeyLine(text, at)) {
      // A value written on the line under its key (a block mapping such as
      // `Fn::Sub:` and its list, or a tagged node) keeps its own line.
      return [
        `${key}:`,
        `${' '.repeat(listCol)}${placeBeyond(src, lineIndentOf(text, at), listCol, itemCol)}`,
      ];
    }
    // `Key: value` as written, continuation lines and all (`Resource: !Sub` and its list):
    // the whole entry moves by one amount, which keeps whatever YAML structure it had.
    return [`${key}: ${place(src, anchorColumnOf(text, at), itemCol)}`];
  }
  // A list item's block content is indented from its dash, as the value was from its key,
  // and always past the dash.
  const rendered = values.map((v) => renderYamlValue(text, v, listCol));
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

function renderYamlValue(text: string, v: WriteValue, dashCol: number): string {
  if (v.kind === 'literal') return yamlString(v.text);
  const src = v.value.source;
  const at = v.value.offset ?? locate(text, src);
  // Continuation lines keep their indentation relative to the line the value starts on.
  return at === undefined ? src : placeBeyond(src, anchorColumnOf(text, at), dashCol, dashCol);
}

/** True when a value starts on its key's line (`Resource: !Sub`), not on a line of its own. */
function onKeyLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return text.slice(lineStart, at).trim() !== '';
}

function yamlCondition(text: string, source: string, offset: number | undefined, itemCol: number): string[] {
  if (source.startsWith('{')) return [`Condition: ${source}`];
  const at = offset ?? locate(text, source);
  const col = itemCol + 2;
  const placed = at === undefined ? source : place(source, lineIndentOf(text, at), col);
  return ['Condition:', `${' '.repeat(col)}${placed}`];
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

/** Statement lists written as JSON or flow YAML, in the style of the file around them. */
import type { StatementToWrite, WriteValue } from '../patch-policy.js';
import { columnOf } from '../text/positions.js';
import { locate, place } from './layout.js';
import { jsonString, yamlDoubleQuoted, type QuoteString } from './template-strings.js';

/**
 * A statement list as JSON (over several lines, indented like the file) or as flow YAML
 * (on one line); `hclKeys` writes `Effect = ...` for a jsonencode() object written that way.
 * `quote` writes a new string in the file's syntax (template-strings.ts): JSON by default,
 * YAML's double quotes in flow YAML.
 */
export function writeFlowList(
  text: string,
  start: number,
  statements: readonly StatementToWrite[],
  json: boolean,
  hclKeys = false,
  quote: QuoteString = json ? jsonString : yamlDoubleQuoted,
): string {
  // `"Effect": ...` in JSON; `Effect = ...` in a jsonencode() object written that way.
  const key = (k: string): string => (hclKeys ? `${k} =` : `"${k}":`);
  // Inside YAML, a flow collection that spans lines must stay indented past its block; one
  // line is always valid, so flow YAML is written on one line.
  if (!json) return renderFlowLine(text, statements, quote);
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
    if (st.sid !== undefined) fields.push(`${key('Sid')} ${quote(st.sid)}`);
    fields.push(`${key('Effect')} ${JSON.stringify(st.effect)}`);
    fields.push(`${key(st.actionKey)} ${flowValues(text, st.actions, fieldIndent, unit, json, quote)}`);
    fields.push(`${key(st.resourceKey)} ${flowValues(text, st.resources, fieldIndent, unit, json, quote)}`);
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

function renderFlowLine(text: string, statements: readonly StatementToWrite[], quote: QuoteString): string {
  const value = (v: WriteValue): string =>
    v.kind === 'literal' ? quote(v.text) : v.value.source.replace(/\s*\n\s*/g, ' ');
  const list = (values: readonly WriteValue[]): string =>
    values.length === 1 ? value(values[0] as WriteValue) : `[${values.map(value).join(', ')}]`;
  const items = statements.map((st) => {
    if (st.original)
      return text
        .slice(st.original.range[0], st.original.range[1])
        .trim()
        .replace(/\s*\n\s*/g, ' ');
    const fields = [
      ...(st.sid !== undefined ? [`Sid: ${quote(st.sid)}`] : []),
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
  quote: QuoteString,
): string {
  const rendered = values.map((v) => {
    if (v.kind === 'literal') return quote(v.text);
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

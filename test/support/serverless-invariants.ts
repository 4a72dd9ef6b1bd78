import { isMap, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { LocatedPolicy } from '../../src/iac/template-policy.js';

/** 0-based column of an offset in text. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * Parses a slice of a YAML file on its own. Padding the first line to its original
 * column puts every line back where it was, so block structure reads the same.
 */
export function reparse(text: string, range: readonly [number, number]): Document.Parsed {
  return parseDocument(' '.repeat(columnOf(text, range[0])) + text.slice(range[0], range[1]));
}

/**
 * What must hold of every located policy whatever the file: ranges are exact, the list
 * slice is the statement list, and each statement's slice re-parses to the statement
 * that was reported (Effect, Sid, each Action/Resource value from its `source`, the
 * Condition). Returns problems rather than throwing, so a corpus run can list them all.
 */
export function checkServerlessInvariants(text: string, policies: readonly LocatedPolicy[]): string[] {
  const problems: string[] = [];
  for (const p of policies) {
    const at = `${p.path} (line ${p.line})`;
    if (p.kind === 'statements' && p.listRange) {
      const list = text.slice(p.listRange[0], p.listRange[1]);
      if (list !== list.trim()) problems.push(`${at}: listRange has surrounding whitespace`);
      const doc = reparse(text, p.listRange);
      const value = doc.toJS() as unknown;
      if (doc.errors.length > 0) problems.push(`${at}: listRange does not parse: ${doc.errors[0]?.message}`);
      else if (!Array.isArray(value) || value.length !== p.statements.length)
        problems.push(`${at}: listRange is not a list of ${p.statements.length} statements`);
      if (columnOf(text, p.listRange[0]) !== p.indent)
        problems.push(`${at}: indent is not the list's column`);
    }
    let previousEnd = -1;
    for (const [i, st] of p.statements.entries()) {
      const where = `${at} statement ${i + 1}`;
      const [start, end] = st.range;
      if (start < previousEnd) problems.push(`${where}: overlaps the one before`);
      previousEnd = end;
      if (p.listRange && (start < p.listRange[0] || end > p.listRange[1]))
        problems.push(`${where}: outside the list`);
      const slice = text.slice(start, end);
      if (slice !== slice.trim()) problems.push(`${where}: range has surrounding whitespace`);
      const doc = reparse(text, st.range);
      const node = doc.contents;
      if (doc.errors.length > 0 || !isMap(node)) {
        problems.push(`${where}: its slice does not re-parse to a mapping ${doc.errors[0]?.message ?? ''}`);
        continue;
      }
      const obj = doc.toJS() as Record<string, unknown>;
      if (obj.Effect !== st.effect) problems.push(`${where}: Effect differs`);
      if (obj.Sid !== st.sid) problems.push(`${where}: Sid differs`);
      for (const [key, values] of [
        [st.actionKey, st.actions],
        [st.resourceKey, st.resources],
      ] as const) {
        const written = node.get(key, true);
        const items = isSeq(written) && written.tag === undefined ? (obj[key] as unknown[]) : [obj[key]];
        if (items.length !== values.length) {
          problems.push(`${where}: ${key} has ${items.length} values, reported ${values.length}`);
          continue;
        }
        let from = start;
        values.forEach((v, j) => {
          const offset = text.indexOf(v.source, from);
          if (offset < 0 || offset + v.source.length > end) {
            problems.push(
              `${where}: ${key}[${j}] source ${JSON.stringify(v.source)} is not in the statement`,
            );
            return;
          }
          from = offset + v.source.length;
          const again = reparse(text, [offset, from]).toJS() as unknown;
          if (JSON.stringify(again) !== JSON.stringify(items[j]))
            problems.push(
              `${where}: ${key}[${j}] source ${JSON.stringify(v.source)} does not re-parse to the value`,
            );
          if (v.kind === 'literal' && v.value !== items[j])
            problems.push(`${where}: ${key}[${j}] literal differs`);
        });
      }
      if (st.conditionSource !== undefined) {
        const offset = text.indexOf(st.conditionSource, start);
        const cond = reparse(text, [offset, offset + st.conditionSource.length]).toJS() as unknown;
        if (offset < 0 || JSON.stringify(cond) !== JSON.stringify(obj.Condition))
          problems.push(`${where}: Condition differs`);
      } else if (obj.Condition !== undefined) problems.push(`${where}: Condition not reported`);
    }
  }
  return problems;
}

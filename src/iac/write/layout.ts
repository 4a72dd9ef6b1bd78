/**
 * Where written text goes: moving a copied source to another column, and finding where a
 * value was written. Shared by the YAML, JSON and HCL statement writers.
 */

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

/**
 * {@link place}, and then, when a continuation line would sit at or left of `minColumn`,
 * further right so that none does. A value moved under a list dash needs this: its block
 * content (`!Sub` followed by its `- template` / `- variables` lines, a long-form
 * `Fn::Sub:` whose list sits at its key's column, a flow list broken over lines) must be
 * indented past the dash, or YAML reads its lines as items of the outer list.
 */
export function placeBeyond(source: string, fromColumn: number, toColumn: number, minColumn: number): string {
  const placed = place(source, fromColumn, toColumn);
  const rest = placed
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '');
  if (rest.length === 0) return placed;
  const least = Math.min(...rest.map((l) => /^ */.exec(l)?.[0].length ?? 0));
  if (least > minColumn) return placed;
  const shift = ' '.repeat(minColumn + 2 - least);
  return placed
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : shift + line))
    .join('\n');
}

/**
 * The column a value's continuation lines were indented from: the dash when the value is a
 * list item (`- !Sub`), else the first key on its line, past any dashes (`Resource` in
 * `- Resource: !Sub`).
 */
export function anchorColumnOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(start, offset);
  if (/^ *(?:- +)+$/.test(before)) return /^ */.exec(before)?.[0].length ?? 0;
  return /^ *(?:- +)*/.exec(before)?.[0].length ?? 0;
}

/** Leading spaces of the line that holds `offset`. */
export function lineIndentOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^ */.exec(text.slice(start))?.[0].length ?? 0;
}

/**
 * The first place the exact source appears: values are located by their text, which is how
 * they were read (a kept value's text occurs in the file by construction).
 */
export function locate(text: string, source: string): number | undefined {
  const i = text.indexOf(source);
  return i >= 0 ? i : undefined;
}

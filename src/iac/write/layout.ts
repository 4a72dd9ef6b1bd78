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

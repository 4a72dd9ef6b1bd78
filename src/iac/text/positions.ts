/**
 * Line and column of an offset in a text. Offsets are indices into the JavaScript string
 * (UTF-16 code units), the unit of `text.slice`; lines are 1-based, columns 0-based.
 */

/** Start offsets of a text's lines, for many lookups in one text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private index(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The 1-based line that holds `offset`. */
  line(offset: number): number {
    return this.index(offset) + 1;
  }

  /** The 0-based column of `offset` on its line. */
  column(offset: number): number {
    return offset - (this.starts[this.index(offset)] ?? 0);
  }
}

/** A function from offset to 1-based line, for readers that pass the lookup around. */
export function lineNumbers(text: string): (offset: number) => number {
  const index = new LineIndex(text);
  return (offset) => index.line(offset);
}

/** The 0-based column of `offset` on its line, for a single lookup. */
export function columnOf(text: string, offset: number): number {
  return offset <= 0 ? offset : offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

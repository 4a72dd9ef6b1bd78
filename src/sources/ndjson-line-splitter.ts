/**
 * Splits newline-delimited JSON into lines. Unlike the structural splitter, a broken
 * line cannot swallow the lines after it: each line stands or falls on its own. A line
 * longer than `maxLine` bytes is not held: it is reported to `onOversized` and dropped.
 */
export class NdjsonLineSplitter {
  private rest: Buffer = Buffer.alloc(0);
  /** True while dropping the rest of an oversized line. */
  private dropping = false;
  private readonly emit: (line: Buffer) => void;
  private readonly maxLine: number;
  private readonly onOversized: () => void;

  constructor(emit: (line: Buffer) => void, maxLine = Infinity, onOversized: () => void = () => undefined) {
    this.emit = emit;
    this.maxLine = maxLine;
    this.onOversized = onOversized;
  }

  push(chunk: Buffer): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      if (this.dropping) {
        this.dropping = false;
        this.onOversized();
      } else this.emitLine(buf.subarray(start, nl));
      start = nl + 1;
    }
    if (!this.dropping && buf.length - start > this.maxLine) this.dropping = true;
    this.rest = this.dropping || start >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(start));
  }

  /** Emits a last line that had no newline after it. */
  end(): void {
    if (this.dropping) this.onOversized();
    else if (this.rest.length > 0) this.emitLine(this.rest);
    this.dropping = false;
    this.rest = Buffer.alloc(0);
  }

  private emitLine(line: Buffer): void {
    for (const b of line) {
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) {
        if (line.length > this.maxLine) this.onOversized();
        else this.emit(line);
        return;
      }
    }
  }
}

/**
 * True when the text looks newline-delimited: one of its first lines is a whole JSON
 * object on its own. Not only the first line, so that a broken first line does not turn
 * the file over to the structural splitter, where it would swallow every line after it.
 * Pretty-printers never put a non-empty object on one line, so pretty JSON stays out.
 */
export function looksLikeNdjson(head: Buffer): boolean {
  let start = 0;
  for (let n = 0; n < 16; n++) {
    const nl = head.indexOf(0x0a, start);
    if (nl < 0) return false;
    const line = head.subarray(start, nl).toString('utf8').trim();
    start = nl + 1;
    if (!line.startsWith('{') || !line.endsWith('}')) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed !== null && typeof parsed === 'object' && Object.keys(parsed).length > 0) return true;
    } catch {
      // a broken line: look at the next
    }
  }
  return false;
}

/**
 * Splits newline-delimited JSON into lines. Unlike the structural splitter, a broken
 * line cannot swallow the lines after it: each line stands or falls on its own.
 */
export class NdjsonLineSplitter {
  private rest: Buffer = Buffer.alloc(0);
  private readonly emit: (line: Buffer) => void;

  constructor(emit: (line: Buffer) => void) {
    this.emit = emit;
  }

  push(chunk: Buffer): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      this.emitLine(buf.subarray(start, nl));
      start = nl + 1;
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
  }

  /** Emits a last line that had no newline after it. */
  end(): void {
    if (this.rest.length > 0) this.emitLine(this.rest);
    this.rest = Buffer.alloc(0);
  }

  private emitLine(line: Buffer): void {
    for (const b of line) {
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) {
        this.emit(line);
        return;
      }
    }
  }
}

/** True when the text up to the first newline is a whole JSON object: the file is NDJSON. */
export function looksLikeNdjson(head: Buffer): boolean {
  const nl = head.indexOf(0x0a);
  if (nl < 0) return false;
  const first = head.subarray(0, nl).toString('utf8').trim();
  if (!first.startsWith('{')) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

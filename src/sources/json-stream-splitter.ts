/**
 * Splits a stream of JSON bytes into record-sized values without holding the whole
 * document, so a multi-gigabyte file never sits in memory at once. It emits:
 * - each element of a top-level array;
 * - each element of `Records` in the S3 delivery shape `{"Records":[...]}`;
 * - each top-level object otherwise (newline-delimited or concatenated JSON).
 *
 * Only structural bytes are inspected; each emitted slice is then given to JSON.parse.
 * A value longer than `maxValue` bytes is not held: it is reported to `onOversized` once
 * it closes, and its bytes are dropped as they arrive.
 */
export class JsonStreamSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private depth = 0;
  private inString = false;
  private escaped = false;
  private topIsArray = false;
  private inRecords = false;
  /** Offsets into `buf` of values still being collected; -1 when none. */
  private topStart = -1;
  private elemStart = -1;
  private keyStart = -1;
  private lastKey = '';
  /** True while dropping an oversized value that would have been emitted. */
  private topDropped = false;
  private elemDropped = false;
  private readonly emit: (slice: Buffer) => void;
  private readonly maxValue: number;
  private readonly onOversized: () => void;

  constructor(emit: (slice: Buffer) => void, maxValue = Infinity, onOversized: () => void = () => undefined) {
    this.emit = emit;
    this.maxValue = maxValue;
    this.onOversized = onOversized;
  }

  push(chunk: Buffer): void {
    const from = this.buf.length;
    this.buf = from > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    this.scan(from);
    // Stop holding a value once it is too big to be a record; it is counted when it closes.
    const size = (start: number): number => (start >= 0 ? this.buf.length - start : 0);
    if (size(this.elemStart) > this.maxValue) {
      this.elemStart = -1;
      this.elemDropped = true;
    }
    if (size(this.topStart) > this.maxValue) {
      this.topStart = -1;
      this.topDropped = true;
    }
    if (size(this.keyStart) > this.maxValue) {
      this.keyStart = -1; // a key that long is not "Records"
      this.lastKey = '';
    }
    // Keep only the bytes of values that are still open.
    let keep = this.buf.length;
    for (const s of [this.topStart, this.elemStart, this.keyStart]) if (s >= 0 && s < keep) keep = s;
    if (keep > 0) {
      this.buf = keep < this.buf.length ? Buffer.from(this.buf.subarray(keep)) : Buffer.alloc(0);
      if (this.topStart >= 0) this.topStart -= keep;
      if (this.elemStart >= 0) this.elemStart -= keep;
      if (this.keyStart >= 0) this.keyStart -= keep;
    }
  }

  /** Bytes seen outside any JSON value (zeros, garbage): reported, since they may have been records. */
  strayBytes = 0;

  /** True when the input ended inside a value: the file was cut short. */
  get incomplete(): boolean {
    return this.depth !== 0 || this.inString;
  }

  private scan(from: number): void {
    const buf = this.buf;
    for (let i = from; i < buf.length; i++) {
      const c = buf[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.keyStart >= 0) {
            this.lastKey = buf.toString('utf8', this.keyStart + 1, i);
            this.keyStart = -1;
          }
        }
        continue;
      }
      if (
        this.depth === 0 &&
        c !== 0x7b &&
        c !== 0x5b &&
        c !== 0x20 &&
        c !== 0x0a &&
        c !== 0x0d &&
        c !== 0x09
      )
        this.strayBytes++;
      if (c === 0x22) {
        this.inString = true;
        if (this.depth === 1 && !this.topIsArray) this.keyStart = i;
      } else if (c === 0x7b || c === 0x5b) {
        if (this.depth === 0) {
          this.topIsArray = c === 0x5b;
          if (!this.topIsArray) this.topStart = i;
        } else if (this.depth === 1 && this.topIsArray) {
          if (this.elemStart < 0) this.elemStart = i;
        } else if (this.depth === 1 && c === 0x5b && this.lastKey === 'Records') {
          this.inRecords = true;
          this.topStart = -1; // the wrapper itself is not a record; stop buffering it
          this.topDropped = false;
        } else if (this.depth === 2 && this.inRecords && this.elemStart < 0) {
          this.elemStart = i;
        }
        this.depth++;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        const elemOpen = this.elemStart >= 0 || this.elemDropped;
        if (this.depth === 1 && this.topIsArray && elemOpen) {
          this.emitValue(this.elemStart, i + 1, this.elemDropped);
          this.elemStart = -1;
          this.elemDropped = false;
        } else if (this.depth === 2 && this.inRecords && elemOpen) {
          this.emitValue(this.elemStart, i + 1, this.elemDropped);
          this.elemStart = -1;
          this.elemDropped = false;
        } else if (this.depth === 1 && this.inRecords && c === 0x5d) {
          this.inRecords = false;
        } else if (this.depth === 0) {
          if (this.topStart >= 0 || this.topDropped) this.emitValue(this.topStart, i + 1, this.topDropped);
          this.topStart = -1;
          this.topDropped = false;
          this.lastKey = '';
        }
      }
    }
  }

  private emitValue(start: number, end: number, dropped: boolean): void {
    if (dropped || end - start > this.maxValue) this.onOversized();
    else this.emit(this.buf.subarray(start, end));
  }
}

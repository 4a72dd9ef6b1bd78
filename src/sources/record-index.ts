/**
 * Where the records of a CloudTrail delivery document (`{"Records":[{"eventVersion":...},
 * ...]}`, compact, as CloudTrail writes it) start and end, and what the prefilter needs to
 * know of each before reading it: whether it holds an escape, a needle of every group, a
 * `"Records"` string, and where its `eventType`, `managementEvent` and `eventCategory`
 * values start. Found by one search per string over the whole text, never per record.
 *
 * The optional native addon computes the same index while it inflates (native/gunzip.c);
 * this is the reference it is tested against, and the index used without the addon.
 */

/** Int32 fields per record in an index. */
export const INDEX_STRIDE = 6;
/** Field offsets within a record's entry. */
export const AT_START = 0;
/** Just past the record's closing brace. */
export const AT_STOP = 1;
export const AT_FLAGS = 2;
/** Where each key's value starts; ABSENT or TWICE otherwise. */
export const AT_EVENT_TYPE = 3;
export const AT_MANAGEMENT_EVENT = 4;
export const AT_EVENT_CATEGORY = 5;

/** The record holds a backslash (a name could hide behind an escape). */
export const FLAG_ESCAPED = 1;
/** The record holds a needle of every group: the filter may select it. */
export const FLAG_MAY_MATCH = 2;
/** The record holds a `"Records"` string (a second `Records` array would show so). */
export const FLAG_RECORDS = 4;

export const ABSENT = -1;
/** The key is written more than once in the record (JSON.parse takes the last). */
export const TWICE = -2;

export const DOC_HEAD = '{"Records":[';
export const RECORD_HEAD = '{"eventVersion":"';
const SEPARATOR = '},{"eventVersion":"';

/**
 * The index of `text`, or undefined when it is not a delivery document that opens with a
 * record (`{"Records":[{"eventVersion":"`) and closes with `]}` and white space. Records
 * are cut at every `},{"eventVersion":"`; a cut inside a string only makes a "record" that
 * fails its checks or its parse, which sends the document the ordinary way.
 */
export function indexRecords(text: string, groups: readonly (readonly string[])[]): Int32Array | undefined {
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (
    !text.startsWith(DOC_HEAD + RECORD_HEAD) ||
    end < DOC_HEAD.length + 2 ||
    !text.startsWith(']}', end - 2)
  )
    return undefined;
  const docEnd = end - 2; // the last record ends here
  const needles = groups.map((g) => g.map((n) => new Cursor(text, n)));
  const separators = new Cursor(text, SEPARATOR);
  const backslashes = new Cursor(text, '\\');
  // Each key by a part that starts with a capital letter: V8 searches those as a memchr for
  // a letter JSON keys rarely hold (6-7 GB/s each); the four together took 0.7 of the time of
  // one regex for all of them, which stops at every quote.
  const eventTypes = new KeySearch(text, '"eventType":', 'Type":');
  const managementEvents = new KeySearch(text, '"managementEvent":', 'Event":');
  const eventCategories = new KeySearch(text, '"eventCategory":', 'Category":');
  const records = new KeySearch(text, '"Records"', 'Recor');
  let index = new Int32Array(INDEX_STRIDE * 64);
  let n = 0;
  let start = DOC_HEAD.length;
  while (start < docEnd) {
    const sep = separators.from(start);
    const stop = sep < 0 || sep >= docEnd ? docEnd : sep + 1;
    if (n + INDEX_STRIDE > index.length) {
      const grown = new Int32Array(index.length * 2);
      grown.set(index);
      index = grown;
    }
    index[n + AT_START] = start;
    index[n + AT_STOP] = stop;
    index[n + AT_FLAGS] =
      (backslashes.within(start, stop) ? FLAG_ESCAPED : 0) |
      (mayMatch(start, stop, needles) ? FLAG_MAY_MATCH : 0) |
      (records.first(start, stop) !== ABSENT ? FLAG_RECORDS : 0);
    index[n + AT_EVENT_TYPE] = eventTypes.first(start, stop);
    index[n + AT_MANAGEMENT_EVENT] = managementEvents.first(start, stop);
    index[n + AT_EVENT_CATEGORY] = eventCategories.first(start, stop);
    n += INDEX_STRIDE;
    start = stop + 1; // past the comma
  }
  return index.subarray(0, n);
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The occurrences of one string in a text, met in increasing order: each search starts
 * where the last one ended, so the text is searched once whatever the number of records.
 */
class Cursor {
  private at = -1;
  constructor(
    private readonly text: string,
    readonly needle: string,
  ) {}

  /** The first occurrence at or after `from`, or -1. */
  from(from: number): number {
    if (this.at === -2) return -1;
    if (this.at < from) {
      this.at = this.text.indexOf(this.needle, from);
      if (this.at < 0) this.at = -2;
    }
    return this.at < 0 ? -1 : this.at;
  }

  /** True when an occurrence lies wholly inside [start, stop). */
  within(start: number, stop: number): boolean {
    const at = this.from(start);
    return at >= 0 && at + this.needle.length <= stop;
  }
}

/** True when every group has a needle inside [start, stop). */
function mayMatch(start: number, stop: number, groups: Cursor[][]): boolean {
  for (const group of groups) {
    let found = false;
    for (const needle of group)
      if (needle.within(start, stop)) {
        found = true;
        break;
      }
    if (!found) return false;
  }
  return true;
}

/** One key's occurrences in a text, in increasing order, found by a distinctive part of it. */
class KeySearch {
  private readonly cursor: Cursor;
  /** How far the searched part lies into the key. */
  private readonly offset: number;
  constructor(
    private readonly text: string,
    private readonly key: string,
    part: string,
  ) {
    this.cursor = new Cursor(text, part);
    this.offset = key.indexOf(part);
  }

  /**
   * Where the value after the key's one occurrence in [start, stop) starts (just past the
   * key), ABSENT when it has none, TWICE when more.
   */
  first(start: number, stop: number): number {
    let found = ABSENT;
    let at = this.cursor.from(start + this.offset);
    while (at >= 0 && at - this.offset + this.key.length <= stop) {
      const keyStart = at - this.offset;
      if (this.text.startsWith(this.key, keyStart)) {
        if (found !== ABSENT) return TWICE;
        found = keyStart + this.key.length;
      }
      at = this.cursor.from(at + 1);
    }
    return found;
  }
}

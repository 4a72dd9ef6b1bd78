import { isAscii } from 'node:buffer';
import { isTrailRecord } from '../normalize/normalize-record.js';
import type { UsageFilter } from '../usage/usage-filter.js';
import { decodeText } from './decode-text.js';
import { unwrapRecords, type UnwrapSink } from './unwrap-records.js';

/**
 * What a scan with a role or function filter looks for in the raw bytes. A record whose
 * bytes contain no needle of a group cannot be selected by the filter, so it need not be
 * parsed in full: only the few top-level fields that the statistics over all records use
 * are read from it (see `readRecordsPrefiltered`).
 */
export interface RecordPrefilter {
  /** A record may match only when, for every group, it contains one of the group's needles. */
  readonly groups: readonly (readonly Buffer[])[];
  /** Records of these event sources are always parsed in full (drift's policy changes). */
  readonly alwaysSources: readonly string[];
}

// Bytes a needle may not contain: JSON would always escape them, so the raw text never
// holds them as they are, and the search would miss the record. Non-ASCII names are
// searched for by the ordinary parse (the prefilter reads ASCII documents only).
function unsafeNeedle(n: Buffer): boolean {
  return n.some((b) => b === 0x22 || b === 0x5c || b < 0x20 || b > 0x7e);
}

/**
 * The prefilter for a filter, or undefined when it selects by no role or function (or a
 * name could only appear escaped): every record is then parsed as before.
 *
 * A role reference matches the role ARN's last path segment (`roleMatches`), whether the
 * ARN comes from the session issuer or is rebuilt from an assumed-role ARN: that name is
 * in the bytes either way, while a whole role ARN may not be.
 */
export function createRecordPrefilter(
  filter: UsageFilter,
  capturePolicyChanges = false,
): RecordPrefilter | undefined {
  const groups: Buffer[][] = [];
  if (filter.roles && filter.roles.length > 0)
    groups.push(
      filter.roles.map((r) => Buffer.from(r.startsWith('arn:') ? r.slice(r.lastIndexOf('/') + 1) : r)),
    );
  if (filter.functions && filter.functions.length > 0)
    groups.push(filter.functions.map((f) => Buffer.from(f)));
  if (groups.length === 0) return undefined;
  for (const g of groups) for (const n of g) if (n.length === 0 || unsafeNeedle(n)) return undefined;
  return { groups, alwaysSources: capturePolicyChanges ? ['iam.amazonaws.com'] : [] };
}

const DOC_HEAD = '{"Records":[';
const RECORD_HEAD = '{"eventVersion":"';
const SEPARATOR = '},{"eventVersion":"';
/**
 * A record's opening fields in the order CloudTrail writes them. `userIdentity` is checked
 * by JSON.parse (a balanced object), so the fields after it are the record's own, not
 * nested ones.
 */
const HEADER =
  /\{"eventVersion":"([^"]*)","userIdentity":(\{[^]*?\}),"eventTime":"([^"]*)","eventSource":"([^"]*)","eventName":"([^"]*)","awsRegion":"([^"]*)",/y;
/**
 * Later fields the scan reads before its principal filter, found in one pass over the rest
 * of the record; a later occurrence wins, as in JSON.parse.
 */
const TAIL_KEY = /"(eventType|managementEvent|eventCategory)":/g;
const TAIL_VALUE = /"([^"]*)"|(true|false|null|-?\d[\d.eE+-]*)/y;

/**
 * Reads a `{"Records":[{"eventVersion":...},...]}` document (what CloudTrail delivers),
 * parsing in full only the records that may match `prefilter`, and any it is unsure of: one
 * with an escape (a name could hide behind it), one of an `alwaysSources` source, one
 * whose fields are not in CloudTrail's order. Every other record is handed
 * to `sink` as a stub holding the fields the scan reads before its principal filter
 * (times, region, source, name, type, category, identity), which gives the statistics
 * over all records exactly and is never selected by the filter.
 *
 * Returns false, having handed nothing on, when the document is not of that form or a
 * record parsed in full is not valid JSON: the caller then reads it the ordinary way.
 *
 * What this does not check is the JSON between the fields a stub uses, in a record that
 * cannot match. A forged file could make such a record count where the full parse would
 * have refused the file; its author could as well have written a valid record, so this
 * gives a forger nothing, and a record that may match is always parsed in full.
 */
export function readRecordsPrefiltered(buf: Buffer, prefilter: RecordPrefilter, sink: UnwrapSink): boolean {
  // Latin1 keeps string offsets equal to byte offsets; other text takes the ordinary path.
  if (!isAscii(buf)) return false;
  const text = decodeText(buf); // ASCII: either decoding gives the same string

  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (!text.startsWith(DOC_HEAD + RECORD_HEAD) || !text.startsWith(']}', end - 2)) return false;
  const docEnd = end - 2; // the last record ends here
  // A second `Records` array: JSON.parse would keep only one; the ordinary path reads both.
  if (text.indexOf('"Records"', DOC_HEAD.length) >= 0) return false;
  const needles = prefilter.groups.map((g) => g.map((n) => n.toString('latin1')));
  const hits = needles.map((g) => g.map(() => -1));
  let backslash = -1;
  const out: { full: boolean; value: unknown }[] = [];
  try {
    let start = DOC_HEAD.length;
    while (start < docEnd) {
      const sep = text.indexOf(SEPARATOR, start);
      const stop = sep < 0 || sep >= docEnd ? docEnd : sep + 1;
      if (backslash !== -2 && backslash < start) {
        backslash = text.indexOf('\\', start);
        if (backslash < 0) backslash = -2;
      }
      const escaped = backslash >= 0 && backslash < stop;
      const stub =
        escaped || mayMatch(text, start, stop, needles, hits) ? undefined : stubOf(text, start, stop);
      const full =
        stub === undefined ||
        !isTrailRecord(stub) ||
        prefilter.alwaysSources.includes(stub.eventSource as string);
      out.push(full ? { full, value: JSON.parse(text.slice(start, stop)) } : { full, value: stub });
      start = stop + 1; // past the comma
    }
  } catch {
    return false;
  }
  // Depth 2: where the full parse meets a `Records` element.
  for (const o of out) {
    if (o.full) unwrapRecords(o.value, sink, 2);
    else sink.record(o.value);
  }
  return true;
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * True when every group has a needle inside [start, stop). `hits` keeps, per needle, the
 * next place it occurs at or after the current record, so the text is searched once.
 */
function mayMatch(text: string, start: number, stop: number, groups: string[][], hits: number[][]): boolean {
  for (const [gi, group] of groups.entries()) {
    const groupHits = hits[gi] as number[];
    let found = false;
    for (const [ni, needle] of group.entries()) {
      let at = groupHits[ni] as number;
      while (at !== -2 && at < start) {
        at = text.indexOf(needle, Math.max(at + 1, start));
        if (at < 0) at = -2; // no more occurrences
      }
      groupHits[ni] = at;
      if (at >= 0 && at + needle.length <= stop) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

const interned = new Map<string, string>();
const INTERN_LIMIT = 4096;

/**
 * A copy of a string cut from a document's text, shared by equal values. Kept values (a
 * region in the statistics, an ARN in the principal cache) would otherwise hold on to the
 * whole text they were cut from: V8 cuts substrings as views.
 */
function intern(s: string): string {
  let flat = interned.get(s);
  if (flat === undefined) {
    flat = Buffer.from(s, 'latin1').toString('latin1');
    if (interned.size >= INTERN_LIMIT) interned.clear();
    interned.set(flat, flat);
  }
  return flat;
}

// The usual identities, read without a parse: only the fields `resolvePrincipal` uses.
const ASSUMED_ROLE =
  /^\{"type":"AssumedRole","principalId":"([^"]*)","arn":"([^"]*)","accountId":"[^"]*",(?:"accessKeyId":"[^"]*",)?"sessionContext":\{"sessionIssuer":\{"type":"Role","principalId":"[^"]*","arn":"([^"]+)",/;
const AWS_SERVICE = /^\{"type":"AWSService","invokedBy":"([^"]*)"/;
const IAM_USER = /^\{"type":"IAMUser","principalId":"[^"]*","arn":"([^"]+)",/;

/** A record's `userIdentity` as far as the scan reads it before its principal filter. */
function identityOf(text: string): unknown {
  let m = ASSUMED_ROLE.exec(text);
  if (m)
    return {
      type: 'AssumedRole',
      principalId: intern(m[1] as string),
      arn: intern(m[2] as string),
      sessionContext: { sessionIssuer: { arn: intern(m[3] as string) } },
    };
  m = AWS_SERVICE.exec(text);
  if (m) return { type: 'AWSService', invokedBy: intern(m[1] as string) };
  m = IAM_USER.exec(text);
  if (m) return { type: 'IAMUser', arn: intern(m[1] as string) };
  return JSON.parse(text);
}

/** The record's stub, or undefined when its fields are not where and as often as expected. */
function stubOf(text: string, start: number, stop: number): Record<string, unknown> | undefined {
  // A slice (not a copy): every search below stays inside the record.
  const record = text.slice(start, stop);
  HEADER.lastIndex = 0;
  const m = HEADER.exec(record);
  if (!m) return undefined;
  const headerEnd = HEADER.lastIndex;
  const userIdentity = identityOf(m[2] as string);
  const stub: Record<string, unknown> = {
    eventVersion: m[1],
    userIdentity,
    eventTime: m[3],
    eventSource: intern(m[4] as string),
    eventName: m[5],
    awsRegion: intern(m[6] as string),
  };
  TAIL_KEY.lastIndex = headerEnd;
  for (let k = TAIL_KEY.exec(record); k; k = TAIL_KEY.exec(record)) {
    TAIL_VALUE.lastIndex = TAIL_KEY.lastIndex;
    const v = TAIL_VALUE.exec(record);
    if (!v) return undefined; // an object or array: the full parse says what it means
    stub[k[1] as string] = v[1] !== undefined ? v[1] : JSON.parse(v[2] as string);
    TAIL_KEY.lastIndex = TAIL_VALUE.lastIndex;
  }
  return stub;
}

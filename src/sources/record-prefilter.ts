import { isAscii } from 'node:buffer';
import { isEventSource, NON_API_TYPES } from '../normalize/normalize-record.js';
import { parseEventTime } from '../normalize/parse-event-time.js';
import type { UnselectedKind } from '../usage/add-unselected.js';
import type { UsageFilter } from '../usage/usage-filter.js';
import { decodeText } from './decode-text.js';
import { unwrapRecords, type UnwrapSink } from './unwrap-records.js';

/**
 * What a scan with a role or function filter looks for in the raw bytes. A record whose
 * bytes contain no needle of a group cannot be selected by the filter, so it need not be
 * parsed at all: only the few top-level fields that the statistics over all records use
 * are read from its text (see `readRecordsPrefiltered`).
 */
export interface RecordPrefilter {
  /**
   * A record may match only when, for every group, its text contains one of the group's
   * needles (printable ASCII, searched for in documents that are all ASCII).
   */
  readonly groups: readonly (readonly string[])[];
  /** Records of these event sources are always parsed in full (drift's policy changes). */
  readonly alwaysSources: readonly string[];
}

// Characters a needle may not contain: JSON would always escape them, so the raw text never
// holds them as they are, and the search would miss the record. Non-ASCII names are
// searched for by the ordinary parse (the prefilter reads ASCII documents only).
function unsafeNeedle(n: string): boolean {
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c < 0x20 || c > 0x7e) return true;
  }
  return false;
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
  const groups: string[][] = [];
  if (filter.roles && filter.roles.length > 0)
    groups.push(filter.roles.map((r) => (r.startsWith('arn:') ? r.slice(r.lastIndexOf('/') + 1) : r)));
  if (filter.functions && filter.functions.length > 0) groups.push([...filter.functions]);
  if (groups.length === 0) return undefined;
  for (const g of groups) for (const n of g) if (n.length === 0 || unsafeNeedle(n)) return undefined;
  return { groups, alwaysSources: capturePolicyChanges ? ['iam.amazonaws.com'] : [] };
}

/** A record's place in the statistics, for a record the filter cannot select. */
export type UnselectedSink = (
  kind: UnselectedKind,
  timeMs: number,
  region: string,
  eventSource: string,
) => void;

/** A prefilter with where the records it proves unselectable go. */
export interface PrefilterScan {
  readonly prefilter: RecordPrefilter;
  readonly unselected: UnselectedSink;
}

const DOC_HEAD = '{"Records":[';
const RECORD_HEAD = '{"eventVersion":"';
const SEPARATOR = '},{"eventVersion":"';
const IDENTITY_HEAD = '","userIdentity":{';
const IDENTITY_END = '},"eventTime":"';
const SOURCE_HEAD = '","eventSource":"';
const NAME_HEAD = '","eventName":"';
const REGION_HEAD = '","awsRegion":"';

/**
 * Reads a `{"Records":[{"eventVersion":...},...]}` document (what CloudTrail delivers),
 * parsing in full only the records that may match `prefilter`, and any it is unsure of: one
 * with an escape (a name could hide behind it), one of an `alwaysSources` source, one
 * whose opening fields are not in CloudTrail's order, an identity or record type other than
 * the usual ones, a time that does not parse, a later field written twice. Every other
 * record is never parsed: its time, region, source and kind go to `sink.unselected`, which
 * gives the statistics over all records exactly, as `addRecord` would have counted it.
 *
 * Returns false, having handed nothing on, when the document is not of that form or a
 * record parsed in full is not valid JSON: the caller then reads it the ordinary way.
 *
 * What this does not check is the JSON between the fields it reads, in a record that
 * cannot match. A forged file could make such a record count where the full parse would
 * have refused the file; its author could as well have written a valid record, so this
 * gives a forger nothing, and a record that may match is always parsed in full. Likewise
 * `eventType`, `managementEvent` and `eventCategory` are found by their keys after the
 * opening fields: a record lacking the top-level key but holding it nested (never seen in
 * CloudTrail's output) would be counted by the nested value.
 */
export function readRecordsPrefiltered(buf: Buffer, scan: PrefilterScan, sink: UnwrapSink): boolean {
  // Latin1 keeps string offsets equal to byte offsets; other text takes the ordinary path.
  if (!isAscii(buf)) return false;
  const text = decodeText(buf); // ASCII: either decoding gives the same string

  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (!text.startsWith(DOC_HEAD + RECORD_HEAD) || !text.startsWith(']}', end - 2)) return false;
  const docEnd = end - 2; // the last record ends here
  const { prefilter } = scan;
  const needles = prefilter.groups.map((g) => g.map((n) => new Cursor(text, n)));
  const separators = new Cursor(text, SEPARATOR);
  const backslashes = new Cursor(text, '\\');
  const tail = new TailKeys(text);
  // Unselected records by their place in `order` (a number); parsed ones as objects.
  const order: (number | { value: unknown })[] = [];
  const found: Found = { kind: 'event', timeMs: 0, region: '', eventSource: '' };
  const kinds: UnselectedKind[] = [];
  const times: number[] = [];
  const regions: string[] = [];
  const sources: string[] = [];
  try {
    let start = DOC_HEAD.length;
    while (start < docEnd) {
      const sep = separators.from(start);
      const stop = sep < 0 || sep >= docEnd ? docEnd : sep + 1;
      const escaped = backslashes.within(start, stop);
      if (
        !escaped &&
        !mayMatch(start, stop, needles) &&
        readUnselected(text, start, stop, tail, scan, found)
      ) {
        order.push(kinds.length);
        kinds.push(found.kind);
        times.push(found.timeMs);
        regions.push(found.region);
        sources.push(found.eventSource);
      } else order.push({ value: JSON.parse(text.slice(start, stop)) });
      start = stop + 1; // past the comma
    }
  } catch {
    return false;
  }
  for (const o of order) {
    // Depth 2: where the full parse meets a `Records` element.
    if (typeof o === 'number')
      scan.unselected(
        kinds[o] as UnselectedKind,
        times[o] as number,
        regions[o] as string,
        sources[o] as string,
      );
    else unwrapRecords(o.value, sink, 2);
  }
  return true;
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

/**
 * Where a record's `eventType`, `managementEvent` and `eventCategory` values start. Each key
 * is found by a short search that starts with a capital letter (`Type":`, `Event":`,
 * `Category":`): V8 runs those as a `memchr` for a letter JSON keys rarely hold, four to
 * five times the speed of one regex that stops at every quote. A hit is a key only when
 * the rest of the key comes before it. The same way meets any `"Records"` string: a second
 * `Records` array after the first (JSON.parse would keep only one; the ordinary path reads
 * both) shows as one inside a "record", which is then parsed in full and fails.
 */
class TailKeys {
  private readonly eventTypes: KeySearch;
  private readonly managementEvents: KeySearch;
  private readonly eventCategories: KeySearch;
  private readonly records: KeySearch;
  eventType = -1;
  managementEvent = -1;
  eventCategory = -1;
  constructor(text: string) {
    this.eventTypes = new KeySearch(text, '"eventType":', 'Type":');
    this.managementEvents = new KeySearch(text, '"managementEvent":', 'Event":');
    this.eventCategories = new KeySearch(text, '"eventCategory":', 'Category":');
    this.records = new KeySearch(text, '"Records"', 'Recor');
  }

  /**
   * Reads the keys in [start, stop) into the fields (-1 when absent); false when one is
   * written twice (JSON.parse would take the last, which may be a nested one) or the
   * record holds a `"Records"` string.
   */
  read(start: number, stop: number): boolean {
    if (this.records.first(start, stop) !== -1) return false;
    this.eventType = this.eventTypes.first(start, stop);
    this.managementEvent = this.managementEvents.first(start, stop);
    this.eventCategory = this.eventCategories.first(start, stop);
    return this.eventType !== TWICE && this.managementEvent !== TWICE && this.eventCategory !== TWICE;
  }
}

const TWICE = -2;

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
   * Where the value after the key's one occurrence in [start, stop) starts (for a key
   * ending in `:`; the key's own start otherwise), -1 when it has none, TWICE when more.
   */
  first(start: number, stop: number): number {
    let found = -1;
    let at = this.cursor.from(start + this.offset);
    while (at >= 0 && at - this.offset + this.key.length <= stop) {
      const keyStart = at - this.offset;
      if (this.text.startsWith(this.key, keyStart)) {
        if (found !== -1) return TWICE;
        found = this.key.endsWith(':') ? keyStart + this.key.length : keyStart;
      }
      at = this.cursor.from(at + 1);
    }
    return found;
  }
}

/** A JSON string value at `at` (no escapes: the record has none), or undefined. */
function stringAt(text: string, at: number, stop: number): string | undefined {
  if (text.charCodeAt(at) !== 0x22) return undefined;
  const close = text.indexOf('"', at + 1);
  return close < 0 || close >= stop ? undefined : text.slice(at + 1, close);
}

interface Found {
  kind: UnselectedKind;
  timeMs: number;
  region: string;
  eventSource: string;
}

// The usual identities whose principal `resolvePrincipal` takes without doubt.
const ASSUMED_ROLE =
  /\{"type":"AssumedRole","principalId":"[^"]*","arn":"[^"]*","accountId":"[^"]*",(?:"accessKeyId":"[^"]*",)?"sessionContext":\{"sessionIssuer":\{"type":"Role","principalId":"[^"]*","arn":"[^"]+"/y;
const IAM_USER = /\{"type":"IAMUser","principalId":"[^"]*","arn":"[^"]+"/y;
const AWS_SERVICE = '{"type":"AWSService",';

/**
 * Reads what the statistics need of the record in [start, stop) into `found`, or returns
 * false when anything is unusual (the caller then parses the record in full). The steps
 * follow `normalizeRecord`: source, time, record type, then identity.
 */
function readUnselected(
  text: string,
  start: number,
  stop: number,
  tail: TailKeys,
  scan: PrefilterScan,
  found: Found,
): boolean {
  // {"eventVersion":"…","userIdentity":{…},"eventTime":"…","eventSource":"…","eventName":"…","awsRegion":"…",
  const versionEnd = text.indexOf('"', start + RECORD_HEAD.length);
  if (versionEnd < 0 || versionEnd >= stop || !text.startsWith(IDENTITY_HEAD, versionEnd)) return false;
  const identity = versionEnd + IDENTITY_HEAD.length - 1;
  const identityEnd = text.indexOf(IDENTITY_END, identity);
  if (identityEnd < 0 || identityEnd >= stop) return false;
  const time = identityEnd + IDENTITY_END.length;
  const timeEnd = text.indexOf('"', time);
  if (timeEnd < 0 || timeEnd >= stop || !text.startsWith(SOURCE_HEAD, timeEnd)) return false;
  const source = timeEnd + SOURCE_HEAD.length;
  const sourceEnd = text.indexOf('"', source);
  if (sourceEnd < 0 || sourceEnd >= stop || !text.startsWith(NAME_HEAD, sourceEnd)) return false;
  const nameEnd = text.indexOf('"', sourceEnd + NAME_HEAD.length);
  if (nameEnd < 0 || nameEnd >= stop || !text.startsWith(REGION_HEAD, nameEnd)) return false;
  const region = nameEnd + REGION_HEAD.length;
  const regionEnd = text.indexOf('"', region);
  if (regionEnd < 0 || regionEnd + 1 >= stop || text.charCodeAt(regionEnd + 1) !== 0x2c) return false;
  const after = regionEnd + 2;

  const eventSource = recent.sources.of(text, source, sourceEnd);
  if (!isEventSource(eventSource) || scan.prefilter.alwaysSources.includes(eventSource)) return false;
  const timeMs = parseEventTime(text, time, timeEnd);
  if (Number.isNaN(timeMs)) return false;

  if (!tail.read(after, stop)) return false;
  const { eventType: typeAt, managementEvent: managementAt, eventCategory: categoryAt } = tail;
  let kind: UnselectedKind;
  const eventType = typeAt < 0 ? 'AwsApiCall' : stringAt(text, typeAt, stop);
  if (eventType === undefined) return false;
  if (NON_API_TYPES.has(eventType)) kind = 'non-api';
  else if (eventType !== 'AwsApiCall')
    return false; // skipped with its reason by the full parse
  else if (text.startsWith(AWS_SERVICE, identity)) kind = 'service-call';
  else {
    if (!isUsualPrincipal(text, identity, identityEnd + 1)) return false;
    let data = false;
    if (categoryAt >= 0) {
      const category = stringAt(text, categoryAt, stop);
      if (category === undefined) return false;
      data = category === 'Data';
    }
    if (managementAt >= 0) {
      if (text.startsWith('false', managementAt)) data = true;
      else if (!text.startsWith('true', managementAt)) return false;
    }
    kind = data ? 'data-event' : 'event';
  }
  found.kind = kind;
  found.timeMs = timeMs;
  found.region = recent.regions.of(text, region, regionEnd);
  found.eventSource = eventSource;
  return true;
}

/** True when the identity in [at, end) is an assumed role with its issuer, or an IAM user with an ARN. */
function isUsualPrincipal(text: string, at: number, end: number): boolean {
  for (const pattern of [ASSUMED_ROLE, IAM_USER]) {
    pattern.lastIndex = at;
    if (pattern.test(text) && pattern.lastIndex <= end) return true;
  }
  return false;
}

/**
 * Flat copies of the short values cut from a document's text (regions, event sources),
 * the last one first: a file is one region's, and its records repeat a few sources. Kept
 * values would otherwise hold on to the whole text they were cut from (V8 cuts substrings
 * as views).
 */
class RecentValues {
  private last = '';
  private readonly all = new Map<string, string>();

  /** The value written in [start, end) of `text`. */
  of(text: string, start: number, end: number): string {
    const last = this.last;
    if (end - start === last.length && text.startsWith(last, start)) return last;
    const cut = text.slice(start, end);
    let flat = this.all.get(cut);
    if (flat === undefined) {
      flat = Buffer.from(cut, 'latin1').toString('latin1');
      if (this.all.size >= 4096) this.all.clear();
      this.all.set(flat, flat);
    }
    this.last = flat;
    return flat;
  }
}

const recent = { regions: new RecentValues(), sources: new RecentValues() };

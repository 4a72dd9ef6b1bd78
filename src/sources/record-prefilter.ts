import { isAscii } from 'node:buffer';
import { isEventSource, NON_API_TYPES } from '../normalize/normalize-record.js';
import { parseEventTime } from '../normalize/parse-event-time.js';
import type { UnselectedKind } from '../usage/add-unselected.js';
import type { UsageFilter } from '../usage/usage-filter.js';
import {
  AT_EVENT_CATEGORY,
  AT_EVENT_TYPE,
  AT_FLAGS,
  AT_MANAGEMENT_EVENT,
  AT_START,
  AT_STOP,
  INDEX_STRIDE,
  indexRecords,
  RECORD_HEAD,
  TWICE,
} from './record-index.js';
import { decodeText } from './decode-text.js';
import { PARSE_IN_FULL, type ScannedRecords } from './inflate-native.js';
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
 * `input` is the document's bytes, or its text when all ASCII. Returns false, having handed
 * nothing on, when the document is not of that form or a record parsed in full is not
 * valid JSON: the caller then reads it the ordinary way.
 *
 * What this does not check is the JSON between the fields it reads, in a record that
 * cannot match. A forged file could make such a record count where the full parse would
 * have refused the file; its author could as well have written a valid record, so this
 * gives a forger nothing, and a record that may match is always parsed in full. Likewise
 * `eventType`, `managementEvent` and `eventCategory` are found by their keys anywhere in
 * the record (written twice, it is parsed in full): a record lacking the top-level key but
 * holding it nested (never seen in CloudTrail's output) would be counted by the nested value.
 */
export function readRecordsPrefiltered(
  input: Buffer | string,
  scan: PrefilterScan,
  sink: UnwrapSink,
): boolean {
  let text: string;
  if (Buffer.isBuffer(input)) {
    // Latin1 keeps string offsets equal to byte offsets; other text takes the ordinary path.
    if (!isAscii(input)) return false;
    text = decodeText(input); // ASCII: either decoding gives the same string
  } else text = input;
  const index = indexRecords(text, scan.prefilter.groups);
  if (!index) return false;
  // Unselected records by their place in `order` (a number); parsed ones as objects.
  const order: (number | { value: unknown })[] = [];
  const found: Found = { kind: 'event', timeMs: 0, region: '', eventSource: '' };
  const kinds: UnselectedKind[] = [];
  const times: number[] = [];
  const regions: string[] = [];
  const sources: string[] = [];
  try {
    for (let i = 0; i < index.length; i += INDEX_STRIDE) {
      const start = index[i + AT_START] as number;
      const stop = index[i + AT_STOP] as number;
      if ((index[i + AT_FLAGS] as number) === 0 && readUnselected(text, start, stop, index, i, scan, found)) {
        order.push(kinds.length);
        kinds.push(found.kind);
        times.push(found.timeMs);
        regions.push(found.region);
        sources.push(found.eventSource);
      } else order.push({ value: JSON.parse(text.slice(start, stop)) });
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

const SCANNED_KINDS: readonly UnselectedKind[] = ['event', 'data-event', 'service-call', 'non-api'];

/**
 * `readRecordsPrefiltered` for a document the native scan has read (`gunzipScanNative`):
 * the records it could not count are parsed here, and everything goes to the sinks in the
 * document's order. False, having handed nothing on, when a record is not valid JSON.
 */
export function readScannedRecords(scanned: ScannedRecords, scan: PrefilterScan, sink: UnwrapSink): boolean {
  const { kinds, times, regions, sources, values } = scanned;
  let parsed: unknown[];
  try {
    parsed = scanned.parsed.map((text) => JSON.parse(text) as unknown);
  } catch {
    return false;
  }
  let next = 0;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i] as number;
    // Depth 2: where the full parse meets a `Records` element.
    if (kind === PARSE_IN_FULL) unwrapRecords(parsed[next++], sink, 2);
    else
      scan.unselected(
        SCANNED_KINDS[kind] as UnselectedKind,
        times[i] as number,
        values[regions[i] as number] as string,
        values[sources[i] as number] as string,
      );
  }
  return true;
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
  index: Int32Array,
  at: number,
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

  const eventSource = recent.sources.of(text, source, sourceEnd);
  if (!isEventSource(eventSource) || scan.prefilter.alwaysSources.includes(eventSource)) return false;
  const timeMs = parseEventTime(text, time, timeEnd);
  if (Number.isNaN(timeMs)) return false;

  const typeAt = index[at + AT_EVENT_TYPE] as number;
  const managementAt = index[at + AT_MANAGEMENT_EVENT] as number;
  const categoryAt = index[at + AT_EVENT_CATEGORY] as number;
  if (typeAt === TWICE || managementAt === TWICE || categoryAt === TWICE) return false;
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

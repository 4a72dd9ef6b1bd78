import { createRequire } from 'node:module';

/** The optional libdeflate addon built from native/ by scripts/build-native.mjs. */
interface InflateAddon {
  gunzip(buf: Buffer, maxOutput: number): Buffer | null;
  gunzipRecords?(buf: Buffer, maxOutput: number): ProjectedRecords | InflatedText | Buffer | null;
  gunzipScan?(
    buf: Buffer,
    maxOutput: number,
    groups: readonly (readonly string[])[],
    alwaysSources: readonly string[],
  ): ScannedRecords | InflatedText | Buffer | null;
}

/** An inflated document that was all ASCII, as text. */
export interface InflatedText {
  readonly text: string;
}

/**
 * A delivery document read by the native scan, record by record in order: `kinds[i]` is
 * the kind of a record the prefilter cannot select (0 event, 1 data event, 2 service call,
 * 3 non-API; `PARSE_IN_FULL` otherwise), with its time and its region and source as
 * numbers into `values`; the records to parse in full are `parsed`, in order.
 */
export interface ScannedRecords {
  /** The inflated document's length. */
  readonly length: number;
  readonly kinds: Uint8Array;
  readonly times: Float64Array;
  readonly regions: Uint16Array;
  readonly sources: Uint16Array;
  readonly values: readonly string[];
  readonly parsed: readonly string[];
}

/**
 * A delivery document as `native/project.c` leaves it for a scan of every role: its records
 * as JSON arrays of about 96 KiB (`texts`), each record's `userIdentity` replaced by its
 * number in `identities` where `identityOf[i]` (record i) is not -1, and the fields nothing
 * reads left out; `length` is the inflated document's.
 */
export interface ProjectedRecords {
  readonly texts: readonly string[];
  readonly length: number;
  readonly identities: readonly string[];
  readonly identityOf: Int32Array;
}

/** `ScannedRecords.kinds` of a record to parse in full. */
export const PARSE_IN_FULL = 255;

/** Whether the native inflate is in use, and why not when it is not. */
export type NativeInflateStatus =
  | { readonly kind: 'native' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'unavailable'; readonly reason: string };

let addon: InflateAddon | undefined;
let status: NativeInflateStatus | undefined;

/** Loads the addon once; any failure (not built, wrong ABI, missing libdeflate.so) means zlib. */
function loadAddon(): InflateAddon | undefined {
  if (status) return addon;
  if (process.env.IAMTRIM_NO_NATIVE === '1') {
    status = { kind: 'disabled' };
    return undefined;
  }
  try {
    // src/sources/ and dist/sources/ both sit two levels below the package root.
    const loaded = createRequire(import.meta.url)(
      '../../native/build/Release/iamtrim_inflate.node',
    ) as unknown;
    if (typeof (loaded as Partial<InflateAddon> | null)?.gunzip !== 'function')
      throw new Error('no gunzip export');
    addon = loaded as InflateAddon;
    status = { kind: 'native' };
  } catch (e) {
    const notBuilt = (e as NodeJS.ErrnoException | undefined)?.code === 'MODULE_NOT_FOUND';
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    status = { kind: 'unavailable', reason: notBuilt ? 'not built, see scripts/build-native.mjs' : message };
  }
  return addon;
}

/**
 * Inflates one whole gzip member with libdeflate, about twice as fast as zlib. Returns
 * undefined whenever the caller must use zlib instead: the addon is not built or is
 * disabled (`IAMTRIM_NO_NATIVE=1`), or the input is anything but a single intact member
 * (several members, trailing bytes, a cut, corrupt data, a bad CRC) or would pass `max`
 * bytes. zlib then gives the same bytes, or the same damage report as without the addon.
 */
export function gunzipNative(buf: Buffer, max: number): Buffer | undefined {
  const a = loadAddon();
  if (!a) return undefined;
  return a.gunzip(buf, max) ?? undefined;
}

/**
 * `gunzipNative` for a scan of every role: a delivery document comes back projected
 * (`ProjectedRecords`: cheaper to parse, the same records once its identities are put back
 * by `read-trail-file.ts`); any other output as its text when all ASCII (a string made
 * straight from the addon's buffer: no Buffer, no decode), else as bytes. Undefined means
 * zlib, as for `gunzipNative` (also when the addon predates this function).
 */
export function gunzipRecordsNative(
  buf: Buffer,
  max: number,
): ProjectedRecords | InflatedText | Buffer | undefined {
  const a = loadAddon();
  if (!a?.gunzipRecords) return undefined;
  return a.gunzipRecords(buf, max) ?? undefined;
}

/**
 * `gunzipRecordsNative` for a scan with a prefilter: a delivery document comes back already
 * read (`ScannedRecords`: what `readRecordsPrefiltered` reads of it, without the text ever
 * being made); any other document as its text or bytes.
 */
export function gunzipScanNative(
  buf: Buffer,
  max: number,
  groups: readonly (readonly string[])[],
  alwaysSources: readonly string[],
): ScannedRecords | InflatedText | Buffer | undefined {
  const a = loadAddon();
  if (!a?.gunzipScan) return undefined;
  return a.gunzipScan(buf, max, groups, alwaysSources) ?? undefined;
}

/** Whether `gunzipNative` can be used in this process, for `--verbose` and the tests. */
export function describeNativeInflate(): NativeInflateStatus {
  loadAddon();
  return status as NativeInflateStatus;
}

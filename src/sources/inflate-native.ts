import { createRequire } from 'node:module';

/** The optional libdeflate addon built from native/ by scripts/build-native.mjs. */
interface InflateAddon {
  gunzip(buf: Buffer, maxOutput: number): Buffer | null;
}

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

/** Whether `gunzipNative` can be used in this process, for `--verbose` and the tests. */
export function describeNativeInflate(): NativeInflateStatus {
  loadAddon();
  return status as NativeInflateStatus;
}

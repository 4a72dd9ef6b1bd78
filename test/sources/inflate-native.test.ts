import { constants, crc32, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { gunzipLenient, type LenientGunzip } from '../../src/sources/gunzip-lenient.js';
import { describeNativeInflate, gunzipNative } from '../../src/sources/inflate-native.js';
import { loadCases } from '../support/case-loader.js';

/** How a case builds its gzip input: the data, the compressor, the header, then damage. */
interface InflateCase {
  records?: number;
  members?: number;
  gzip?: { level?: number; strategy?: 'huffman-only' | 'fixed' | 'rle' };
  header?: { extra?: string; name?: string; comment?: string };
  mutate?: Mutation[];
  /** The limit: a number, or the output's own length ("output") or one less ("output-1"). */
  max?: number | 'output' | 'output-1';
  expect: 'native' | 'fallback';
}

type Mutation =
  | { kind: 'truncate'; keep: number }
  | { kind: 'drop-end'; bytes: number }
  | { kind: 'flip'; at: number }
  | { kind: 'set-isize'; value: number }
  | { kind: 'set-byte'; at: number; value: number }
  | { kind: 'append'; hex: string }
  | { kind: 'replace'; hex: string };

const status = describeNativeInflate();
const built = status.kind === 'native';
const skipNote =
  status.kind === 'disabled'
    ? 'IAMTRIM_NO_NATIVE=1 is set'
    : 'the native addon is not built (install libdeflate-dev, then run node scripts/build-native.mjs)';
if (!built) console.warn(`inflate-native tests skipped: ${skipNote}`);

const MiB = 1024 * 1024;

/** The zlib-only path: the same modules loaded afresh with the addon disabled. */
async function importZlibOnly(): Promise<{
  gunzipLenient: typeof gunzipLenient;
  gunzipNative: typeof gunzipNative;
  describeNativeInflate: typeof describeNativeInflate;
}> {
  vi.stubEnv('IAMTRIM_NO_NATIVE', '1');
  vi.resetModules();
  try {
    const lenient = await import('../../src/sources/gunzip-lenient.js');
    const native = await import('../../src/sources/inflate-native.js');
    // The addon is looked for on first use: make that happen while the switch is set.
    native.describeNativeInflate();
    return { ...lenient, ...native };
  } finally {
    vi.unstubAllEnvs();
    vi.resetModules();
  }
}

/** A CloudTrail-shaped document with `n` varied records (deterministic, so cases are stable). */
function trailDocument(n: number, seed = 1): Buffer {
  if (n === 0) return Buffer.alloc(0);
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31);
  const names = ['GetObject', 'PutObject', 'Query', 'GetItem', 'Decrypt', 'SendMessage', 'Invoke'];
  const records = Array.from({ length: n }, (_, i) => ({
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::123456789012:assumed-role/role-${next() % 40}/fn-${next() % 90}`,
    },
    eventTime: new Date(Date.UTC(2026, 10, 1) + i * 61_000 + (next() % 1000)).toISOString(),
    eventSource: `svc${next() % 12}.amazonaws.com`,
    eventName: names[next() % names.length],
    awsRegion: ['us-east-1', 'eu-west-1', 'ap-south-1'][next() % 3],
    requestParameters: { key: `objects/${next().toString(36)}/${next().toString(36)}.json` },
    requestID: next().toString(16) + next().toString(16),
  }));
  return Buffer.from(JSON.stringify({ Records: records }));
}

function gzipWith(data: Buffer, c: InflateCase): Buffer {
  const strategy = {
    'huffman-only': constants.Z_HUFFMAN_ONLY,
    fixed: constants.Z_FIXED,
    rle: constants.Z_RLE,
  }[c.gzip?.strategy ?? 'rle'];
  const options = { level: c.gzip?.level ?? 6, ...(c.gzip?.strategy ? { strategy } : {}) };
  if (!c.header) return gzipSync(data, options);
  // zlib writes only plain headers: build one with the optional fields by hand.
  const { extra, name, comment } = c.header;
  const flags = (extra ? 4 : 0) | (name ? 8 : 0) | (comment ? 16 : 0);
  const parts = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3])];
  if (extra) {
    const x = Buffer.from(extra, 'hex');
    parts.push(Buffer.from([x.length & 0xff, x.length >> 8]), x);
  }
  if (name) parts.push(Buffer.from(`${name}\0`, 'latin1'));
  if (comment) parts.push(Buffer.from(`${comment}\0`, 'latin1'));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  parts.push(deflateRawSync(data, options), trailer);
  return Buffer.concat(parts);
}

function mutate(buf: Buffer, m: Mutation): Buffer {
  const at = (x: number): number => (x < 0 ? buf.length + x : x < 1 ? Math.floor(buf.length * x) : x);
  switch (m.kind) {
    case 'truncate':
      return buf.subarray(0, at(m.keep));
    case 'drop-end':
      return buf.subarray(0, buf.length - m.bytes);
    case 'flip': {
      const out = Buffer.from(buf);
      out[at(m.at)] = (out[at(m.at)] ?? 0) ^ 0xff;
      return out;
    }
    case 'set-isize': {
      const out = Buffer.from(buf);
      out.writeUInt32LE(m.value, out.length - 4);
      return out;
    }
    case 'set-byte': {
      const out = Buffer.from(buf);
      out[m.at] = m.value;
      return out;
    }
    case 'append':
      return Buffer.concat([buf, Buffer.from(m.hex, 'hex')]);
    case 'replace':
      return Buffer.from(m.hex, 'hex');
  }
}

function buildCase(c: InflateCase): { input: Buffer; data: Buffer; max: number } {
  const records = c.records ?? 300;
  const members = Array.from({ length: c.members ?? 1 }, (_, i) => trailDocument(records, i + 1));
  const data = Buffer.concat(members);
  let input: Buffer = Buffer.concat(members.map((m) => gzipWith(m, c)));
  for (const m of c.mutate ?? []) input = mutate(input, m);
  const max = c.max === 'output' ? data.length : c.max === 'output-1' ? data.length - 1 : (c.max ?? 32 * MiB);
  return { input, data, max };
}

/** Plain fields, so a failing comparison prints something readable. */
function plain(r: LenientGunzip | undefined): { hex: string; damage: string | undefined } | undefined {
  return r && { hex: r.data.toString('hex'), damage: r.damage };
}

describe.skipIf(!built)(`native inflate (libdeflate)${built ? '' : ` — skipped: ${skipNote}`}`, () => {
  describe('cases (test/cases/inflate-native)', () => {
    for (const c of loadCases<InflateCase>('inflate-native')) {
      it(`${c.file}: ${c.description}`, async () => {
        const { input, data, max } = buildCase(c.data);
        const native = gunzipNative(input, max);
        if (c.data.expect === 'native') {
          expect(native, 'the fast path was not taken').toBeInstanceOf(Buffer);
          expect(native?.equals(gunzipSync(input))).toBe(true);
          expect(native?.equals(data)).toBe(true);
        } else {
          expect(native).toBeUndefined();
        }
        // Whichever path ran, the caller sees what the zlib path alone gives: bytes and damage.
        const zlibOnly = await importZlibOnly();
        expect(plain(gunzipLenient(input, max))).toEqual(plain(zlibOnly.gunzipLenient(input, max)));
      });
    }
  });

  it('IAMTRIM_NO_NATIVE=1 turns the fast path off', async () => {
    const zlibOnly = await importZlibOnly();
    const input = gzipSync(trailDocument(5));
    expect(zlibOnly.describeNativeInflate()).toEqual({ kind: 'disabled' });
    expect(zlibOnly.gunzipNative(input, MiB)).toBeUndefined();
    expect(gunzipNative(input, MiB)).toBeInstanceOf(Buffer);
  });

  it('property: the gzip of any data at any level and strategy inflates natively to that data', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 20_000 }),
          fc.string({ maxLength: 5_000 }).map((s) => Buffer.from(s)),
        ),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom(
          constants.Z_DEFAULT_STRATEGY,
          constants.Z_FILTERED,
          constants.Z_HUFFMAN_ONLY,
          constants.Z_RLE,
          constants.Z_FIXED,
        ),
        (raw, level, strategy) => {
          const data = Buffer.from(raw);
          const native = gunzipNative(gzipSync(data, { level, strategy }), 32 * MiB);
          expect(native?.equals(data)).toBe(true);
        },
      ),
    );
  });

  it('property: on random bytes, native output (when given) is what zlib gives', () => {
    const gzipMagic = Buffer.from([0x1f, 0x8b, 8]);
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 2_000 }), (withMagic, raw) => {
        const input = withMagic ? Buffer.concat([gzipMagic, raw]) : Buffer.from(raw);
        const native = gunzipNative(input, MiB);
        if (native === undefined) return;
        expect(native.equals(gunzipSync(input))).toBe(true);
      }),
    );
  });

  it('property: a damaged gzip gives the same bytes and damage report through gunzipLenient as zlib alone', async () => {
    const zlibOnly = await importZlibOnly();
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 8_000 }),
        fc.integer({ min: 0, max: 9 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('cut', 'flip', 'both', 'none'),
        (raw, level, where, xor, how) => {
          let input: Buffer = gzipSync(Buffer.from(raw), { level });
          const at = Math.min(input.length - 1, Math.floor(where * input.length));
          if (how === 'flip' || how === 'both') {
            input = Buffer.from(input);
            input[at] = (input[at] ?? 0) ^ xor;
          }
          if (how === 'cut' || how === 'both') input = input.subarray(0, at);
          const native = gunzipNative(input, MiB);
          const reference = zlibOnly.gunzipLenient(input, MiB);
          // Native output is only ever an intact file's: exactly zlib's, with no damage.
          if (native !== undefined)
            expect(plain({ data: native, damage: undefined })).toEqual(plain(reference));
          expect(plain(gunzipLenient(input, MiB))).toEqual(plain(reference));
        },
      ),
    );
  });
});

describe('native inflate in CI', () => {
  // .ci/run installs libdeflate-dev and sets this, so a build that silently failed is caught.
  it.runIf(process.env.IAMTRIM_REQUIRE_NATIVE === '1')('the addon is built and loads', () => {
    expect(status).toEqual({ kind: 'native' });
  });
  it.skipIf(process.env.IAMTRIM_REQUIRE_NATIVE === '1')(
    'gunzipNative answers undefined or a Buffer, never throws',
    () => {
      const out = gunzipNative(gzipSync(Buffer.from('{"Records":[]}')), MiB);
      expect(out === undefined || out.toString() === '{"Records":[]}').toBe(true);
    },
  );
});

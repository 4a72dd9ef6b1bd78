import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeNativeInflate, gunzipNative } from '../../src/sources/inflate-native.js';
import { listFiles } from '../support/list-files.js';

// The native inflate must give zlib's bytes on real files: the third-party CloudTrail corpus
// (../shared/corpora or IAMTRIM_CLOUDTRAIL_CORPUS=DIR, gzipped here every way zlib can when a file is plain) and the bench
// corpus (`node bench/generate-corpus.mjs`, or IAMTRIM_BENCH_CORPUS=DIR), each when present.
const corpusDir =
  process.env.IAMTRIM_CLOUDTRAIL_CORPUS ??
  fileURLToPath(new URL('../../../shared/corpora/cloudtrail/', import.meta.url));
const benchDir =
  process.env.IAMTRIM_BENCH_CORPUS ??
  fileURLToPath(new URL('../../bench/.corpus/ct-300000-s1/', import.meta.url));
const built = describeNativeInflate().kind === 'native';
const MAX = 32 * 1024 * 1024;

if (!built)
  console.warn('native inflate corpus tests skipped: the addon is not built (or IAMTRIM_NO_NATIVE=1)');
if (!existsSync(corpusDir)) console.warn(`native inflate corpus test skipped: ${corpusDir} not found`);
if (!existsSync(benchDir)) console.warn(`native inflate bench-corpus test skipped: ${benchDir} not found`);

/** zlib's answer for an intact file; undefined for one zlib itself rejects. */
function zlibGunzip(buf: Buffer): Buffer | undefined {
  try {
    return gunzipSync(buf);
  } catch {
    return undefined;
  }
}

describe.skipIf(!built || !existsSync(corpusDir))('native inflate on the CloudTrail corpus', () => {
  it('gives zlib’s bytes for every file, gzipped at several levels and strategies', () => {
    const variants = [
      { level: 1 },
      { level: 6 },
      { level: 9 },
      { level: 6, strategy: constants.Z_FILTERED },
      { level: 6, strategy: constants.Z_FIXED },
    ];
    let native = 0;
    for (const file of listFiles(corpusDir)) {
      const raw = readFileSync(file);
      const inputs = file.endsWith('.gz') ? [raw] : variants.map((v) => gzipSync(raw, v));
      for (const input of inputs) {
        const out = gunzipNative(input, MAX);
        const reference = zlibGunzip(input);
        if (out === undefined) continue;
        native++;
        expect(reference && out.equals(reference), file).toBe(true);
      }
    }
    // Every gzip made here is intact, so nearly all must have taken the fast path.
    expect(native).toBeGreaterThan(100 * variants.length);
  });
});

describe.skipIf(!built || !existsSync(benchDir))('native inflate on the bench corpus', () => {
  it('gives zlib’s bytes for every file, and takes the fast path for all of them', () => {
    const files = listFiles(benchDir).filter((f) => f.endsWith('.gz'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const input = readFileSync(file);
      const out = gunzipNative(input, MAX);
      expect(out, `${file}: fast path not taken`).toBeInstanceOf(Buffer);
      expect(out?.equals(gunzipSync(input)), file).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  isRegionName,
  listPrefixes,
  parseS3Url,
  parseTrailKey,
  windowDays,
  type TrailRoot,
} from '../../src/sources/s3-trail-layout.js';
import { UsageError } from '../../src/errors/iamtrim-error.js';
import { loadCases } from '../support/case-loader.js';

/**
 * One case tests one of: `url` (parseS3Url), `window` (windowDays, times ISO),
 * `prefixes` (listPrefixes), `regions` (isRegionName) or `key` (parseTrailKey; a skip gives `reasonIncludes`).
 */
interface LayoutCase {
  url?: string;
  window?: { since?: string; until?: string; now: string; lagMinutes?: number };
  expectDays?: string[] | null;
  prefixes?: { prefix: string; roots: TrailRoot[]; days: string[] | null };
  key?: string;
  regions?: Record<string, boolean>;
  expect?: unknown;
}

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

describe('s3 trail layout', () => {
  const cases = loadCases<LayoutCase>('s3-layout');
  it('has cases of every kind', () => {
    for (const field of ['url', 'window', 'prefixes', 'key', 'regions'] as const) {
      expect(cases.some((c) => c.data[field] !== undefined)).toBe(true);
    }
  });

  for (const { file, description, data } of cases) {
    it(`${file}: ${description}`, () => {
      if (data.url !== undefined) {
        const want = data.expect as { error?: string; bucket?: string; prefix?: string };
        if (want.error) {
          expect(() => parseS3Url(data.url!)).toThrow(UsageError);
          expect(() => parseS3Url(data.url!)).toThrow(want.error);
        } else expect(parseS3Url(data.url)).toEqual(want);
      } else if (data.window) {
        const w = data.window;
        const days = windowDays(
          { sinceMs: ms(w.since), untilMs: ms(w.until) },
          ms(w.now)!,
          w.lagMinutes === undefined ? undefined : w.lagMinutes * 60_000,
        );
        expect(days ?? null).toEqual(data.expectDays);
      } else if (data.prefixes) {
        const p = data.prefixes;
        expect(listPrefixes(p.prefix, p.roots, p.days ?? undefined)).toEqual(data.expect);
      } else if (data.key !== undefined) {
        const want = data.expect as { kind: string; reasonIncludes?: string };
        const got = parseTrailKey(data.key);
        if (want.kind === 'skip') {
          expect(got.kind).toBe('skip');
          expect(got.kind === 'skip' && got.reason).toContain(want.reasonIncludes);
        } else expect(got).toEqual(want);
      } else if (data.regions) {
        const got = Object.fromEntries(Object.keys(data.regions).map((r) => [r, isRegionName(r)]));
        expect(got).toEqual(data.regions);
      } else throw new Error(`${file}: the case tests nothing`);
    });
  }
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DayUsageFile } from '../../src/model/drift-state.js';
import { createDirStateStore } from '../../src/store/dir-state-store.js';
import { readDay, writeDay } from '../../src/store/drift-state-store.js';

/** Invariants of content-addressed day files: what is written reads back, and a key is its content. */

const base = mkdtempSync(join(tmpdir(), 'iamtrim-state-prop-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const store = createDirStateStore(join(base, 'state'));

const days = fc
  .record({
    day: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
    // Through JSON text, so the value is exactly what JSON can hold (no -0, no undefined).
    usage: fc.json().map((t) => JSON.parse(t) as unknown),
  })
  .filter((r) => typeof r.usage === 'object' && r.usage !== null && !Array.isArray(r.usage))
  .map((r): DayUsageFile => ({ formatVersion: 1, day: r.day.toISOString().slice(0, 10), usage: r.usage }));

describe('day files', () => {
  it('read back exactly as written, under a key that depends only on their content', async () => {
    await fc.assert(
      fc.asyncProperty(days, days, async (a, b) => {
        const ka = await writeDay(store, a);
        const kb = await writeDay(store, b);
        expect(await readDay(store, ka)).toEqual(a);
        expect(await readDay(store, kb)).toEqual(b);
        expect(ka === kb).toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(ka.startsWith(`days/${a.day}/`)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { scanTrail, scanTrailByDay } from '../../src/sources/scan-trail.js';
import { defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import type { DayUsage } from '../../src/usage/day-usage.js';
import { mergeUsage } from '../../src/usage/merge-usage.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();
const aggregate: AggregateOptions = { ...defaultAggregateOptions, capturePolicyChanges: true };

/** Twelve files, each spanning two UTC days, one damaged. */
function logDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrim-byday-'));
  for (let f = 0; f < 12; f++) {
    const records = Array.from({ length: 30 }, (_, i) =>
      callRecord({
        fn: `fn-${i % 3}`,
        name: ['GetItem', 'PutItem', 'Query'][i % 3]!,
        time: new Date(Date.UTC(2026, 10, 1 + f, 12 + i)).toISOString(),
      }),
    );
    writeFileSync(join(dir, `f${f}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
  writeFileSync(join(dir, 'broken.json.gz'), gzipSync('{"Records": [').subarray(0, 10));
  return dir;
}

const report = (u: DayUsage): unknown =>
  [...u.days.keys()].sort().map((d) => [d, toUsageReport(u.days.get(d)!)]);

describe('scanTrailByDay', () => {
  const dir = logDir();

  it('adds up to the plain scan: the days plus undated are the same usage', async () => {
    const split = await scanTrailByDay([dir], { aggregate, catalog, workers: 1 });
    const plain = await scanTrail([dir], { aggregate, catalog, workers: 1 });
    expect(split.days.size).toBe(13);
    expect(split.undated.stats.files).toBe(13);
    expect(split.undated.skipped.size).toBe(1);
    const merged = createUsageAccumulator();
    for (const acc of split.days.values()) mergeUsage(merged, acc);
    expect(toUsageReport(mergeUsage(merged, split.undated))).toEqual(toUsageReport(plain));
  });

  it('refuses standard input, which cannot be read incrementally', async () => {
    await expect(scanTrailByDay(['-'], { aggregate, catalog })).rejects.toThrow(/incrementally/);
  });

  // Worker threads run compiled code: `npm test` builds dist/ first.
  const built = new URL('../../dist/sources/scan-trail.js', import.meta.url);
  it.runIf(existsSync(built))('gives the same days on worker threads as inline', async () => {
    const dist = (await import(built.href)) as typeof import('../../src/sources/scan-trail.js');
    const inline = await scanTrailByDay([dir], { aggregate, catalog, workers: 1 });
    const threaded = await dist.scanTrailByDay([dir], { aggregate, catalog, workers: 2 });
    expect(report(threaded)).toEqual(report(inline));
    expect(toUsageReport(threaded.undated)).toEqual(toUsageReport(inline.undated));
  });
});

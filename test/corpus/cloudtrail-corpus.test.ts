import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { mapEvent } from '../../src/catalog/map-event.js';
import { normalizeRecord } from '../../src/normalize/normalize-record.js';
import { readTrailFile } from '../../src/sources/read-trail-file.js';
import { listFiles } from '../support/list-files.js';

// Real third-party CloudTrail from ../shared/corpora (see its README for provenance).
// A user's clone has no ../shared: the suite then skips and says why.
const corpusDir = fileURLToPath(new URL('../../../shared/corpora/cloudtrail/', import.meta.url));
const present = existsSync(corpusDir);
if (!present) console.warn(`corpus tests skipped: ${corpusDir} not found (it sits beside the repo in CI)`);

describe.skipIf(!present)('CloudTrail corpus', () => {
  const catalog = createEventCatalog();

  it('reads every file without crashing, and accounts for every value in it', async () => {
    const files = listFiles(corpusDir);
    expect(files.length).toBeGreaterThan(50);
    let records = 0;
    for (const file of files) {
      const result = await readTrailFile(file, () => records++);
      // Every file either yields records or says why not: nothing vanishes silently.
      expect(result.records > 0 || result.problems.length > 0, file).toBe(true);
    }
    expect(records).toBeGreaterThan(500);
  });

  it('maps at least 99% of distinct (eventSource, eventName) API-call pairs to catalog actions or classifies them', async () => {
    const pairs = new Map<string, { sample: unknown; outcome?: string }>();
    for (const file of listFiles(corpusDir)) {
      await readTrailFile(file, (raw) => {
        const n = normalizeRecord(raw);
        if (n.kind !== 'event') return;
        const key = `${n.event.eventSource} ${n.event.eventName}`;
        const result = mapEvent(n.event, catalog);
        const entry = pairs.get(key) ?? { sample: raw };
        // Strict: one unmapped event makes its whole pair count as unmapped.
        if (result.kind === 'unmapped') entry.outcome = `unmapped: ${result.reason}`;
        else entry.outcome ??= result.kind;
        pairs.set(key, entry);
      });
    }
    const failing = [...pairs].filter(([, v]) => v.outcome?.startsWith('unmapped'));
    const handled = pairs.size - failing.length;
    console.log(
      `corpus mapping: ${handled}/${pairs.size} distinct pairs mapped or classified (${((100 * handled) / pairs.size).toFixed(2)}%)`,
    );
    for (const [key, v] of failing) console.log(`  not mapped: ${key}: ${v.outcome}`);
    expect(pairs.size).toBeGreaterThan(150);
    expect(handled / pairs.size).toBeGreaterThanOrEqual(0.99);
  });
});

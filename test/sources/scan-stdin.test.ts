import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { scanStdin } from '../../src/sources/scan-file.js';
import { scanTrail } from '../../src/sources/scan-trail.js';
import { defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createEventCatalog();

describe('scanStdin', () => {
  // An empty stdin used to end before the reader listened, so its promise never settled and
  // Node exited with 13 and no message.
  it('settles on an empty stream, and reports it as read', async () => {
    const acc = createUsageAccumulator();
    const records = await scanStdin(acc, catalog, defaultAggregateOptions, undefined, Readable.from([]));
    expect(records).toBe(0);
    expect(acc.stats.files).toBe(1);
  });

  it('reads a stream shorter than the gzip peek', async () => {
    const acc = createUsageAccumulator();
    const records = await scanStdin(
      acc,
      catalog,
      defaultAggregateOptions,
      undefined,
      Readable.from([Buffer.from('{')]),
    );
    expect(records).toBe(0);
    expect(toUsageReport(acc).skipped).toEqual([expect.objectContaining({ file: '<stdin>' })]);
  });

  it('reads records from a stream', async () => {
    const acc = createUsageAccumulator();
    const body = JSON.stringify({ Records: [callRecord({}), callRecord({})] });
    const chunks = [Buffer.from(body.slice(0, 1)), Buffer.from(body.slice(1))];
    const records = await scanStdin(acc, catalog, defaultAggregateOptions, undefined, Readable.from(chunks));
    expect(records).toBe(2);
  });
});

describe('scanTrail workers', () => {
  it.each([0, 1.5, -1, Number.NaN])('refuses %s worker threads', async (workers) => {
    await expect(scanTrail([], { aggregate: defaultAggregateOptions, catalog, workers })).rejects.toThrow(
      /workers/,
    );
  });
});

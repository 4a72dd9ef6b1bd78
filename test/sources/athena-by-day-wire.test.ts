import { fileURLToPath } from 'node:url';
import { AthenaClient } from '@aws-sdk/client-athena';
import { afterEach, describe, expect, it } from 'vitest';
import { USAGE_COLUMNS } from '../../src/athena/build-usage-query.js';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { athenaByDay, athenaDayRange } from '../../src/sources/athena-by-day.js';
import { scanTrailByDay } from '../../src/sources/scan-trail.js';
import { defaultAggregateOptions } from '../../src/usage/add-record.js';
import { dayKeyOf } from '../../src/usage/day-usage.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { miniAthena, readRecords, toWire, trailFiles } from '../support/mini-athena.js';
import { startAthenaServer, type AthenaServer } from '../support/wire/athena-server.js';

const exampleTrail = fileURLToPath(new URL('../../fixtures/example/cloudtrail/', import.meta.url));
const files = trailFiles(exampleTrail);
const records = files.flatMap(readRecords);
const catalog = createEventCatalog();
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:30:00Z');

/** What Athena returns for the by-day query: the reference rows of each day, tagged with it. */
function rowsByDay(): (string | null)[][] {
  const days = [...new Set(records.map((r) => Math.floor(Date.parse(String(r.eventTime)) / DAY)))].sort();
  return days.flatMap((d) =>
    toWire(miniAthena(records, { sinceMs: d * DAY, untilMs: (d + 1) * DAY })).map((row) => [
      ...row,
      dayKeyOf(d * DAY),
    ]),
  );
}

const roleDays = (days: ReadonlyMap<string, UsageAccumulator>): unknown =>
  [...days.keys()]
    .sort()
    .map((d) => [d, toUsageReport(days.get(d)!).principals.filter((p) => p.type === 'role')])
    .filter(([, ps]) => (ps as unknown[]).length > 0);

let servers: AthenaServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const client = (endpoint: string): AthenaClient =>
  new AthenaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDWIRETEST', secretAccessKey: 'wire-test-secret' },
  });

describe('athenaByDay over the wire', () => {
  it('files rows under their days as a local scan does, and asks again only after a new day is complete', async () => {
    const server = await startAthenaServer({ columns: [...USAGE_COLUMNS, 'event_day'], rows: rowsByDay() });
    servers.push(server);
    const run = (checkpoint?: { kind: 'athena'; table: string; readThrough: string }, nowMs = NOW) =>
      athenaByDay(client(server.endpoint), catalog, defaultAggregateOptions, {
        query: { table: 'db.trail' },
        sleep: async () => undefined,
        nowMs,
        sinceMs: Date.parse('2026-09-01T00:00:00Z'),
        ...(checkpoint ? { checkpoint } : {}),
      });
    const first = await run();
    const local = await scanTrailByDay(files, { aggregate: defaultAggregateOptions, catalog, workers: 1 });
    expect(roleDays(first.usage.days)).toEqual(roleDays(local.days));
    expect(first.usage.days.size).toBeGreaterThan(3);
    // 00:30 is inside the hour of delivery lag: the 30th is the last complete day.
    expect(first.checkpoint).toEqual({ kind: 'athena', table: 'db.trail', readThrough: '2026-11-29' });
    expect(server.sql[0]).toContain('substr(eventtime, 1, 10) AS event_day');
    expect(server.sql[0]).toContain("from_iso8601_timestamp('2026-11-30T00:00:00.000Z')");

    const again = await run(first.checkpoint, NOW + 10 * 60_000);
    expect(server.sql).toHaveLength(1);
    expect(again.checkpoint).toEqual(first.checkpoint);
    const nextDay = await run(first.checkpoint, NOW + 3_600_000);
    expect(server.sql).toHaveLength(2);
    expect(server.sql[1]).toContain("from_iso8601_timestamp('2026-11-30T00:00:00.000Z')");
    expect(nextDay.checkpoint.readThrough).toBe('2026-11-30');
  });
});

describe('athenaDayRange', () => {
  it.each([
    ['first run: from the day of since', undefined, '2026-11-01T15:00:00Z', '2026-11-01', '2026-11-29'],
    ['later run: the day after readThrough', '2026-11-20', undefined, '2026-11-21', '2026-11-29'],
    ['since later than the checkpoint', '2026-10-01', '2026-11-10T00:00:00Z', '2026-11-10', '2026-11-29'],
  ])('%s', (_what, readThrough, since, from, through) => {
    const c = readThrough ? { kind: 'athena' as const, table: 't', readThrough } : undefined;
    const r = athenaDayRange(c, since ? Date.parse(since) : undefined, NOW);
    expect(r && r.sinceMs !== undefined ? dayKeyOf(r.sinceMs) : undefined).toBe(from);
    expect(r?.readThrough).toBe(through);
    expect(r?.untilMs).toBe(Date.parse(`${through}T00:00:00Z`) + DAY);
  });

  it('has nothing to read when the day after readThrough is not complete', () => {
    expect(
      athenaDayRange({ kind: 'athena', table: 't', readThrough: '2026-11-29' }, undefined, NOW),
    ).toBeUndefined();
  });
});

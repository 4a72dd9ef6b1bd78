import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/catalog/catalog.js';
import { collectNewUsage } from '../../src/cli/collect-new-usage.js';
import { defaultAggregateOptions, type AggregateOptions } from '../../src/usage/add-record.js';
import { mergeDayMaps } from '../../src/usage/day-usage.js';
import type { UsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createCatalog();
const ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
// Drift asks for every role; a role filter must not hide who changed a role.
const aggregate: AggregateOptions = {
  ...defaultAggregateOptions,
  filter: { roles: [ROLE] },
  scanTimeMs: Date.parse('2026-12-01T00:00:00Z'),
};

function writeLog(dir: string, name: string, records: unknown[]): void {
  writeFileSync(join(dir, name), gzipSync(JSON.stringify({ Records: records })));
}

const attach = (time: string): Record<string, unknown> => ({
  eventVersion: '1.08',
  eventID: `attach-${time}`,
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/bob', accountId: '123456789012' },
  eventTime: time,
  eventSource: 'iam.amazonaws.com',
  eventName: 'AttachRolePolicy',
  awsRegion: 'us-east-1',
  requestParameters: {
    roleName: 'orders-api-role',
    policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  },
});

const perDay = (days: ReadonlyMap<string, UsageAccumulator>): unknown =>
  [...days.keys()].sort().map((d) => [d, toUsageReport(days.get(d)!), days.get(d)!.policyChanges]);

describe('collectNewUsage over local files', () => {
  it('reads only the files added since the last run, and the runs add up to one from scratch', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'iamtrim-collect-')), 'logs');
    mkdirSync(dir);
    writeLog(dir, 'a.json.gz', [callRecord({ time: '2026-11-01T10:00:00Z' })]);
    writeLog(dir, 'b.json.gz', [callRecord({ time: '2026-11-01T23:59:00Z', name: 'PutItem' })]);
    writeLog(dir, 'c.json.gz', [callRecord({ time: '2026-11-02T00:01:00Z' }), { eventTime: 'not a record' }]);
    const first = await collectNewUsage({ cloudtrail: [dir] }, [], aggregate, catalog);
    expect(first.newInputs).toBe(3);
    expect(first.sources).toEqual([`${dir} (3 new file(s) of 3)`]);
    expect([...first.days.keys()].sort()).toEqual(['2026-11-01', '2026-11-02']);
    expect(first.undated.stats.files).toBe(3);
    // The record with no time is reported, with the file it came from.
    expect([...first.undated.skipped.values()].map((s) => [s.file, s.records])).toEqual([
      [join(dir, 'c.json.gz'), 1],
    ]);

    writeLog(dir, 'd.json.gz', [callRecord({ time: '2026-11-02T09:00:00Z', name: 'Query' })]);
    writeLog(dir, 'e.json.gz', [
      attach('2026-11-03T08:00:00Z'),
      callRecord({ time: '2026-11-03T09:00:00Z' }),
    ]);
    const second = await collectNewUsage({ cloudtrail: [dir] }, first.checkpoints, aggregate, catalog);
    expect(second.newInputs).toBe(2);
    expect(second.sources).toEqual([`${dir} (2 new file(s) of 5)`]);
    expect(second.days.get('2026-11-03')?.policyChanges).toEqual([
      expect.objectContaining({
        eventName: 'AttachRolePolicy',
        actor: 'arn:aws:iam::123456789012:user/bob',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    ]);

    const scratch = await collectNewUsage({ cloudtrail: [dir] }, [], aggregate, catalog);
    expect(perDay(mergeDayMaps(first.days, second.days))).toEqual(perDay(scratch.days));

    const third = await collectNewUsage({ cloudtrail: [dir] }, second.checkpoints, aggregate, catalog);
    expect(third.newInputs).toBe(0);
    expect(third.days.size).toBe(0);
  });

  it('keeps the checkpoints of sources not named this run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-collect-'));
    writeLog(dir, 'a.json.gz', [callRecord({})]);
    const other = { kind: 'athena' as const, table: 'db.trail', readThrough: '2026-11-01' };
    const out = await collectNewUsage({ cloudtrail: [dir] }, [other], aggregate, catalog);
    expect(out.checkpoints).toEqual([
      { kind: 'files', input: dir, files: { 'a.json.gz': expect.any(Number) } },
      other,
    ]);
  });
});

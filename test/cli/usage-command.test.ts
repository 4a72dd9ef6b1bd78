import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

const EXAMPLE = 'fixtures/example/cloudtrail';
const API_ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
const SHARED_ROLE = 'arn:aws:iam::123456789012:role/orders-shared-role';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-cli-'));

describe('iamtrim usage', () => {
  it('writes the documented JSON shape for the bundled example', async () => {
    const run = await runMain(['usage', '--cloudtrail', EXAMPLE, '--format', 'json', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as UsageReport;
    expect(Object.keys(report)).toEqual(['formatVersion', 'principals', 'unmapped', 'skipped', 'stats']);
    expect(Object.keys(report.stats)).toEqual(
      expect.arrayContaining(['files', 'records', 'events', 'window', 'regions']),
    );
    const api = report.principals.find((p) => p.arn === API_ROLE);
    expect(api?.type).toBe('role');
    expect(api?.functions).toEqual(['orders-api']);
    expect(Object.keys(api?.actions[0] ?? {})).toEqual(
      expect.arrayContaining(['action', 'count', 'firstSeen', 'lastSeen', 'resources']),
    );
    expect(api?.denied.map((d) => d.action)).toEqual(['dynamodb:DeleteItem', 'ssm:GetParameter']);
    const shared = report.principals.find((p) => p.arn === SHARED_ROLE);
    expect(shared?.functions).toEqual(['orders-reporter', 'orders-worker']);
    // The SSO human whose session is named "orders-api" is its own principal.
    const sso = report.principals.find((p) => p.arn.includes('AWSReservedSSO_Admin'));
    expect(sso?.functions).toEqual(['orders-api']);
    expect(api?.actions.some((a) => a.action === 'lambda:UpdateFunctionConfiguration')).toBe(false);
    expect(report.skipped).toEqual([]);
  });

  // Spawned: worker threads run only from the built dist/.
  it('gives the same report with one worker and with two', () => {
    const one = runCli(['usage', '--cloudtrail', EXAMPLE, '--format', 'json', '--quiet', '--workers', '1']);
    const two = runCli(['usage', '--cloudtrail', EXAMPLE, '--format', 'json', '--quiet', '--workers', '2']);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('writes the table on a terminal and JSON in a pipe, without --format', async () => {
    const tty = await runMain(['usage', '--cloudtrail', EXAMPLE, '--quiet'], { tty: true });
    expect(tty.status, tty.stderr).toBe(0);
    expect(tty.stdout).toMatch(/^Scanned \d+ file\(s\)/);
    const pipe = await runMain(['usage', '--cloudtrail', EXAMPLE, '--quiet']);
    expect(Object.keys(JSON.parse(pipe.stdout) as UsageReport)).toContain('principals');
  });

  it('filters by --role name and --function', async () => {
    const run = await runMain([
      'usage',
      '--cloudtrail',
      EXAMPLE,
      '--format',
      'json',
      '--role',
      'orders-shared-role',
      '--function',
      'orders-worker',
    ]);
    const report = JSON.parse(run.stdout) as UsageReport;
    expect(report.principals.map((p) => [p.arn, p.functions])).toEqual([[SHARED_ROLE, ['orders-worker']]]);
  });

  // Spawned: it reads the process's stdin.
  it('reads gzipped NDJSON from stdin', () => {
    const input = gzipSync(
      [callRecord({}), callRecord({ name: 'PutItem' })].map((r) => JSON.stringify(r)).join('\n'),
    );
    const run = runCli(['usage', '--cloudtrail', '-', '--format', 'json'], input);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as UsageReport;
    expect(report.principals[0]?.actions.map((a) => a.action)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
  });

  it('reports a bad file with one warning, keeps the good data, and fails only with --strict', async () => {
    const dir = join(tmp, 'mixed');

    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [callRecord({})] }));
    writeFileSync(
      join(dir, 'cut.json.gz'),
      gzipSync(JSON.stringify({ Records: [callRecord({})] })).subarray(0, 40),
    );
    const run = await runMain(['usage', '--cloudtrail', dir, '--format', 'json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as UsageReport;
    expect(report.principals).toHaveLength(1);
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]?.file).toBe(join(dir, 'cut.json.gz'));
    expect(report.skipped[0]?.reason).toMatch(/truncated gzip/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/warning: .*cut\.json\.gz: truncated gzip/);
    expect((await runMain(['usage', '--cloudtrail', dir, '--format', 'json', '--strict'])).status).toBe(1);
  });

  it('exits 1 with a clear message when nothing at all is readable', async () => {
    const run = await runMain(['usage', '--cloudtrail', join(tmp, 'nope.json'), '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no CloudTrail records could be read/);
    expect(run.stdout).toBe('');
  });

  it('writes --out atomically and leaves no temporary file', async () => {
    const out = join(tmp, 'out', 'usage.json');

    mkdirSync(join(tmp, 'out'), { recursive: true });
    const run = await runMain([
      'usage',
      '--cloudtrail',
      EXAMPLE,
      '--format',
      'json',
      '--quiet',
      '--out',
      out,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as UsageReport).principals.length).toBeGreaterThan(0);
    expect(readdirSync(join(tmp, 'out'))).toEqual(['usage.json']);
  });
});

describe('command-line errors', () => {
  it.each([
    [['usage', '--cloudtrail', EXAMPLE, '--no-such-flag'], /Unknown argument/],
    [
      ['usage', '--cloudtrail', EXAMPLE, '--since', 'yesterday-ish'],
      /--since: "yesterday-ish" is not a date/,
    ],
    [['usage', '--cloudtrail', EXAMPLE, '--until', '2026-02-31'], /--until: "2026-02-31" is not a date/],
    [['usage', '--cloudtrail', EXAMPLE, '--format', 'xml'], /Invalid values/],
    [['usage'], /give --cloudtrail <path\|s3:\/\/bucket\/prefix>, --lookup-events or --athena-table/],
    [[], /Give a command/],
  ])('%j exits 2 with one line and a hint, not the whole help', async (args, message) => {
    const run = await runMain(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/Options:/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/see iamtrim (usage )?--help/);
  });

  it('suggests the closest flag for a misspelt one', async () => {
    const run = await runMain(['suggest', '--cloudtrial', EXAMPLE, '--role', 'r']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /Unknown argument: cloudtrial\ndid you mean --cloudtrail\? see iamtrim suggest --help/,
    );
  });

  // Spawned: yargs prints --help itself, on the process's stdout.
  it('--help exits 0', () => {
    const run = runCli(['usage', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/--cloudtrail/);
  });
});

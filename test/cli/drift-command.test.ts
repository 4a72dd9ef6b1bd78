import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/model/drift-report.js';
import type { Finding } from '../../src/model/finding.js';
import {
  accountAuthorization,
  ALICE,
  dayOf,
  ORDERS_ROLE,
  REPORTS_ROLE,
  WIDEN_EVENT_ID,
  writeTrailDays,
} from '../support/drift-history.js';
import { runMain } from '../support/run-main.js';

/**
 * Three daily-ish runs over the made-up history of test/support/drift-history.ts, each
 * reading only what is new, with a 30-day window: every finding must appear once, in the
 * right run, with its evidence; the missing day must suppress the unused claims.
 */
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-drift-'));
const logs = join(tmp, 'logs');
const state = join(tmp, 'state');
const auth1 = join(tmp, 'auth-1.json');
const auth2 = join(tmp, 'auth-2.json');
writeFileSync(auth1, JSON.stringify(accountAuthorization(1)));
writeFileSync(auth2, JSON.stringify(accountAuthorization(2)));

async function drift(asOf: number, auth: string, stateDir = state): Promise<DriftReport> {
  const run = await runMain([
    'drift',
    '--cloudtrail',
    logs,
    '--state',
    stateDir,
    '--account-authorization',
    auth,
    '--window',
    '30d',
    '--as-of',
    dayOf(asOf),
    '--data-events',
    'none',
    '--regions',
    'us-east-1',
    '--format',
    'json',
    '--quiet',
  ]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as DriftReport;
}

const kinds = (r: DriftReport): string[] =>
  r.findings.map((f) => `${f.rule} ${short(f.subject.role)}`).sort();
const short = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
const only = (r: DriftReport, rule: string, role: string): Finding => {
  const found = r.findings.filter((f) => f.rule === rule && f.subject.role === role);
  expect(found, `${rule} ${role}: ${JSON.stringify(r.findings, null, 1)}`).toHaveLength(1);
  return found[0]!;
};

describe('iamtrim drift over three periods', () => {
  let run1: DriftReport;
  let run2: DriftReport;
  let run3: DriftReport;
  let period2Files: string[];

  beforeAll(async () => {
    writeTrailDays(logs, 1, 35);
    run1 = await drift(35, auth1);
    period2Files = writeTrailDays(logs, 36, 45);
    run2 = await drift(45, auth2);
    writeTrailDays(logs, 46, 55);
    run3 = await drift(55, auth2);
  }, 120_000);

  it('run 1 sets the baseline: unused grants only, nothing "new"', () => {
    expect(run1.previousRunAt).toBeUndefined();
    expect(run1.window).toEqual({ days: 30, from: dayOf(6), to: dayOf(35) });
    expect(kinds(run1)).toEqual(['grant-unused orders-role', 'grant-unused reports-role']);
    expect(only(run1, 'grant-unused', ORDERS_ROLE).message).toContain('ssm:DeleteParameter');
    expect(only(run1, 'grant-unused', REPORTS_ROLE).message).toContain('sqs:DeleteQueue');
  });

  it('run 2 reads only the ten new files', () => {
    expect(period2Files).toHaveLength(10);
    expect(run2.evidence.newInputs).toBe(10);
  });

  it('run 2 reports each change of its period once, with its evidence', () => {
    expect(run2.previousRunAt).toBe(run1.runAt);
    expect(kinds(run2)).toEqual([
      'denied-new reports-role',
      'grant-became-unused orders-role',
      'grant-unused orders-role',
      'grant-unused reports-role',
      'new-action-used orders-role',
      'new-action-used reports-role',
      'policy-widened orders-role',
      'role-shared reports-role',
    ]);
    const widened = only(run2, 'policy-widened', ORDERS_ROLE);
    expect(widened.severity).toBe('high');
    expect(widened.evidence.some((e) => e.actor === ALICE && e.eventId === WIDEN_EVENT_ID)).toBe(true);
    expect(JSON.stringify(widened)).toContain('ssm:GetParameter');
    // A function new to the role: what it does is new too.
    expect(only(run2, 'new-action-used', REPORTS_ROLE).subject).toMatchObject({
      function: 'reports-backfill',
      action: 'secretsmanager:DescribeSecret',
    });
    const used = only(run2, 'new-action-used', ORDERS_ROLE);
    expect(used.subject).toMatchObject({ function: 'orders-api', action: 'ssm:GetParameter' });
    expect(used.evidence.some((e) => e.count === 6 && e.firstSeen?.startsWith(dayOf(40)))).toBe(true);
    expect(only(run2, 'grant-became-unused', ORDERS_ROLE).subject.action).toBe('dynamodb:DescribeTable');
    const denied = only(run2, 'denied-new', REPORTS_ROLE);
    expect(denied.subject).toMatchObject({ function: 'reports-job', action: 'kms:Decrypt' });
    expect(JSON.stringify(only(run2, 'role-shared', REPORTS_ROLE))).toContain('reports-backfill');
    const orders = run2.roles.find((r) => r.role === ORDERS_ROLE);
    // ssm:DeleteParameter and dynamodb:DescribeTable are removable now; only the first was at run 1.
    expect(orders?.removable).toBe(2);
    expect(orders?.change?.removable).toBe(1);
  });

  it('run 3 reports the missing day, suppresses every unused claim, and repeats nothing', () => {
    expect(run3.findings.map((f) => f.rule)).toEqual(['coverage-gap']);
    const gap = run3.findings[0]!;
    expect(JSON.stringify(gap)).toContain(dayOf(50));
    expect(gap.message).toMatch(/suppress/);
    expect(run3.evidence.daysMissing).toEqual([dayOf(50)]);
    for (const role of run3.roles) expect(role.removable).toBeNull();
  });

  it("run 2's usage and unused grants equal those of a from-scratch run over the same window", async () => {
    // A new state reads days 1-45 in one go: a baseline, so only the window's own results compare.
    const scratch = await drift(45, auth2, join(tmp, 'scratch-state'));
    const windowed = (r: DriftReport) => ({
      window: r.window,
      daysMissing: r.evidence.daysMissing,
      roles: r.roles.map(({ change: _change, ...rest }) => rest),
      unused: r.findings.filter((f) => f.rule === 'grant-unused').map((f) => f.subject),
    });
    expect(scratch.previousRunAt).toBeUndefined();
    expect(windowed(scratch)).toEqual(windowed(run2));
  });
});

describe('iamtrim drift state safety', () => {
  const base = mkdtempSync(join(tmpdir(), 'iamtrim-drift-state-'));
  const logsDir = join(base, 'logs');
  writeTrailDays(logsDir, 1, 35);
  const args = (stateDir: string): string[] => [
    'drift',
    '--cloudtrail',
    logsDir,
    '--state',
    stateDir,
    '--account-authorization',
    auth1,
    '--window',
    '30d',
    '--as-of',
    dayOf(35),
    '--format',
    'json',
    '--quiet',
  ];

  it.each([
    ['a truncated commit', (text: string) => text.slice(0, text.length / 2), /commits\/00000001\.json/],
    [
      'a commit from a newer iamtrim',
      (text: string) => text.replace('"formatVersion": 1', '"formatVersion": 99'),
      /newer iamtrim/,
    ],
  ])('refuses %s with a clear error and changes nothing', async (_what, damage, message) => {
    const stateDir = mkdtempSync(join(base, 'state-'));
    expect((await runMain(args(stateDir))).status).toBe(0);
    const commit = join(stateDir, 'commits', '00000001.json');
    const damaged = damage(readFileSync(commit, 'utf8'));
    writeFileSync(commit, damaged);
    const run = await runMain(args(stateDir));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(readFileSync(commit, 'utf8')).toBe(damaged);
    expect(readdirSync(join(stateDir, 'commits'))).toEqual(['00000001.json']);
  });

  it('lets only one of two overlapping runs commit, and loses nothing', async () => {
    const stateDir = mkdtempSync(join(base, 'state-'));
    const [a, b] = await Promise.all([runMain(args(stateDir)), runMain(args(stateDir))]);
    const statuses = [a.status, b.status].sort();
    // Overlapping: one commits generation 1 and the other is refused; one after the other:
    // generations 1 and 2. Never two commits of one generation, never a crash.
    expect([
      [0, 0],
      [0, 1],
    ]).toContainEqual(statuses);
    for (const r of [a, b])
      if (r.status === 1) expect(r.stderr).toMatch(/another drift run committed generation 1 first/);
    const next = await runMain(args(stateDir));
    expect(next.status, next.stderr).toBe(0);
    const report = JSON.parse(next.stdout) as DriftReport;
    expect(report.previousRunAt).toBeDefined();
    expect(report.evidence.newInputs).toBe(0);
  });
});

describe('iamtrim drift on the bundled example', () => {
  const example = [
    'drift',
    '--cloudtrail',
    'fixtures/example/cloudtrail',
    '--account-authorization',
    'fixtures/example/account-authorization.json',
    '--trail-config',
    'fixtures/example/trail-selectors.json',
    '--window',
    '35d',
    '--as-of',
    '2026-11-04',
    '--quiet',
  ];

  it.each([
    ['low', 3],
    ['medium', 3],
    ['high', 0],
  ])('--fail-on %s exits %i (two medium findings)', async (threshold, code) => {
    const state = mkdtempSync(join(tmpdir(), 'iamtrim-drift-example-'));
    const run = await runMain([...example, '--state', state, '--fail-on', threshold]);
    expect(run.status, run.stderr).toBe(code);
    expect(run.stdout).toMatch(/^# iamtrim drift: /);
  });

  it('writes SARIF 2.1.0 with one rule per finding kind', async () => {
    const state = mkdtempSync(join(tmpdir(), 'iamtrim-drift-example-'));
    const run = await runMain([...example, '--state', state, '--format', 'sarif']);
    expect(run.status, run.stderr).toBe(0);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['grant-unused', 'grant-unused']);
  });

  it('keeps the README workflow and examples/github/drift.yml the same', () => {
    const readme = readFileSync('README.md', 'utf8');
    const workflow = readFileSync('examples/github/drift.yml', 'utf8');
    expect(readme).toContain('```yaml\n' + workflow + '```');
  });
});

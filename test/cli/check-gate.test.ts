import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';

// The CI gate end to end on the bundled example: --check and --fail-on of suggest, patch, roles.
const EXAMPLE = 'fixtures/example/cloudtrail';
const SELECTORS = 'fixtures/example/trail-selectors.json';
const API_POLICY = 'fixtures/example/policies/orders-api-role.json';
const TEMPLATE = 'fixtures/example/template.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-gate-'));
const usageFile = join(tmp, 'usage.json');

const suggest = (...args: string[]) =>
  runMain([
    'suggest',
    '--usage',
    usageFile,
    '--trail-config',
    SELECTORS,
    '--role',
    'orders-api-role',
    '--policy',
    API_POLICY,
    '--format',
    'markdown',
    ...args,
  ]);

beforeAll(async () => {
  const usage = await runMain(['usage', '--quiet', '--cloudtrail', EXAMPLE, '--format', 'json']);
  expect(usage.status, usage.stderr).toBe(0);
  writeFileSync(usageFile, usage.stdout);
});

describe('suggest --check / --fail-on', () => {
  it('--check exits 3 with the same report, and says how much is removable', async () => {
    const plain = await suggest();
    const gated = await suggest('--check');
    expect(plain.status).toBe(0);
    expect(gated.status).toBe(3);
    expect(gated.stdout).toBe(plain.stdout);
    expect(gated.stderr).toMatch(/iamtrim: (\d+) action\(s\) removable.*: over --fail-on any \(exit 3\)/);
  });

  it('--fail-on wins over --check; within the threshold it exits 0 and still prints the count', async () => {
    const gated = await suggest('--check');
    const n = Number(/(\d+) action\(s\) removable/.exec(gated.stderr)?.[1]);
    expect(n).toBeGreaterThan(0);
    const at = await suggest('--check', '--fail-on', String(n));
    expect(at.status).toBe(0);
    expect(at.stderr).toContain(`iamtrim: ${n} action(s) removable`);
    expect(at.stderr).toContain(`within --fail-on ${n}`);
    const below = await suggest('--fail-on', String(n - 1));
    expect(below.status).toBe(3);
  });

  it('a severity threshold fails exactly when a removable action is at or above it', async () => {
    const low = await suggest('--fail-on', 'low');
    expect(low.status).toBe(3);
    const counts = /removable \(([^)]*)\)/.exec(low.stderr)?.[1] ?? '';
    for (const severity of ['medium', 'high']) {
      const run = await suggest('--fail-on', severity);
      const atOrAbove = severity === 'high' ? ['high'] : ['high', 'medium'];
      const expected = atOrAbove.some((s) => new RegExp(`\\d+ ${s}`).test(counts)) ? 3 : 0;
      expect(run.status, `${severity}: ${run.stderr}`).toBe(expected);
    }
  });

  it('a bad threshold is a usage error before any work', async () => {
    const run = await suggest('--fail-on', 'critical');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /--fail-on: "critical" is not any, a whole number of actions, low, medium or high/,
    );
  });

  it('nothing removable: --check passes', async () => {
    // The tightened policy, tightened again, has nothing left to remove.
    const once = await runMain([
      'suggest',
      '--usage',
      usageFile,
      '--trail-config',
      SELECTORS,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
    ]);
    const tight = join(tmp, 'tight.json');
    writeFileSync(tight, once.stdout);
    const again = await runMain([
      'suggest',
      '--usage',
      usageFile,
      '--trail-config',
      SELECTORS,
      '--role',
      'orders-api-role',
      '--policy',
      tight,
      '--format',
      'json',
      '--check',
    ]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('0 action(s) removable: within --fail-on any');
  });
});

describe('patch --check', () => {
  it('exits 3 when a template grants more than the evidence justifies, printing the same diff', async () => {
    const plain = await runMain(['patch', '--quiet', '--template', TEMPLATE, '--usage', usageFile]);
    const gated = await runMain([
      'patch',
      '--quiet',
      '--template',
      TEMPLATE,
      '--usage',
      usageFile,
      '--check',
    ]);
    expect(plain.status).toBe(0);
    expect(gated.status).toBe(3);
    expect(gated.stdout).toBe(plain.stdout);
    expect(gated.stderr).toMatch(/action\(s\) removable.*over --fail-on any/);
  });
});

describe('roles --fail-on shared', () => {
  it('is the same gate as --fail-on-shared, and refuses anything else', async () => {
    const args = ['roles', '--account-authorization', 'fixtures/example/account-authorization.json'];
    const withUsage = [...args, '--usage', usageFile, '--format', 'json'];
    const old = await runMain([...withUsage, '--fail-on-shared']);
    const now = await runMain([...withUsage, '--fail-on', 'shared']);
    const none = await runMain(withUsage);
    expect(old.status).toBe(3);
    expect(now.status).toBe(3);
    expect(none.status).toBe(0);
    expect(now.stdout).toBe(none.stdout);
    const bad = await runMain([...withUsage, '--fail-on', 'any']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on: "any" is not shared/);
  });
});

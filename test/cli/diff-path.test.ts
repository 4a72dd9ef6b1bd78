import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDiffPaths } from '../../src/cli/diff-path.js';
import { runMain } from '../support/run-main.js';

const TEMPLATE = 'fixtures/example/template.yaml';
const EXAMPLE = 'fixtures/example/cloudtrail';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-diffpath-'));

/** A git repository with the example template at infra/stack/template.yaml. */
function repo(): { root: string; template: string } {
  const root = mkdtempSync(join(tmp, 'repo-'));
  execFileSync('git', ['init', '-q'], { cwd: root });
  mkdirSync(join(root, 'infra', 'stack'), { recursive: true });
  const template = join(root, 'infra', 'stack', 'template.yaml');
  copyFileSync(TEMPLATE, template);
  return { root, template };
}

describe('diff header paths', () => {
  it('are relative to the repository root, whatever directory iamtrim runs in', async () => {
    const { root, template } = repo();
    const elsewhere = mkdtempSync(join(tmp, 'elsewhere-'));
    for (const cwd of [root, join(root, 'infra'), join(root, 'infra', 'stack'), elsewhere]) {
      const path = createDiffPaths(cwd);
      expect(await path(relative(cwd, template))).toBe(join('infra', 'stack', 'template.yaml'));
    }
  });

  it('are relative to the current directory outside a repository', async () => {
    const dir = mkdtempSync(join(tmp, 'plain-'));
    const file = join(dir, 'sub', 'template.yaml');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(file, 'x');
    expect(await createDiffPaths(dir)(file)).toBe(join('sub', 'template.yaml'));
    // Without git at all, the same.
    expect(await createDiffPaths(dir, async () => undefined)(file)).toBe(join('sub', 'template.yaml'));
  });

  it('patch prints a diff that git apply takes at the root of the template’s repository', async () => {
    const { root, template } = repo();
    const before = readFileSync(template, 'utf8');
    // Run from this repository, not the template's: the header still names infra/stack/.
    const run = await runMain(['patch', '--quiet', '--template', template, '--cloudtrail', EXAMPLE]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('--- a/infra/stack/template.yaml\n+++ b/infra/stack/template.yaml\n');
    writeFileSync(join(tmp, 'change.diff'), run.stdout);
    execFileSync('git', ['apply', join(tmp, 'change.diff')], { cwd: root });
    expect(readFileSync(template, 'utf8')).not.toBe(before);
  });
});

describe('patch diff colour', () => {
  const args = ['patch', '--quiet', '--template', TEMPLATE, '--cloudtrail', EXAMPLE];

  it('is coloured on a terminal, as the suggest diff is', async () => {
    const run = await runMain(args, { tty: true, env: {} });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('\u001b[31m-');
    expect(run.stdout).toContain('\u001b[1m--- a/fixtures/example/template.yaml\u001b[0m');
  });

  it.each([
    ['NO_COLOR is set', { tty: true, env: { NO_COLOR: '1' } }],
    ['stdout is a pipe', { tty: false, env: {} }],
  ])('is plain when %s', async (_why, options) => {
    const run = await runMain(args, options);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('--- a/fixtures/example/template.yaml');
    expect(run.stdout).not.toContain('\u001b[');
  });
});

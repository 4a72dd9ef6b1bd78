import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepoPaths } from '../../src/cli/diff-path.js';
import { runMain } from '../support/run-main.js';

const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-prpaths-'));

/** A git repository with the example template and its CloudTrail logs under infra/ and logs/. */
function repo(): { root: string; template: string; logs: string } {
  const root = mkdtempSync(join(tmp, 'repo-'));
  execFileSync('git', ['init', '-q'], { cwd: root });
  mkdirSync(join(root, 'infra'), { recursive: true });
  const template = join(root, 'infra', 'template.yaml');
  copyFileSync('fixtures/example/template.yaml', template);
  const logs = join(root, 'logs', 'cloudtrail');
  cpSync('fixtures/example/cloudtrail', logs, { recursive: true });
  return { root, template, logs };
}

async function prBody(args: string[]): Promise<string> {
  const body = join(mkdtempSync(join(tmp, 'out-')), 'pr.md');
  const run = await runMain(['patch', '--quiet', ...args, '--pr-body', body]);
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(body, 'utf8');
}

describe('the PR body names no local directory', () => {
  it('shows templates and --cloudtrail directories given as absolute paths relative to the repository', async () => {
    const { root, template, logs } = repo();
    const body = await prBody(['--template', template, '--cloudtrail', logs]);
    expect(body).not.toContain(tmp);
    expect(body).not.toContain(root);
    expect(body).toContain('- Sources: <code>logs/cloudtrail</code>');
    expect(body).toContain('— <code>infra/template.yaml:46</code>');
    // The notes from the patch (here what Lambda needs) name the file the same way.
    expect(body).toMatch(/^- infra\/template\\\.yaml:46 OrdersApiRole/m);
  });

  it('shows a usage report outside any repository by its name alone', async () => {
    const { template } = repo();
    const usage = await runMain([
      'usage',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(usage.status, usage.stderr).toBe(0);
    const file = join(mkdtempSync(join(tmp, 'plain-')), 'usage.json');
    writeFileSync(file, usage.stdout);
    const body = await prBody(['--template', template, '--usage', file]);
    expect(body).not.toContain(tmp);
    expect(body).toContain('- Sources: <code>usage.json</code>');
  });

  it('createRepoPaths: relative to the git root inside a repository, the base name outside', async () => {
    const { root, template } = repo();
    const plain = join(mkdtempSync(join(tmp, 'plain-')), 'u.json');
    writeFileSync(plain, '{}');
    const path = createRepoPaths(tmp);
    expect(await path(template)).toBe(join('infra', 'template.yaml'));
    expect(await path(join(root, 'logs', 'cloudtrail'))).toBe(join('logs', 'cloudtrail'));
    expect(await path(plain)).toBe('u.json');
    expect(await createRepoPaths(tmp, async () => undefined)(template)).toBe('template.yaml');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

// The action's entry script as the runner starts it: a process with the inputs as INPUT_*
// and files behind GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, running the built CLI (bin/ and
// dist/, as `npm test` builds them) over the bundled example.
const ENTRY = 'action/run.mjs';
const EXAMPLE = 'fixtures/example';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-action-'));
const usageFile = join(tmp, 'usage.json');
const SUGGEST_ARGS = `--usage ${usageFile} --role orders-api-role --policy '${EXAMPLE}/policies/orders-api-role.json' --trail-config ${EXAMPLE}/trail-selectors.json`;

interface ActionRun {
  status: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

let runs = 0;
function runAction(inputs: Record<string, string>): ActionRun {
  const dir = mkdtempSync(join(tmp, `run-${++runs}-`));
  const output = join(dir, 'output');
  const summary = join(dir, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: dir,
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.toUpperCase().replace('-', '_')}`] = value;
  const r = spawnSync(process.execPath, [ENTRY], { env, encoding: 'utf8', cwd: process.cwd() });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(output, 'utf8').split('\n').filter(Boolean)) {
    const at = line.indexOf('=');
    outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs,
    summary: readFileSync(summary, 'utf8'),
  };
}

beforeAll(() => {
  const usage = runCli(['usage', '--quiet', '--cloudtrail', `${EXAMPLE}/cloudtrail`, '--format', 'json']);
  expect(usage.status, usage.stderr).toBe(0);
  writeFileSync(usageFile, usage.stdout);
});

describe('the GitHub Action entry script', () => {
  it('suggest over the threshold: exit 3 passed through, the counts as outputs, the report in the summary', () => {
    const run = runAction({ command: 'suggest', args: SUGGEST_ARGS, 'fail-on': 'any', summary: 'true' });
    expect(run.status, run.stderr).toBe(3);
    expect(run.outputs['exit-code']).toBe('3');
    const removable = Number(run.outputs['removable']);
    expect(removable).toBeGreaterThan(0);
    expect(run.outputs['findings']).toBe(String(removable));
    expect(run.stderr).toContain(`iamtrim: ${removable} action(s) removable`);
    // The summary holds the CLI's own Markdown report, unchanged, under the verdict.
    const direct = runCli([
      'suggest',
      '--quiet',
      ...SUGGEST_ARGS.replaceAll("'", '').split(' '),
      '--format',
      'markdown',
    ]);
    expect(direct.status).toBe(0);
    expect(run.summary).toContain('## iamtrim suggest');
    expect(run.summary).toContain(`(exit 3): ${removable} action(s) removable.`);
    expect(run.summary).toContain(direct.stdout.trimEnd());
    // And the log shows it too.
    expect(run.stdout).toContain(direct.stdout.trimEnd());
  });

  it('within the threshold: exit 0, the same count', () => {
    const over = runAction({ command: 'suggest', args: SUGGEST_ARGS, 'fail-on': 'any' });
    const within = runAction({ command: 'suggest', args: `${SUGGEST_ARGS} --fail-on 100000` });
    expect(within.status, within.stderr).toBe(0);
    expect(within.outputs['exit-code']).toBe('0');
    expect(within.outputs['removable']).toBe(over.outputs['removable']);
    expect(within.summary).toContain('iamtrim suggest passed');
  });

  it('summary false writes no summary', () => {
    const run = runAction({ command: 'suggest', args: SUGGEST_ARGS, summary: 'false' });
    expect(run.status).toBe(0);
    expect(run.summary).toBe('');
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs['removable']).toBe(''); // no threshold: the CLI does not count
  });

  it('audit with SARIF and a summary: findings counts the SARIF results', () => {
    const sarif = join(tmp, 'audit.sarif');
    const args = `--template ${EXAMPLE}/template.yaml --usage ${usageFile}`;
    const run = runAction({ command: 'audit', args, sarif, 'fail-on': 'low' });
    const direct = runCli(['audit', ...args.split(' '), '--fail-on', 'low', '--format', 'json']);
    expect(run.status, run.stderr).toBe(direct.status);
    expect(run.outputs['exit-code']).toBe(String(direct.status));
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const results = log.runs.reduce((n, r) => n + r.results.length, 0);
    expect(results).toBeGreaterThan(0);
    expect(run.outputs['findings']).toBe(String(results));
    expect(run.summary).toContain('## iamtrim audit');
    expect(run.summary).toMatch(/# iamtrim audit/);
  });

  it('patch: the summary is the pull-request body the CLI writes', () => {
    const body = join(tmp, 'direct-pr.md');
    const args = `--template ${EXAMPLE}/template.yaml --usage ${usageFile}`;
    const direct = runCli(['patch', '--quiet', ...args.split(' '), '--pr-body', body]);
    expect(direct.status).toBe(0);
    const run = runAction({ command: 'patch', args: `${args} --check` });
    expect(run.status).toBe(3);
    expect(run.summary).toContain(readFileSync(body, 'utf8').trimEnd());
    expect(Number(run.outputs['removable'])).toBeGreaterThan(0);
  });

  it('roles: findings counts the shared roles', () => {
    const args = `--account-authorization ${EXAMPLE}/account-authorization.json --usage ${usageFile}`;
    const direct = runCli(['roles', ...args.split(' '), '--format', 'json']);
    const shared = (JSON.parse(direct.stdout) as { roles: { shared?: boolean }[] }).roles.filter(
      (r) => r.shared,
    );
    expect(shared.length).toBeGreaterThan(0);
    const run = runAction({ command: 'roles', args, 'fail-on': 'shared' });
    expect(run.status).toBe(3);
    expect(run.outputs['findings']).toBe(String(shared.length));
    expect(run.outputs['removable']).toBe('');
    const quiet = runAction({
      command: 'roles',
      args: `--account-authorization ${EXAMPLE}/account-authorization.json`,
    });
    expect(quiet.status).toBe(0);
    expect(quiet.outputs['findings']).toBe('0');
  });

  it('passes the CLI usage error through (exit 2)', () => {
    const run = runAction({ command: 'suggest', args: '--no-such-flag' });
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.summary).toContain('failed (exit 2');
  });

  it.each([
    [{ command: 'suggest; touch x' }, /command: "suggest; touch x" is not one of/],
    [{ command: 'suggest', args: "--role 'open" }, /single quote at character 8 is never closed/],
    [
      { command: 'suggest', args: `${SUGGEST_ARGS} --check`, 'fail-on': 'any' },
      /fail-on: give the threshold/,
    ],
    [{ command: 'suggest', args: SUGGEST_ARGS, sarif: 'x.sarif' }, /sarif: suggest writes no SARIF/],
    [{ command: 'drift', args: '--format json', sarif: 'x.sarif' }, /sarif: drift writes one report per run/],
  ])('refuses bad inputs with exit 2 and one workflow error line: %j', (inputs, message) => {
    const run = runAction(inputs);
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stderr).toMatch(/^::error title=iamtrim action::/m);
    expect(run.stderr).toMatch(message);
  });

  it('never gives args (or the command) to a shell', () => {
    const marks = ['a', 'b', 'c', 'd'].map((m) => join(tmp, `pwned-${m}`));
    const hostile = [
      `--role "$(touch ${marks[0]})"`,
      `--policy '\`touch ${marks[1]}\`'`,
      `--usage "x; touch ${marks[2]}"`,
    ].join(' ');
    const run = runAction({ command: 'suggest', args: hostile });
    // The CLI ran, and could not read the file named literally as written.
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`\`touch ${marks[1]}\``);
    const evil = runAction({ command: `suggest\n::error::$(touch ${marks[3]})` });
    expect(evil.status).toBe(2);
    // The command's text stays on the one error line: no second workflow command.
    expect(evil.stderr.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
    for (const mark of marks) expect(existsSync(mark), mark).toBe(false);
  });
});

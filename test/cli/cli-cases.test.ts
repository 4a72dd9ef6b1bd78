import { describe, expect, it } from 'vitest';
import { loadCases } from '../support/case-loader.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

interface CliCase {
  readonly args: string[];
  readonly status: number;
  /** A regular expression the whole of stderr must match. */
  readonly stderr: string;
  readonly stdout?: string;
  readonly env?: Record<string, string>;
}

// Every case runs in-process: what a person typed → exit code and the one line they read.
describe('the command line (test/cases/cli)', () => {
  it.each(loadCases<CliCase>('cli').map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const run = await runMain(c.data.args, c.data.env ? { env: c.data.env } : {});
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: c.data.status,
      stderr: expect.stringMatching(new RegExp(c.data.stderr)),
    });
    if (c.data.stdout !== undefined) expect(run.stdout).toMatch(new RegExp(c.data.stdout, 'm'));
    // A usage error is one line and a hint, never the help.
    if (c.data.status === 2) expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

// Spawned: these read the process's stdin.
describe('standard input', () => {
  it('an empty stdin ends with a message, not a silent exit 13', () => {
    const run = runCli(['usage', '--cloudtrail', '-'], '');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/<stdin>: empty[\s\S]*no CloudTrail records could be read/);
  });

  it('an empty stdin beside other inputs is one empty input among them', () => {
    const run = runCli(['usage', '--cloudtrail', 'fixtures/example/cloudtrail', '-', '--format', 'json'], '');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).principals.length).toBeGreaterThan(0);
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUsageSpec } from '../../src/cli/build-usage-spec.js';
import { COMMANDS } from '../../src/cli/command-list.js';
import type { HelpTable } from '../../src/cli/fast-help.js';
import { fastUsageError, fastUsageErrorLines, recommendedCommand } from '../../src/cli/fast-usage-error.js';
import { valueCheckMessage } from '../../src/cli/fast-value-check.js';
import type { UsageSpec } from '../../src/cli/usage-spec.js';
import { loadCases } from '../support/case-loader.js';
import { loadedMain, packagesOf, runCliTracingModules } from '../support/loaded-modules.js';
import { runMain } from '../support/run-main.js';

interface UsageCase {
  readonly args: string[];
  /** Whether the fast check must answer (else it leaves the run to yargs). */
  readonly fast: boolean;
}

// The built spec (`npm test` builds first), as bin/iamtrim.js reads it.
const spec = JSON.parse(
  readFileSync(new URL('../../dist/cli/usage-spec.json', import.meta.url), 'utf8'),
) as UsageSpec;

/** What main() writes for `args`, in the shape the fast check answers. */
async function viaYargs(args: string[]): Promise<{ status: number | null; lines: string[] }> {
  const run = await runMain(args);
  return { status: run.status, lines: run.stderr.split('\n').slice(0, -1) };
}

// yargs reads the locale from the process's environment; its messages here are English.
let savedLocale: string | undefined;
beforeAll(() => {
  savedLocale = process.env.LC_ALL;
  process.env.LC_ALL = 'en_US';
});
afterAll(() => {
  if (savedLocale === undefined) delete process.env.LC_ALL;
  else process.env.LC_ALL = savedLocale;
});

describe('fastUsageErrorLines (with the value checks): the same answer as main(), or none', () => {
  for (const { file, description, data } of loadCases<UsageCase>('fast-usage'))
    it(`${file}: ${description}`, async () => {
      const fast = fastUsageErrorLines(data.args, spec, valueCheckMessage);
      expect(fast !== undefined).toBe(data.fast);
      if (fast) expect(await viaYargs(data.args)).toEqual({ status: 2, lines: fast });
    });

  // Arguments drawn from the flags the commands really have, misspelt ones, values (good and
  // bad), choices and shapes the check leaves alone. Whenever it answers, main() answers the same; main()
  // runs a command only if the check wrongly called valid arguments an error.
  it('never answers differently from yargs', async () => {
    const words = fc.constantFrom(
      ...['--role', '--format', '--cloudtrial', '--bogus', '--foo-bar', '--quiet', '--no-quiet', '--debug'],
      ...['--no-color', '--workers', '--policy-kind', '--template', '--since', '--format=', '--format=csv'],
      ...['--role=r', 'json', 'nope', 'true', 'false', 'x', '5', '-', '--', '-x', 'usage', '--help'],
      ...['managed', '--policy-kind=inline', '--no-debug', '--workers=2', '--quiet=yes', '--quiet=false'],
      ...['--role=', '--constructor', 'constructor', '--usage', '--lookup-events', '--fail-on', '--no-bogus'],
      ...[
        '0',
        '3d',
        'garbage',
        'any',
        'high',
        's3',
        'all',
        '--until',
        '--regions',
        '--data-events',
        '--threshold',
      ],
      ...['--min-days', '--max-resources', '--workers=0', '--since=2026-01-01', '--function', '--cloudtrail'],
    );
    const commands = fc.constantFrom('usage', 'suggest', 'patch', 'drift', 'audit', 'usag', 'frob', 'debug');
    await fc.assert(
      fc.asyncProperty(commands, fc.array(words, { maxLength: 6 }), async (command, rest) => {
        const args = [command, ...rest];
        const fast = fastUsageErrorLines(args, spec, valueCheckMessage);
        if (fast) expect(await viaYargs(args)).toEqual({ status: 2, lines: fast });
      }),
      { numRuns: Number(process.env.IAMTRIM_FAST_USAGE_RUNS) || 300 },
    );
  });
});

describe('recommendedCommand (yargs recommendCommands)', () => {
  it('prefers the nearest command, within three edits', () => {
    expect(recommendedCommand('usag', ['usage', 'suggest'])).toBe('usage');
    expect(recommendedCommand('sugest', ['usage', 'suggest'])).toBe('suggest');
    expect(recommendedCommand('zzzzzzz', ['usage', 'suggest'])).toBeUndefined();
  });
});

describe('fastUsageError', () => {
  it('leaves other locales to yargs, which translates its messages', async () => {
    expect(await fastUsageError(['frob'], { LANG: 'de_DE.UTF-8' })).toBeUndefined();
  });
});

// A flag, choice or required option changed in a command's builder, and not rebuilt, fails
// here: the spec is built again from the source and compared with the built copy.
describe('dist/cli/usage-spec.json', () => {
  it('is what the commands declare now', async () => {
    const table = JSON.parse(
      readFileSync(new URL('../../dist/cli/help-text.json', import.meta.url), 'utf8'),
    ) as HelpTable;
    const help = table.byWidth['100'] ?? {};
    expect(await buildUsageSpec(COMMANDS, () => yargs([]), help)).toEqual(spec);
  });

  it('models every command (a yargs feature it does not know makes a command go to yargs)', () => {
    expect(Object.entries(spec.byCommand).filter(([, c]) => !c.supported)).toEqual([]);
  });
});

// Which modules a run loads, recorded by a resolve hook in the child: a behaviour, not a timing.
describe('the built CLI on a usage error', () => {
  it('answers a plain usage error loading neither yargs nor the AWS SDK, exit 2', () => {
    const run = runCliTracingModules(['usage', '--cloudtrial', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'iamtrim: Unknown argument: cloudtrial\ndid you mean --cloudtrail? see iamtrim usage --help\n',
    );
    expect(packagesOf(run.modules).filter((p) => p === 'yargs' || p.startsWith('@aws-sdk/'))).toEqual([]);
    expect(loadedMain(run.modules)).toBe(false);
  });

  it('answers a shared value check without yargs too', () => {
    const run = runCliTracingModules(['usage', '--workers', '0', '--cloudtrail', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^iamtrim: --workers: "0" is not a whole number/);
    expect(packagesOf(run.modules).filter((p) => p === 'yargs' || p.startsWith('@aws-sdk/'))).toEqual([]);
    expect(loadedMain(run.modules)).toBe(false);
  });

  it("leaves a command's own checks to the command, which loads yargs but not the AWS SDK", () => {
    const run = runCliTracingModules(['usage']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^iamtrim: give --cloudtrail/);
    const packages = packagesOf(run.modules);
    expect(packages).toContain('yargs');
    expect(loadedMain(run.modules)).toBe(true);
    expect(packages.filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
  });
});

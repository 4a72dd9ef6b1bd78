import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastHelpText, helpKeyOf, type HelpTable } from '../../src/cli/fast-help.js';
import { commandNames } from '../../src/cli/command-list.js';
import { loadCases } from '../support/case-loader.js';
import { loadedMain, packagesOf, runCliTracingModules } from '../support/loaded-modules.js';
import { runMain } from '../support/run-main.js';

interface ShapeCase {
  readonly args: string[];
  readonly columns?: number;
  readonly env?: Record<string, string>;
  /** `<width>/<key>` of the text served, or null when yargs must answer. */
  readonly served: string | null;
}

// Each text names where it came from, so a case shows which entry was picked.
const WIDTHS = [80, 100, 110];
const KEYS = ['--help', '--version', 'usage --help'];
const syntheticTable: HelpTable = {
  byWidth: Object.fromEntries(
    WIDTHS.map((w) => [String(w), Object.fromEntries(KEYS.map((k) => [k, `${w}/${k}`]))]),
  ),
};

describe('fastHelpText: which runs are served from the table', () => {
  for (const { file, description, data } of loadCases<ShapeCase>('fast-help'))
    it(`${file}: ${description}`, () => {
      expect(fastHelpText(data.args, data.columns, data.env ?? {}, syntheticTable)).toBe(
        data.served ?? undefined,
      );
    });
});

// The built table (`npm test` builds first) against what yargs prints from the source now:
// a changed flag, description or command that the build did not capture fails here.
describe('dist/cli/help-text.json', () => {
  const table = JSON.parse(
    readFileSync(new URL('../../dist/cli/help-text.json', import.meta.url), 'utf8'),
  ) as HelpTable;
  let saved: string | undefined;
  beforeAll(() => {
    // yargs reads the locale from the process's environment; the table is English.
    saved = process.env.LC_ALL;
    process.env.LC_ALL = 'en_US';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LC_ALL;
    else process.env.LC_ALL = saved;
  });

  it('holds every command at every width', () => {
    const keys = ['--help', '--version', ...commandNames().map((c) => `${c} --help`)].sort();
    expect(Object.keys(table.byWidth).sort()).toEqual(['100', '110', '80']);
    for (const texts of Object.values(table.byWidth)) expect(Object.keys(texts).sort()).toEqual(keys);
  });

  it('prints exactly what yargs prints, at each width', async () => {
    for (const [width, texts] of Object.entries(table.byWidth))
      for (const [key, text] of Object.entries(texts)) {
        const args = key.split(' ');
        expect(helpKeyOf(args)).toBe(key);
        const run = await runMain(args, { tty: true, columns: Number(width) });
        expect({ width, key, status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
          width,
          key,
          status: 0,
          stdout: text,
          stderr: '',
        });
      }
  });
});

// Which modules a run loads, recorded by a resolve hook in the child: a behaviour, not a timing.
describe('what the built CLI loads', () => {
  const table = (): HelpTable =>
    JSON.parse(readFileSync(new URL('../../dist/cli/help-text.json', import.meta.url), 'utf8')) as HelpTable;

  it('prints --help and a command --help from the table, loading neither yargs nor the AWS SDK', () => {
    for (const args of [['--help'], ['suggest', '--help']]) {
      const run = runCliTracingModules(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(table().byWidth['100']?.[args.join(' ')]);
      expect(packagesOf(run.modules).filter((p) => p === 'yargs' || p.startsWith('@aws-sdk/'))).toEqual([]);
      expect(loadedMain(run.modules)).toBe(false);
    }
  });

  it('reads local CloudTrail files without loading the AWS SDK', () => {
    const run = runCliTracingModules([
      'usage',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(run.status).toBe(0);
    expect(packagesOf(run.modules).filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
  });

  it('loads the AWS SDK when the evidence is in S3', () => {
    // Fake credentials and a closed local port: the run fails, but only after loading the S3 client.
    const run = runCliTracingModules(
      ['usage', '--cloudtrail', 's3://no-such-bucket-iamtrim-test/', '--region', 'us-east-1'],
      {
        AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      },
    );
    expect(packagesOf(run.modules)).toContain('@aws-sdk/client-s3');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { expectGolden, longLines } from './golden.js';

// The renderers on the bundled example (fixtures/example, as `npm start` runs it), through
// the CLI in this process so the golden files show exactly what a user sees.
const SUGGEST = [
  'suggest',
  '--cloudtrail',
  'fixtures/example/cloudtrail',
  '--trail-config',
  'fixtures/example/trail-selectors.json',
  '--role',
  'orders-api-role',
  '--policy',
  'fixtures/example/policies/orders-api-role.json',
  '--quiet',
];

describe('renderers on the bundled example', () => {
  const out: Record<string, string> = {};
  let tmp = '';

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'iamtrim-example-'));
    for (const format of ['markdown', 'diff', 'table']) {
      const run = await runMain([...SUGGEST, '--format', format]);
      expect(run.status, run.stderr).toBe(0);
      out[format] = run.stdout;
    }
    // patch prints its template diff to stdout; only the PR body matters here.
    const body = join(tmp, 'pr.md');
    const args = [
      'patch',
      '--template',
      'fixtures/example/template.yaml',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--trail-config',
      'fixtures/example/trail-selectors.json',
    ];
    const run = await runMain([...args, '--pr-body', body, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    out['pr-body'] = readFileSync(body, 'utf8');
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('match their golden files', () => {
    expectGolden('example-suggest.md', out.markdown ?? '');
    expectGolden('example-diff.txt', out.diff ?? '');
    expectGolden('example-table.txt', out.table ?? '');
    expectGolden('example-pr-body.md', out['pr-body'] ?? '');
  });

  it('write no line over 200 characters', () => {
    for (const text of Object.values(out)) expect(longLines(text)).toEqual([]);
  });

  it('name s3:PutObject among the removed actions instead of counting it', () => {
    const removed = (out.markdown ?? '').slice(0, (out.markdown ?? '').indexOf('## Narrowed'));
    expect(removed).toContain('<code>s3:PutObject</code>');
    expect(out['pr-body']).toContain('<code>dynamodb:Scan</code>');
  });

  it("says in the diff why the SQS poller's actions stay", () => {
    expect(out.diff).toMatch(/\+ sqs:ReceiveMessage +# kept: Lambda needs this/);
  });
});

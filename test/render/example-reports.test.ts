import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
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
    // patch prints its template diff to stdout; only the files matter here.
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((...args: unknown[]) => {
      const done = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      done?.();
      return true;
    });
    try {
      for (const format of ['markdown', 'diff', 'table']) {
        const file = join(tmp, format);
        expect(await main([...SUGGEST, '--format', format, '--out', file])).toBe(0);
        out[format] = readFileSync(file, 'utf8');
      }
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
      expect(await main([...args, '--pr-body', body, '--quiet'])).toBe(0);
      out['pr-body'] = readFileSync(body, 'utf8');
    } finally {
      write.mockRestore();
    }
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

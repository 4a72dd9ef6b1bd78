import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/fit-width.js';
import { runMain } from '../support/run-main.js';

const LOGS = 'fixtures/example/cloudtrail';
const wide = (text: string, columns: number): string[] =>
  text.split('\n').filter((l) => displayWidth(l) > columns);

describe('output on a terminal fits its width', () => {
  it.each([40, 80, 160])('usage --format table at %i columns', async (columns) => {
    const r = await runMain(['usage', '--cloudtrail', LOGS, '--format', 'table'], { tty: true, columns });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Role ');
    expect(wide(r.stdout, columns)).toEqual([]);
  });

  it('usage in a pipe keeps whole lines: a pipe has no width', async () => {
    const narrow = await runMain(['usage', '--cloudtrail', LOGS, '--format', 'table'], {
      tty: true,
      columns: 40,
    });
    const pipe = await runMain(['usage', '--cloudtrail', LOGS, '--format', 'table']);
    expect(wide(pipe.stdout, 40).length).toBeGreaterThan(0);
    expect(narrow.stdout).not.toBe(pipe.stdout);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../src/sources/expand-paths.js';

describe('expandPaths in a --cloudtrail directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'iamtrim-expand-'));
  const logs = join(root, 'logs');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(join(elsewhere, 'deeper'), { recursive: true });
  mkdirSync(logs);
  writeFileSync(join(logs, 'a.json'), '{}');
  writeFileSync(join(elsewhere, 'b.json'), '{}');
  writeFileSync(join(elsewhere, 'deeper', 'c.json.gz'), '');
  writeFileSync(join(root, 'x.json'), '{}');
  symlinkSync(join(root, 'x.json'), join(logs, 'linked-file.json'));
  symlinkSync(join(elsewhere, 'b.json'), join(logs, 'same-as-b.json')); // read once, via linked-dir
  symlinkSync(elsewhere, join(logs, 'linked-dir'));
  symlinkSync(logs, join(logs, 'loop')); // points back at the directory being walked
  symlinkSync(join(root, 'missing.json'), join(logs, 'dangling.json'));
  execFileSync('mkfifo', [join(logs, 'fifo.json')]);

  it('follows symlinked files and directories, once, and reports what it cannot use', async () => {
    const out = await expandPaths([logs]);
    const files = out.filter((e) => e.kind === 'file').map((e) => (e.kind === 'file' ? e.path : ''));
    expect(files).toEqual([
      join(logs, 'a.json'),
      join(logs, 'linked-dir', 'b.json'),
      join(logs, 'linked-dir', 'deeper', 'c.json.gz'),
      join(logs, 'linked-file.json'),
    ]);
    const problems = out.flatMap((e) => (e.kind === 'unreadable' ? [`${e.path}: ${e.reason}`] : []));
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith(join(logs, 'dangling.json')))).toMatch(/ENOENT/);
    expect(problems.find((p) => p.startsWith(join(logs, 'loop')))).toMatch(/symlink loop/);
    expect(problems.find((p) => p.startsWith(join(logs, 'fifo.json')))).toMatch(/not a regular file/);
  });
});

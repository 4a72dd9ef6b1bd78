import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseNewFiles, selectNewFiles } from '../../src/sources/select-new-files.js';
import { loadCases } from '../support/case-loader.js';

interface ChooseCase {
  listed: { name: string; size: number }[];
  read: Record<string, number>;
  expect: { read: string[]; changed: string[]; next: Record<string, number> };
}

describe('chooseNewFiles (test/cases/select-new-files)', () => {
  for (const c of loadCases<ChooseCase>('select-new-files')) {
    it(`${c.file}: ${c.description}`, () => {
      const listed = c.data.listed.map((f) => ({ ...f, path: `/logs/${f.name}` }));
      const out = chooseNewFiles(listed, c.data.read);
      expect(out.read.map((f) => f.name)).toEqual(c.data.expect.read);
      expect(out.changed.map((f) => f.path)).toEqual(c.data.expect.changed.map((n) => `/logs/${n}`));
      expect(Object.entries(out.next)).toEqual(Object.entries(c.data.expect.next));
    });
  }
});

function trailDir(root: string, names: string[]): string {
  const dir = join(root, 'logs');
  mkdirSync(join(dir, 'us-east-1'), { recursive: true });
  for (const n of names) writeFileSync(join(dir, 'us-east-1', n), '{"Records":[]}');
  return dir;
}

describe('selectNewFiles', () => {
  it('a second selection over the same directory returns exactly the two files added since', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iamtrim-select-'));
    const dir = trailDir(root, ['a.json.gz', 'b.json.gz', 'c.json']);
    const first = await selectNewFiles([dir], []);
    expect(first.files).toHaveLength(3);
    expect(first.inputs).toEqual([{ input: dir, found: 3, selected: 3 }]);
    writeFileSync(join(dir, 'us-east-1', 'd.json.gz'), '{"Records":[]}');
    writeFileSync(join(dir, 'e.json'), '{"Records":[]}');
    const second = await selectNewFiles([dir], first.checkpoints);
    expect(second.files.map((f) => f.path).sort()).toEqual([
      join(dir, 'e.json'),
      join(dir, 'us-east-1', 'd.json.gz'),
    ]);
    expect(second.inputs).toEqual([{ input: dir, found: 5, selected: 2 }]);
    expect(Object.keys(second.checkpoints[0]!.files)).toEqual([
      'e.json',
      'us-east-1/a.json.gz',
      'us-east-1/b.json.gz',
      'us-east-1/c.json',
      'us-east-1/d.json.gz',
    ]);
    const third = await selectNewFiles([dir], second.checkpoints);
    expect(third.files).toEqual([]);
  });

  it('matches a directory synced elsewhere by the names inside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iamtrim-select-'));
    const dir = trailDir(root, ['a.json.gz']);
    const first = await selectNewFiles([dir], []);
    const moved = join(root, 'moved');
    cpSync(dir, moved, { recursive: true });
    writeFileSync(join(moved, 'us-east-1', 'b.json.gz'), '{"Records":[]}');
    // The lead's state re-keys the checkpoint to the new input; the names inside still match.
    const again = await selectNewFiles([moved], [{ ...first.checkpoints[0]!, input: moved }]);
    expect(again.files.map((f) => f.path)).toEqual([join(moved, 'us-east-1', 'b.json.gz')]);
  });

  it('reports a file that changed size and does not read it again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iamtrim-select-'));
    const dir = trailDir(root, ['a.json']);
    const first = await selectNewFiles([dir], []);
    appendFileSync(join(dir, 'us-east-1', 'a.json'), '\n');
    const second = await selectNewFiles([dir], first.checkpoints);
    expect(second.files).toEqual([]);
    expect(second.skipped).toEqual([
      { path: join(dir, 'us-east-1', 'a.json'), reason: expect.stringMatching(/changed since it was read/) },
    ]);
  });

  it('reads a file reached through two inputs once, and refuses stdin', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iamtrim-select-'));
    const dir = trailDir(root, ['a.json']);
    const out = await selectNewFiles([dir, join(dir, 'us-east-1', 'a.json'), '-'], []);
    expect(out.files).toHaveLength(1);
    expect(out.checkpoints.map((c) => c.input)).toEqual([dir, join(dir, 'us-east-1', 'a.json')]);
    expect(out.skipped.map((s) => s.path)).toEqual(['<stdin>']);
  });
});

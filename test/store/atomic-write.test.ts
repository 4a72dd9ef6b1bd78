import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/store/atomic-write.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrim-atomic-'));
  dirs.push(dir);
  return dir;
}

/** A stream that yields `parts`, then fails: a download cut off half way. */
function cutStream(parts: string[]): Readable {
  return new Readable({
    read() {
      const next = parts.shift();
      if (next !== undefined) this.push(next);
      else this.destroy(new Error('connection reset'));
    },
  });
}

describe('writeFileAtomic', () => {
  it.each([
    ['text', (s: string) => s],
    ['bytes', (s: string) => new TextEncoder().encode(s)],
    ['a stream', (s: string) => Readable.from([s.slice(0, 3), s.slice(3)])],
  ])('writes %s and replaces the previous file, leaving no temporary file', async (_kind, as) => {
    const dir = freshDir();
    const file = join(dir, 'out.json');
    writeFileSync(file, 'previous content, longer than the new one');
    await writeFileAtomic(file, as('{"new":true}'));
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('leaves the previous file whole and removes the temporary file when the content fails', async () => {
    const dir = freshDir();
    const file = join(dir, 'trail.json.gz');
    writeFileSync(file, 'whole');
    await expect(writeFileAtomic(file, cutStream(['half', ' of it']))).rejects.toThrow('connection reset');
    expect(readFileSync(file, 'utf8')).toBe('whole');
    expect(readdirSync(dir)).toEqual(['trail.json.gz']);
  });

  it('removes the temporary file when the rename fails', async () => {
    const dir = freshDir();
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'text')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('fails without creating anything when the directory does not exist', async () => {
    const dir = freshDir();
    await expect(writeFileAtomic(join(dir, 'missing', 'out.json'), 'text')).rejects.toThrow(
      /missing\/out.json: cannot write: the directory .* does not exist/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors/iamtrim-error.js';
import {
  writeFileAtomic,
  writeFilesAtomic,
  type AtomicContent,
  type WriteContent,
} from '../../src/store/atomic-write.js';
import { liveTemps } from '../../src/store/temp-files.js';

const root = mkdtempSync(join(tmpdir(), 'iamtrim-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A directory holding a.yaml, b.yaml and c.yaml with their "old" text, and a sub directory. */
function freshTree(): string {
  const dir = join(root, `case-${n++}`);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const f of ['a.yaml', 'sub/b.yaml', 'c.yaml']) writeFileSync(join(dir, f), `old ${f}`);
  return dir;
}

/** Every file under `dir` with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    try {
      out[name] = readFileSync(join(dir, name), 'utf8');
    } catch {
      out[name] = '<dir>';
    }
  }
  return out;
}

/** An errno error as node:fs makes it, naming `path` as Node does. */
function fsError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failure, write '${path}'`), {
    code,
    errno: -28,
    syscall: 'write',
    path,
  });
}

/** Writes normally, but fails with `code` on the `failAt`-th file (counting from 1). */
function failingOn(failAt: number, code: string): WriteContent {
  let calls = 0;
  return async (handle: FileHandle, content: AtomicContent) => {
    if (++calls === failAt) {
      await handle.writeFile('part of it');
      throw fsError(code, '/somewhere/.b.yaml.iamtrim-1-00.tmp');
    }
    await handle.writeFile(content as string);
  };
}

describe('writeFilesAtomic: all or nothing', () => {
  it('writes every file when all can be written', async () => {
    const dir = freshTree();
    await writeFilesAtomic([
      { file: join(dir, 'a.yaml'), content: 'new a' },
      { file: join(dir, 'sub/b.yaml'), content: Readable.from(['new ', 'b']) },
      { file: join(dir, 'new.md'), content: new TextEncoder().encode('new md') },
    ]);
    expect(snapshot(dir)).toEqual({
      'a.yaml': 'new a',
      'c.yaml': 'old c.yaml',
      'new.md': 'new md',
      sub: '<dir>',
      'sub/b.yaml': 'new b',
    });
    expect(liveTemps()).toEqual([]);
  });

  it.each([
    ['ENOSPC', /no space left on the device \(ENOSPC\)/],
    ['EDQUOT', /disk quota exceeded/],
    ['EIO', /input\/output error/],
    ['EROFS', /the file system is read-only/],
  ])(
    'changes nothing when the second file meets %s, and names that file, not its temporary',
    async (code, says) => {
      const dir = freshTree();
      const before = snapshot(dir);
      const files = [join(dir, 'a.yaml'), join(dir, 'sub/b.yaml'), join(dir, 'c.yaml')];
      const error = await writeFilesAtomic(
        files.map((file) => ({ file, content: `new ${file}` })),
        { writeContent: failingOn(2, code) },
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OutputError);
      expect((error as Error).message).toMatch(new RegExp(`^${files[1]}: cannot write: `));
      expect((error as Error).message).toMatch(says);
      expect((error as Error).message).not.toMatch(/\.tmp|iamtrim-\d/);
      expect(snapshot(dir)).toEqual(before);
      expect(liveTemps()).toEqual([]);
    },
  );

  it('changes nothing when a later file is refused (its directory is missing), checking before writing', async () => {
    const dir = freshTree();
    const before = snapshot(dir);
    await expect(
      writeFilesAtomic([
        { file: join(dir, 'a.yaml'), content: 'new a' },
        { file: join(dir, 'missing', 'pr.md'), content: 'body' },
      ]),
    ).rejects.toThrow(`${join(dir, 'missing', 'pr.md')}: cannot write: the directory`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('changes nothing when a later file is read-only', async () => {
    const dir = freshTree();
    chmodSync(join(dir, 'c.yaml'), 0o444);
    const before = snapshot(dir);
    await expect(
      writeFilesAtomic([
        { file: join(dir, 'a.yaml'), content: 'new a' },
        { file: join(dir, 'c.yaml'), content: 'new c' },
      ]),
    ).rejects.toThrow(/c\.yaml: cannot write: it is read-only/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("changes nothing when a later file's stream fails, and passes the stream's error on", async () => {
    const dir = freshTree();
    const before = snapshot(dir);
    const cut = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(
      writeFilesAtomic([
        { file: join(dir, 'a.yaml'), content: 'new a' },
        { file: join(dir, 'c.yaml'), content: cut },
      ]),
    ).rejects.toThrow(/^connection reset$/);
    expect(snapshot(dir)).toEqual(before);
    expect(liveTemps()).toEqual([]);
  });

  it('refuses to write one file twice (two paths, one target)', async () => {
    const dir = freshTree();
    await expect(
      writeFilesAtomic([
        { file: join(dir, 'a.yaml'), content: '1' },
        { file: join(dir, 'sub', '..', 'a.yaml'), content: '2' },
      ]),
    ).rejects.toThrow(/a\.yaml: cannot write: it is the same file as /);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('old a.yaml');
  });

  it('destroys a stream it did not read when a check fails, so its source is released', async () => {
    const dir = freshTree();
    const body = Readable.from(['never read']);
    await expect(writeFileAtomic(join(dir, 'missing', 'x'), body)).rejects.toThrow(OutputError);
    expect(body.destroyed).toBe(true);
  });
});

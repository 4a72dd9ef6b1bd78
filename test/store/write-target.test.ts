import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors/iamtrim-error.js';
import { writeFileAtomic } from '../../src/store/atomic-write.js';

const root = mkdtempSync(join(tmpdir(), 'iamtrim-target-'));
const servers: Server[] = [];
const isRoot = process.getuid?.() === 0;
afterAll(() => {
  servers.forEach((s) => s.close());
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
function freshDir(): string {
  const dir = join(root, `case-${n++}`);
  mkdirSync(dir);
  return dir;
}

/** Files of `dir` that look like temporaries (hidden, ending in .tmp). */
function temps(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

describe('writeFileAtomic: where a write through a link goes', () => {
  it.each([
    ['a link in the same directory', (dir: string) => symlinkSync('real.json', join(dir, 'link.json'))],
    [
      'a chain of links across directories',
      (dir: string) => {
        mkdirSync(join(dir, 'sub'));
        symlinkSync('../real.json', join(dir, 'sub', 'hop.json'));
        symlinkSync(join(dir, 'sub', 'hop.json'), join(dir, 'link.json'));
      },
    ],
  ])('writes through %s to its final target and keeps the link', async (_what, link) => {
    const dir = freshDir();
    writeFileSync(join(dir, 'real.json'), 'old');
    link(dir);
    const before = readlinkSync(join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe(before);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
    expect(temps(dir)).toEqual([]);
  });

  it('creates the target of a dangling link, as a shell redirection does', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'data'));
    symlinkSync('data/report.json', join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'data', 'report.json'), 'utf8')).toBe('new');
  });

  it('refuses a loop of links, naming the given path', async () => {
    const dir = freshDir();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    await expect(writeFileAtomic(join(dir, 'a'), 'x')).rejects.toThrow(
      `${join(dir, 'a')}: cannot write: too many levels of symbolic links`,
    );
  });
});

describe('writeFileAtomic: what it keeps', () => {
  it.each(['0640', '0600', '0755', '0604'])('keeps mode %s of the file it replaces', async (octal) => {
    const mode = parseInt(octal, 8);
    const dir = freshDir();
    const file = join(dir, 'template.yaml');
    writeFileSync(file, 'old');
    chmodSync(file, mode);
    await writeFileAtomic(file, 'new');
    expect(statSync(file).mode & 0o7777).toBe(mode);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it.runIf(isRoot)('keeps the owner of the file it replaces (as root)', async () => {
    const dir = freshDir();
    const file = join(dir, 'template.yaml');
    writeFileSync(file, 'old');
    chownSync(file, 1234, 5678);
    await writeFileAtomic(file, 'new');
    expect([statSync(file).uid, statSync(file).gid]).toEqual([1234, 5678]);
  });
});

interface Refusal {
  readonly what: string;
  /** Makes the path to write in `dir`; returns it. */
  readonly make: (dir: string) => string | Promise<string>;
  readonly says: RegExp;
  /** Making it needs root (mknod); left out otherwise. */
  readonly needsRoot?: true;
}

const refusals: Refusal[] = [
  // A device of our own (the null device, made with mknod), never the machine's /dev/null:
  // a broken writer would replace it with a regular file for everyone.
  {
    what: 'a character device',
    make: (dir) => charDevice(dir),
    says: /is a character device, not a regular file/,
  },
  {
    what: 'a link to a character device',
    make: (dir) => (symlinkSync(charDevice(dir), join(dir, 'out')), join(dir, 'out')),
    says: /is a character device/,
    needsRoot: true,
  },
  {
    what: 'a FIFO',
    make: (dir) => (spawnSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo')),
    says: /is a FIFO \(named pipe\)/,
  },
  {
    what: 'a link to a FIFO (as /proc/self/fd/1 is, under a pipe)',
    make: (dir) => (
      spawnSync('mkfifo', [join(dir, 'fifo')]),
      symlinkSync('fifo', join(dir, 'out')),
      join(dir, 'out')
    ),
    says: /is a FIFO/,
  },
  {
    what: 'a socket',
    make: async (dir) => {
      const path = join(dir, 'sock');
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(path, resolve));
      return path;
    },
    says: /is a socket/,
  },
  {
    what: 'a directory',
    make: (dir) => (mkdirSync(join(dir, 'sub')), join(dir, 'sub')),
    says: /is a directory/,
  },
  {
    what: 'a read-only file (0444) in a writable directory',
    make: (dir) => (
      writeFileSync(join(dir, 'ro.yaml'), 'old'),
      chmodSync(join(dir, 'ro.yaml'), 0o444),
      join(dir, 'ro.yaml')
    ),
    says: /is read-only \(mode 0444\)/,
  },
  {
    what: 'a link to a read-only file',
    make: (dir) => (
      writeFileSync(join(dir, 'ro.yaml'), 'old'),
      chmodSync(join(dir, 'ro.yaml'), 0o444),
      symlinkSync('ro.yaml', join(dir, 'link.yaml')),
      join(dir, 'link.yaml')
    ),
    says: /is read-only \(mode 0444\) \(through a link to .*ro\.yaml\)/,
  },
  {
    what: 'a file in a read-only directory',
    make: (dir) => {
      mkdirSync(join(dir, 'ro'));
      writeFileSync(join(dir, 'ro', 'out.json'), 'old');
      chmodSync(join(dir, 'ro'), 0o555);
      return join(dir, 'ro', 'out.json');
    },
    says: /the directory .*ro is not writable \(mode 0555\)/,
  },
  {
    what: 'a new file in a missing directory',
    make: (dir) => join(dir, 'missing', 'out.json'),
    says: /the directory .*missing does not exist/,
  },
  {
    what: 'a path through a file',
    make: (dir) => (writeFileSync(join(dir, 'file'), 'x'), join(dir, 'file', 'out.json')),
    says: /a part of the path is not a directory/,
  },
];

describe('writeFileAtomic: what it refuses', () => {
  it.each(refusals.filter((r) => isRoot || !r.needsRoot).map((r) => [r.what, r] as const))(
    'refuses %s, naming the given path, and leaves everything as it was',
    async (_what, { make, says }) => {
      const dir = freshDir();
      const path = await make(dir);
      const before = listing(dir);
      const error = await writeFileAtomic(path, 'new').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OutputError);
      expect((error as OutputError).message.startsWith(`${path}: cannot write: `)).toBe(true);
      expect((error as OutputError).message).toMatch(says);
      expect(listing(dir)).toEqual(before);
    },
  );
});

/** A null device in `dir` (needs root). */
function charDevice(dir: string): string {
  const path = join(dir, 'null');
  const made = spawnSync('mknod', ['-m', '666', path, 'c', '1', '3']);
  if (made.status !== 0) throw new Error(`mknod failed: ${made.stderr.toString()}`);
  return path;
}

/** Every entry under `dir` with its kind, mode and (for files) content. */
function listing(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const s = lstatSync(path);
    out.push(`${name} ${s.mode.toString(8)} ${s.isFile() ? readFileSync(path, 'utf8') : ''}`);
  }
  return out.sort();
}

import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';

/** The top of the git work tree holding `dir`, or undefined when there is none (or no git). */
export function gitRoot(dir: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir, timeout: 10_000 }, (err, stdout) => {
      const root = err ? '' : stdout.trim();
      done(root || undefined);
    });
  });
}

/**
 * The path a diff header gives `file`: relative to the root of its git repository, which is
 * where `git apply` takes paths from, so the diff applies whatever directory iamtrim ran in.
 * Outside a repository (or without git): relative to the current directory, as `patch -p1`
 * from there expects. Roots are looked up once per directory.
 */
export function createDiffPaths(
  cwd: string = process.cwd(),
  findRoot: (dir: string) => Promise<string | undefined> = gitRoot,
): (file: string) => Promise<string> {
  return createRootRelative(cwd, findRoot, (abs) => relative(cwd, abs));
}

/**
 * The path a PR body shows for a local file: relative to the root of its git repository,
 * like the diff headers, so no reviewer reads the author's home directory. A file outside any
 * repository (a usage report in /tmp) is shown by its base name alone.
 */
export function createRepoPaths(
  cwd: string = process.cwd(),
  findRoot: (dir: string) => Promise<string | undefined> = gitRoot,
): (file: string) => Promise<string> {
  return createRootRelative(cwd, findRoot, (abs) => basename(abs) || abs);
}

function createRootRelative(
  cwd: string,
  findRoot: (dir: string) => Promise<string | undefined>,
  outside: (abs: string) => string,
): (file: string) => Promise<string> {
  const roots = new Map<string, Promise<string | undefined>>();
  return async (file) => {
    const abs = resolve(cwd, file);
    const dir = dirname(abs);
    let root = roots.get(dir);
    if (!root) {
      root = findRoot(dir);
      roots.set(dir, root);
    }
    const top = await root;
    if (top) {
      // git prints the root with symlinks resolved; so must the file be, to compare them.
      const real = await realpath(abs).catch(() => abs);
      const inside = relative(top, real);
      if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
    }
    return outside(abs);
  };
}

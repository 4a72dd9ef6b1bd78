import { constants, type Stats } from 'node:fs';
import { access, lstat, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OutputError } from '../errors/iamtrim-error.js';
import { errorReason } from './fs-error-reason.js';

/** Where a write to a path the user gave really goes, and what the new file must keep. */
export interface WriteTarget {
  /** The path as the user gave it: every error names this one. */
  readonly file: string;
  /** The final path after symbolic links: the file that is replaced. */
  readonly path: string;
  /** Its directory, where the temporary file lives (so the rename stays on one file system). */
  readonly dir: string;
  /** The replaced file's mode and owner, to carry over; undefined for a new file. */
  readonly existing: { readonly mode: number; readonly uid: number; readonly gid: number } | undefined;
}

/** Symbolic links followed before giving up, as the kernel does (ELOOP at 40). */
const maxLinks = 40;

/**
 * Works out where writing `file` goes, and refuses what must not be replaced by a rename:
 * a symbolic link is followed to its final target (even a dangling one, which creates the
 * target, as a shell's `>` does); a device, FIFO, socket or directory is refused; so is a
 * file or directory the user may not write, or that grants write to no one (mode 0444 —
 * which `root` could otherwise replace). Throws `OutputError` naming `file`.
 */
export async function resolveWriteTarget(file: string): Promise<WriteTarget> {
  const fail = (message: string, cause?: unknown): never => {
    throw new OutputError(`cannot write: ${message}`, file, { cause });
  };
  let followed: Stats | undefined;
  try {
    followed = await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') fail(errorReason(e), e);
  }
  let path: string;
  if (followed) {
    const kind = nonRegularKind(followed);
    if (kind) fail(`it is ${kind}, not a regular file; iamtrim replaces only regular files`);
    path = await realpath(file).catch((e: unknown) => fail(errorReason(e), e));
    if ((followed.mode & 0o222) === 0 || !(await writable(path)))
      fail(
        `it is read-only (mode ${modeText(followed.mode)})${path !== resolve(file) ? ` (through a link to ${path})` : ''}`,
      );
  } else {
    path = await danglingTarget(file).catch((e: unknown) =>
      e instanceof OutputError ? Promise.reject(e) : fail(errorReason(e), e),
    );
  }
  const dir = dirname(path);
  let dirStats: Stats | undefined;
  try {
    dirStats = await stat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') fail(`the directory ${dir} does not exist`, e);
    fail(`${dir}: ${errorReason(e)}`, e);
  }
  if (!dirStats?.isDirectory()) fail(`${dir} is not a directory`);
  // The temporary file is created in the directory, and the rename changes the directory.
  if (((dirStats as Stats).mode & 0o222) === 0 || !(await writable(dir)))
    fail(`the directory ${dir} is not writable (mode ${modeText((dirStats as Stats).mode)})`);
  const existing = followed
    ? { mode: followed.mode & 0o7777, uid: followed.uid, gid: followed.gid }
    : undefined;
  return { file, path, dir, existing };
}

/** For a path that does not exist: the path itself, or the final target of a dangling link. */
async function danglingTarget(file: string): Promise<string> {
  let path = resolve(file);
  for (let hops = 0; hops <= maxLinks; hops++) {
    let link: Stats;
    try {
      link = await lstat(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return path;
      throw e;
    }
    if (!link.isSymbolicLink()) return path;
    path = resolve(dirname(path), await readlink(path));
  }
  throw new OutputError('cannot write: too many levels of symbolic links', file);
}

function nonRegularKind(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  return 'an unknown kind of file';
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

import { link, mkdir, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StateError } from '../errors/iamtrim-error.js';
import { writeFileAtomic } from './atomic-write.js';
import { errorReason } from './fs-error-reason.js';
import { checkStateKey, MAX_STATE_OBJECT_BYTES, tooLargeError, type StateStore } from './state-store.js';
import { releaseTemp, tempPathFor, trackTemp } from './temp-files.js';

/** File systems that cannot hard-link answer with one of these. */
const noLink = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * The drift state in a directory (`.iamtrim/state` by default). The directory is created on
 * the first write; a symbolic link to a directory is followed. Keys map to files below it.
 */
export function createDirStateStore(root: string): StateStore {
  const pathOf = (key: string): string => {
    checkStateKey(key, join(root, String(key)));
    return join(root, ...key.split('/'));
  };
  const fail = (verb: string, e: unknown, location: string): StateError =>
    new StateError(`cannot ${verb}: ${errorReason(e)}`, location, { cause: e });

  return {
    describe: (key) => join(root, ...String(key).split('/')),

    async read(key, maxBytes = MAX_STATE_OBJECT_BYTES) {
      const path = pathOf(key);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (e) {
        if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return undefined;
        throw fail('read', e, path);
      }
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw new StateError('is not a regular file', path);
        if (stat.size > maxBytes) throw tooLargeError(path, stat.size, maxBytes);
        return new Uint8Array(await handle.readFile());
      } catch (e) {
        throw e instanceof StateError ? e : fail('read', e, path);
      } finally {
        await handle.close().catch(() => undefined);
      }
    },

    async write(key, bytes) {
      const path = pathOf(key);
      await makeDir(dirname(path));
      await writeFileAtomic(path, bytes);
    },

    async createExclusive(key, bytes) {
      const path = pathOf(key);
      const dir = dirname(path);
      await makeDir(dir);
      // The whole content goes to a temporary file first and is then hard-linked into place:
      // link() fails when the name exists, and a reader never sees a half-written file.
      const tmp = tempPathFor(path, dir);
      trackTemp(tmp);
      try {
        const handle = await open(tmp, 'wx', 0o666).catch((e: unknown) => {
          throw fail('write', e, path);
        });
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } catch (e) {
          throw fail('write', e, path);
        } finally {
          await handle.close().catch(() => undefined);
        }
        try {
          await link(tmp, path);
          await syncDir(dir);
          return true;
        } catch (e) {
          if (isCode(e, 'EEXIST')) return false;
          if (!noLink.has(codeOf(e))) throw fail('create', e, path);
        }
        return await createDirectly(path, bytes);
      } finally {
        await unlink(tmp).catch(() => undefined);
        releaseTemp(tmp);
      }
    },

    async list(prefix) {
      // Walk only the deepest folder the prefix names; keys are matched on the full prefix.
      const cut = prefix.lastIndexOf('/');
      const base = cut < 0 ? '' : prefix.slice(0, cut);
      if (base !== '') checkStateKey(base, join(root, base));
      const keys: string[] = [];
      await walk(base === '' ? root : join(root, ...base.split('/')), base, keys);
      return keys.filter((k) => k.startsWith(prefix)).sort();
    },

    async remove(key) {
      const path = pathOf(key);
      try {
        await unlink(path);
      } catch (e) {
        if (!isCode(e, 'ENOENT')) throw fail('remove', e, path);
      }
      // Tidy a day folder left empty; one still holding files stays (rmdir refuses).
      if (key.includes('/')) await rmdir(dirname(path)).catch(() => undefined);
    },
  };
}

/** Fallback where hard links are not supported: create-exclusive by name, written in place. */
async function createDirectly(path: string, bytes: Uint8Array): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o666);
  } catch (e) {
    if (isCode(e, 'EEXIST')) return false;
    throw new StateError(`cannot create: ${errorReason(e)}`, path, { cause: e });
  }
  try {
    await handle.writeFile(bytes);
    await handle.sync();
    return true;
  } catch (e) {
    await unlink(path).catch(() => undefined);
    throw new StateError(`cannot write: ${errorReason(e)}`, path, { cause: e });
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function walk(dir: string, keyPrefix: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return;
    throw new StateError(`cannot list: ${errorReason(e)}`, dir, { cause: e });
  }
  for (const entry of entries) {
    // Hidden names are temporary files of a write in progress (or left by a killed run).
    if (entry.name.startsWith('.')) continue;
    const key = keyPrefix === '' ? entry.name : `${keyPrefix}/${entry.name}`;
    if (entry.isDirectory()) await walk(join(dir, entry.name), key, out);
    else out.push(key);
  }
}

/** Makes a new name in `dir` survive a crash of the machine; best effort (not every system can). */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new StateError(`cannot create the state folder: ${errorReason(e)}`, dir, { cause: e });
  }
}

function codeOf(e: unknown): string {
  return String((e as NodeJS.ErrnoException | undefined)?.code ?? '');
}

function isCode(e: unknown, code: string): boolean {
  return codeOf(e) === code;
}

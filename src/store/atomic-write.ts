import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { OutputError } from '../errors/iamtrim-error.js';
import { fsErrorReason } from './fs-error-reason.js';
import { releaseTemp, removeStaleTemps, tempPathFor, trackTemp } from './temp-files.js';
import { resolveWriteTarget, type WriteTarget } from './write-target.js';

/** What can be written: text, bytes, or a stream (a download, a large report). */
export type AtomicContent = string | Uint8Array | Readable;

/** One file of an all-or-nothing write. */
export interface AtomicEntry {
  /** The path as the user gave it; errors name it. */
  readonly file: string;
  readonly content: AtomicContent;
}

/** The step that fills a temporary file; tests replace it to meet ENOSPC or EIO. */
export type WriteContent = (handle: FileHandle, content: AtomicContent) => Promise<void>;

export interface AtomicWriteOptions {
  /** Default: writes text and bytes at once and pipes a stream. */
  readonly writeContent?: WriteContent;
}

/**
 * Writes `content` to `file` so that a reader, or a run after a crash, sees either the
 * previous file or the whole new one, never half of it. See `writeFilesAtomic` for what
 * is followed, kept and refused. The directory must exist.
 */
export async function writeFileAtomic(
  file: string,
  content: AtomicContent,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeFilesAtomic([{ file, content }], options);
}

/**
 * Writes several files all or nothing. Every target is checked first (see
 * `resolveWriteTarget`: a symbolic link is written through to its final target; devices,
 * FIFOs, sockets, directories and files or directories the user may not write are
 * refused), then every content goes to a temporary file beside its target (same file
 * system, so the rename is atomic), carrying the target's mode and, where permitted, its
 * owner; only when all are written are they renamed over their targets. If any check or
 * write fails, no target is touched and every temporary file is removed. Temporary files
 * are removed on SIGINT/SIGTERM too, and ones left by a killed earlier run (SIGKILL) are
 * removed when writing into their directory.
 *
 * Errors from the file system become `OutputError`s naming the file the user gave, never
 * the temporary file; an error of a content stream is passed on as it is.
 */
export async function writeFilesAtomic(
  entries: readonly AtomicEntry[],
  options: AtomicWriteOptions = {},
): Promise<void> {
  try {
    await writeAll(entries, options.writeContent ?? writeWhole);
  } catch (e) {
    // A stream not (fully) read would hold its source open: an S3 body keeps its socket.
    for (const { content } of entries) if (isStream(content)) content.destroy();
    throw e;
  }
}

async function writeAll(entries: readonly AtomicEntry[], writeContent: WriteContent): Promise<void> {
  const targets: WriteTarget[] = [];
  for (const e of entries) targets.push(await resolveWriteTarget(e.file));
  const seen = new Map<string, string>();
  for (const t of targets) {
    const other = seen.get(t.path);
    if (other !== undefined) throw new OutputError(`cannot write: it is the same file as ${other}`, t.file);
    seen.set(t.path, t.file);
  }
  for (const dir of new Set(targets.map((t) => t.dir))) await removeStaleTemps(dir);

  const temps: string[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      const tmp = tempPathFor(target.path, target.dir);
      trackTemp(tmp);
      temps.push(tmp);
      await fillTemp(tmp, target, (entries[i] as AtomicEntry).content, writeContent);
    }
  } catch (e) {
    await Promise.all(temps.map(removeTemp));
    throw e;
  }
  // Past this point nothing but a rename is left; a failed rename (the directory vanished
  // under us) cannot undo earlier ones, but it leaves no temporary file behind.
  for (const [i, target] of targets.entries()) {
    const tmp = temps[i] as string;
    try {
      await rename(tmp, target.path);
      releaseTemp(tmp);
    } catch (e) {
      await Promise.all(temps.slice(i).map(removeTemp));
      throw asOutputError(e, target.file);
    }
  }
}

async function fillTemp(
  tmp: string,
  target: WriteTarget,
  content: AtomicContent,
  writeContent: WriteContent,
): Promise<void> {
  let handle: FileHandle;
  try {
    // 'wx': never open something that appeared under this name. Created with the target's
    // permission bits (or the usual 0666 less umask), so a secret file is never readable
    // by others, not even for the time of the write.
    handle = await open(tmp, 'wx', target.existing ? target.existing.mode & 0o777 : 0o666);
  } catch (e) {
    throw asOutputError(e, target.file);
  }
  try {
    await writeContent(handle, content);
    if (target.existing) {
      await handle.chmod(target.existing.mode);
      // Only root may give a file away; anyone else may still keep its group, if a member.
      const { uid, gid } = target.existing;
      await handle.chown(uid, gid).catch(() => handle.chown(-1, gid).catch(() => undefined));
    }
    await handle.sync();
  } catch (e) {
    throw asOutputError(e, target.file);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function writeWhole(handle: FileHandle, content: AtomicContent): Promise<void> {
  if (!isStream(content)) return handle.writeFile(content);
  // One chunk at a time: the stream waits while the disk is slow, whatever its size.
  for await (const chunk of content as AsyncIterable<string | Uint8Array>) await handle.writeFile(chunk);
}

function isStream(content: AtomicContent): content is Readable {
  return typeof content !== 'string' && !(content instanceof Uint8Array);
}

async function removeTemp(tmp: string): Promise<void> {
  await unlink(tmp).catch(() => undefined);
  releaseTemp(tmp);
}

/** A file-system error as the user's file's error; anything else (a stream's own error) as it is. */
function asOutputError(e: unknown, file: string): unknown {
  if (e instanceof OutputError) return e;
  const reason = fsErrorReason(e);
  return reason ? new OutputError(`cannot write: ${reason}`, file, { cause: e }) : e;
}

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `content` to `file` so that a reader, or a run after a crash, sees either the
 * previous file or the whole new one, never half of it: the content goes to a temporary
 * file in the same directory (so the rename stays on one filesystem and is atomic), which
 * is then renamed over `file`. The temporary file is removed when any step fails. The
 * directory must exist.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array | Readable): Promise<void> {
  // Hidden and named after the target, so a leftover from a killed process is recognisable.
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) await writeFile(tmp, content);
    else await pipeline(content, createWriteStream(tmp));
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

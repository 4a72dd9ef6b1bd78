import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TextSink } from './command-context.js';

/**
 * Writes `text` to `file` atomically: a temporary file in the same directory, then a
 * rename, so a reader never sees a half-written file. Without a file, writes to `stdout`.
 */
export async function writeOutput(text: string, file: string | undefined, stdout: TextSink): Promise<void> {
  if (!file || file === '-') {
    await new Promise<void>((resolve, reject) => stdout.write(text, (e) => (e ? reject(e) : resolve())));
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

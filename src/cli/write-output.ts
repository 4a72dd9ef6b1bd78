import { writeFileAtomic } from '../store/atomic-write.js';

/**
 * Writes `text` to `file` atomically: a temporary file in the same directory, then a
 * rename, so a reader never sees a half-written file. Without a file, writes to stdout.
 */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (!file || file === '-') {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (e) => (e ? reject(e) : resolve())),
    );
    return;
  }
  await writeFileAtomic(file, text);
}

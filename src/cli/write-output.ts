import { OutputError } from '../errors/iamtrim-error.js';
import { STDIN_ARG } from '../sources/expand-paths.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { errorReason } from '../store/fs-error-reason.js';
import type { TextSink } from './command-context.js';

/**
 * Writes `text` to `file` with `writeFileAtomic` (through symbolic links, keeping the
 * mode, refusing devices and read-only files, never half a file). Without a file, or with
 * `-`, writes to `stdout`; a failure there is one line naming standard output.
 */
export async function writeOutput(text: string, file: string | undefined, stdout: TextSink): Promise<void> {
  if (isStdoutPath(file)) {
    await writeStdout(text, stdout);
    return;
  }
  await writeFileAtomic(file, text);
}

/**
 * No file, or `-`, means standard output. main() turns every `-` argument into the stdin
 * marker before parsing (for `--cloudtrail -`), so `--out -` arrives as that marker.
 */
export function isStdoutPath(file: string | undefined): file is undefined | '-' {
  return !file || file === '-' || file === STDIN_ARG;
}

/** Writes `text` to `stdout`, with an error naming standard output and what went wrong. */
export async function writeStdout(text: string, stdout: TextSink): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => stdout.write(text, (e) => (e ? reject(e) : resolve())));
  } catch (e) {
    throw new OutputError(`cannot write: ${errorReason(e)}`, 'standard output', { cause: e });
  }
}

import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/iamtrim-error.js';
import { detectTextEncoding } from './detect-text-encoding.js';

/**
 * Reads a UTF-8 text file without its byte order mark; an unreadable or UTF-16 file is an
 * error naming it (JSON.parse would only report an unexpected token).
 */
export async function readTextFile(path: string, what: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as Error).message}`, path, { cause: e });
  }
  const encoding = detectTextEncoding(buf);
  if (encoding.kind === 'utf16') throw new InputError(`${what} is ${encoding.reason}`, path);
  return buf.toString('utf8', encoding.bomBytes);
}

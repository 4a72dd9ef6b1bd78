import { InputError } from '../errors/iamtrim-error.js';
import { readTextFile } from './read-text-file.js';

/** Reads a JSON file; an unreadable, UTF-16 or invalid file is an error naming it. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  const text = await readTextFile(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what} is not JSON: ${(e as Error).message}`, path, { cause: e });
  }
}

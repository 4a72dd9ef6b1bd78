import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/iamtrim-error.js';

/** Reads a JSON file; an unreadable or invalid file is an error naming it. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as Error).message}`, path, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what} is not JSON: ${(e as Error).message}`, path, { cause: e });
  }
}

import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors/iamtrim-error.js';
import type { AccountAuthorization } from '../model/account-role.js';
import { toAccountAuthorization } from '../policy/account-authorization-details.js';
import { detectTextEncoding } from './detect-text-encoding.js';
import { formatBytes } from './format-bytes.js';

/** Options of `readAccountAuthorizationFile`. */
export interface ReadAccountAuthorizationOptions {
  /** A larger file is refused before it is read, so memory stays bounded. Default 256 MiB. */
  readonly maxBytes: number;
}

export const defaultReadAccountAuthorizationOptions: ReadAccountAuthorizationOptions = {
  maxBytes: 256 * 1024 * 1024,
};

/**
 * Reads what `aws iam get-account-authorization-details` prints: one answer, several
 * `--no-paginate` pages concatenated, or a JSON array of pages. Each role comes with its
 * policies resolved to documents; what cannot be resolved is in `skipped`. Errors name the file.
 */
export async function readAccountAuthorizationFile(
  path: string,
  options: Partial<ReadAccountAuthorizationOptions> = {},
): Promise<AccountAuthorization> {
  const { maxBytes } = { ...defaultReadAccountAuthorizationOptions, ...options };
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new InputError(`cannot read account authorization file: ${(e as Error).message}`, path, {
      cause: e,
    });
  }
  // Parsed JSON takes several times its text: refuse before holding it.
  if (size > maxBytes)
    throw new InputError(
      `account authorization file is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} iamtrim reads; write it with --filter Role LocalManagedPolicy AWSManagedPolicy (users and groups are not needed)`,
      path,
    );
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new InputError(`cannot read account authorization file: ${(e as Error).message}`, path, {
      cause: e,
    });
  }
  const encoding = detectTextEncoding(buf);
  if (encoding.kind === 'utf16')
    throw new InputError(`account authorization file is ${encoding.reason}`, path);
  const result = toAccountAuthorization(pagesOf(buf.subarray(encoding.bomBytes), path), path);
  if (result.kind === 'invalid') throw new InputError(result.reason, path);
  return result.authorization;
}

/** The answers in the file: the array's elements, or each concatenated top-level value. */
function pagesOf(buf: Buffer, path: string): unknown[] {
  let whole: unknown;
  try {
    whole = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    const pages = concatenatedValues(buf);
    if (pages) return pages;
    throw new InputError(`account authorization file is not JSON: ${(e as Error).message}`, path, {
      cause: e,
    });
  }
  return Array.isArray(whole) ? whole : [whole];
}

/**
 * `{…}{…}` or one answer a line, as several `--no-paginate` runs appended to one file give.
 * Only whitespace may stand between the values: anything else means the file is not this.
 */
function concatenatedValues(buf: Buffer): unknown[] | undefined {
  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (depth === 0 && c !== 0x7b) {
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      return undefined;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (depth++ === 0) start = i;
    } else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
      try {
        values.push(JSON.parse(buf.toString('utf8', start, i + 1)));
      } catch {
        return undefined;
      }
    }
  }
  return depth === 0 && values.length > 1 ? values : undefined;
}

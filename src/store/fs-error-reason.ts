/** Plain words for the file-system errors a write meets, keyed by errno code. */
const reasons: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for the file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'the directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the file name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EXDEV: 'the file is on another file system',
};

/**
 * What went wrong, in words, for an error from `node:fs` (one with an errno `code`);
 * undefined for any other error. Node's own message names the path it was working on
 * (a temporary file), so callers put the user's file name in front of this instead.
 */
export function fsErrorReason(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof (error as NodeJS.ErrnoException).code !== 'string')
    return undefined;
  const code = (error as NodeJS.ErrnoException).code as string;
  if (!/^E[A-Z0-9]+$/.test(code)) return undefined;
  return Object.prototype.hasOwnProperty.call(reasons, code) ? `${reasons[code]} (${code})` : code;
}

/** `fsErrorReason`, or the error's own message for any other error. */
export function errorReason(error: unknown): string {
  return fsErrorReason(error) ?? (error instanceof Error ? error.message : String(error));
}

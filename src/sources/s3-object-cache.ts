import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomic } from '../store/atomic-write.js';

/**
 * Where a key is cached: `<cacheDir>/<bucket>/<key>`. Keys are S3 names, not paths, so one
 * that would resolve outside the bucket's folder is simply not cached.
 */
export function cachePathOf(root: string | undefined, key: string): string | undefined {
  if (!root) return undefined;
  const path = resolve(root, ...key.split('/'));
  return path.startsWith(root + sep) ? path : undefined;
}

/**
 * A cached copy is reused when its size matches the listing. CloudTrail never rewrites a
 * delivered file (each has a unique name), so size is enough to catch a cut download;
 * partial downloads never reach the final name anyway (temp file + rename).
 */
export async function isCached(path: string, size: number | undefined): Promise<boolean> {
  try {
    const s = await stat(path);
    return s.isFile() && (size === undefined || s.size === size);
  } catch {
    return false;
  }
}

/** Writes a body to the cache, atomically (temp file + rename). */
export async function download(body: Readable, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, body);
}

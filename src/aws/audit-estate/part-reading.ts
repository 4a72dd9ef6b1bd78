import { toAwsError } from '../access-denied.js';

/** One part of a live subject (a function's policy, its URL): read, or skipped with why. */
export type PartReading<T> =
  { readonly kind: 'read'; readonly value: T } | { readonly kind: 'skipped'; readonly reason: string };

/**
 * Runs one read of a part. `ResourceNotFoundException` means the part does not exist (no
 * resource policy, no URL) and answers `absent`; any other failure, AccessDenied first of all,
 * skips the part with iamtrim's message naming the action needed, so the rest of the
 * estate is still read. Throttling never reaches here: the client's retry strategy rides it out.
 */
export async function readPart<T>(
  action: string,
  target: string,
  call: () => Promise<T>,
  absent: () => T,
): Promise<PartReading<T>> {
  try {
    return { kind: 'read', value: await call() };
  } catch (err) {
    if ((err as { name?: unknown } | null)?.name === 'ResourceNotFoundException')
      return { kind: 'read', value: absent() };
    return { kind: 'skipped', reason: toAwsError(err, action, target).message };
  }
}

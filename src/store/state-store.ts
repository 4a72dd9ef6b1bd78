import { StateError } from '../errors/iamtrim-error.js';

/** The largest state object read or unpacked (256 MiB): a bigger one is refused, not loaded. */
export const MAX_STATE_OBJECT_BYTES = 256 * 1024 * 1024;

/**
 * A blob store for the drift state: a directory (`createDirStateStore`) or an S3 prefix
 * (`createS3StateStore`). Keys are relative, `/`-separated (`commits/00000003.json`); see
 * `checkStateKey`. Every error names the location through `describe`.
 */
export interface StateStore {
  /** The object's bytes, or undefined when there is none. Refuses one over `maxBytes`. */
  read(key: string, maxBytes?: number): Promise<Uint8Array | undefined>;
  /** Replaces the object whole: a reader sees the old bytes or the new ones, never half. */
  write(key: string, bytes: Uint8Array): Promise<void>;
  /**
   * Creates the object only if no object has that key: true when this call created it, false
   * when the key existed (another writer got there first). Never overwrites.
   */
  createExclusive(key: string, bytes: Uint8Array): Promise<boolean>;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes the object; a key that is already gone is not an error. */
  remove(key: string): Promise<void>;
  /** Where the key lives, as the user would find it (`.iamtrim/state/commits/…`, `s3://bucket/prefix/…`). */
  describe(key: string): string;
}

// One segment: no leading dot, so `.`/`..` and our own hidden temporary files never are keys.
const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/**
 * Throws unless `key` is a key the state may hold: `/`-separated segments of letters,
 * digits, `.`, `_` and `-`, none starting with a dot. Keys read back from a commit file pass
 * through here, so a damaged or hostile commit cannot point outside the state.
 */
export function checkStateKey(key: string, where: string): void {
  if (typeof key !== 'string' || key.length > 1024 || !key.split('/').every((s) => segment.test(s)))
    throw new StateError(`not a valid state key: ${JSON.stringify(String(key)).slice(0, 200)}`, where);
}

/** A size over the limit, as an error naming the location. */
export function tooLargeError(location: string, size: number, maxBytes: number): StateError {
  return new StateError(
    `is ${size} bytes, over the ${maxBytes}-byte limit for a state file; it was not read and the state was not changed ` +
      '(a state this large is damaged, or its window is far too long)',
    location,
  );
}

import type { S3Client } from '@aws-sdk/client-s3';
import { StateError, UsageError } from '../errors/iamtrim-error.js';
import type { RoleBackup } from '../model/apply-plan.js';
import { createDirStateStore } from './dir-state-store.js';
import { createS3StateStore, parseS3StateUrl } from './s3-state-store.js';
import { checkStateKey, type StateStore } from './state-store.js';

/** The default `--backup`: a directory in the current one. */
export const DEFAULT_BACKUP_LOCATION = '.iamtrim/backups';

/** A backup of one role, stored as `<id>.json` (`<role-name>/<timestamp>.json`). */
export interface BackupStore {
  /** Writes the backup; refuses (StateError) when one with that id exists. Never overwrites. */
  write(backup: RoleBackup): Promise<string>;
  /** The backup's JSON (unchecked), or undefined when there is none. */
  read(id: string): Promise<unknown>;
  /** The role's backup ids, oldest first. */
  list(roleName: string): Promise<string[]>;
  /** Where a backup lives, as the user would find it. */
  describe(id: string): string;
}

/** The store `--backup` names: `s3://bucket/prefix` (client made only then) or a directory. */
export function createBackupStore(location: string, makeS3: () => S3Client): BackupStore {
  if (!/^s3:\/\//i.test(location)) return backupStoreOn(createDirStateStore(location));
  const parsed = parseS3StateUrl(location);
  if (!parsed || parsed.bucket === '')
    throw new UsageError(`--backup ${location}: an S3 backup location is s3://bucket or s3://bucket/prefix`);
  return backupStoreOn(createS3StateStore(makeS3(), parsed));
}

/** Backups over any state store (directory or S3), one object per backup, written exclusively. */
export function backupStoreOn(store: StateStore): BackupStore {
  const keyOf = (id: string): string => {
    const key = `${id}.json`;
    checkStateKey(key, store.describe(key));
    return key;
  };
  return {
    async write(backup) {
      const key = keyOf(backup.id);
      const bytes = new TextEncoder().encode(JSON.stringify(backup, null, 2) + '\n');
      // Exclusive: a second apply in the same millisecond must not replace the first's backup.
      if (!(await store.createExclusive(key, bytes)))
        throw new StateError(
          'a backup with this id exists already; nothing was changed',
          store.describe(key),
        );
      return store.describe(key);
    },
    async read(id) {
      const key = keyOf(id);
      const bytes = await store.read(key, 16 * 1024 * 1024);
      if (!bytes) return undefined;
      try {
        return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      } catch (err) {
        throw new StateError(`is not JSON: ${(err as Error).message}`, store.describe(key), { cause: err });
      }
    },
    async list(roleName) {
      const dir = backupDirOf(roleName);
      const keys = await store.list(`${dir}/`);
      // Timestamps sort as text; the role's own folder holds nothing else.
      return keys.filter((k) => k.endsWith('.json')).map((k) => k.slice(0, -'.json'.length));
    },
    describe: (id) => store.describe(`${id}.json`),
  };
}

/** The folder of a role's backups: its name with characters a key cannot hold as `_`. */
export function backupDirOf(roleName: string): string {
  return roleName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
}

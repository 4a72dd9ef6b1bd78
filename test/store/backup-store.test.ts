import { afterEach, describe, expect, it } from 'vitest';
import { findBackup } from '../../src/actions/rollback.js';
import { StateError } from '../../src/errors/iamtrim-error.js';
import type { RoleBackup } from '../../src/model/apply-plan.js';
import { backupStoreOn, createBackupStore } from '../../src/store/backup-store.js';
import { backends, type OpenedBackend } from './state-backends.js';

/** The apply backups over every state-store backend: a directory, a symlinked one, S3. */

let opened: OpenedBackend | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const backup = (id: string, roleName = 'orders-api-role'): RoleBackup => ({
  version: 1,
  id,
  roleName,
  roleArn: `arn:aws:iam::1:role/${roleName}`,
  takenAt: '2026-12-06T10:00:00.000Z',
  inline: [{ name: 'api', document: { Version: '2012-10-17', Statement: [] } }],
  attached: [],
  boundary: undefined,
  creates: [],
});

describe.each(backends)('$name backup store', (backend) => {
  it('writes each backup once, lists a role oldest first, and finds the latest or the one asked for', async () => {
    opened = await backend.open();
    const store = backupStoreOn(opened.store);
    const older = backup('orders-api-role/20261205T100000000Z');
    const newer = backup('orders-api-role/20261206T100000000Z');
    await store.write(newer);
    await store.write(older);
    await store.write(backup('other-role/20261207T100000000Z', 'other-role'));
    expect(await store.list('orders-api-role')).toEqual([older.id, newer.id]);
    expect((await findBackup(store, 'orders-api-role')).id).toBe(newer.id);
    expect((await findBackup(store, 'orders-api-role', older.id)).id).toBe(older.id);
    // Never overwritten: a second write of the same id is refused and the first stays.
    await expect(store.write({ ...older, takenAt: 'changed' })).rejects.toBeInstanceOf(StateError);
    expect((await findBackup(store, 'orders-api-role', older.id)).takenAt).toBe(older.takenAt);
    // Another role's backup, or a key outside the store, is refused.
    await expect(findBackup(store, 'orders-api-role', 'other-role/20261207T100000000Z')).rejects.toThrow(
      /is of role other-role/,
    );
    await expect(findBackup(store, 'orders-api-role', '../../etc/passwd')).rejects.toBeInstanceOf(StateError);
  });
});

it('a bucket-less s3:// backup location is a usage error naming --backup', () => {
  expect(() => createBackupStore('s3://', () => undefined as never)).toThrow(/--backup s3:\/\//);
});

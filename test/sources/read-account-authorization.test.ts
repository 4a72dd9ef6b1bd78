import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/iamtrim-error.js';
import type { AccountRole } from '../../src/model/account-role.js';
import { readAccountAuthorizationFile } from '../../src/sources/read-account-authorization.js';
import { loadCases } from '../support/case-loader.js';

/**
 * A case: the file's content (`input` as JSON, or `raw` text), and either the roles and
 * skipped entries expected back, or the error expected. In `skipped`, `FILE` stands for the
 * file's path.
 */
interface AccountAuthorizationCase {
  input?: unknown;
  raw?: string;
  expect:
    | { error: string }
    | {
        roles: AccountRole[];
        skipped: { what: string; reasonContains: string; role?: string; part?: string }[];
      };
}

const dir = mkdtempSync(join(tmpdir(), 'iamtrim-account-'));

function writeCase(name: string, c: AccountAuthorizationCase): string {
  const path = join(dir, name);
  writeFileSync(path, c.raw ?? JSON.stringify(c.input, null, 2));
  return path;
}

describe('readAccountAuthorizationFile (test/cases/account-authorization)', () => {
  for (const c of loadCases<AccountAuthorizationCase>('account-authorization')) {
    it(`${c.file}: ${c.description}`, async () => {
      const path = writeCase(c.file, c.data);
      const want = c.data.expect;
      if ('error' in want) {
        const err = await readAccountAuthorizationFile(path).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).message).toContain(want.error);
        expect((err as InputError).message).toContain(path);
        return;
      }
      const got = await readAccountAuthorizationFile(path);
      expect(got.source).toBe(path);
      expect(got.roles).toEqual(want.roles);
      expect(got.skipped).toHaveLength(want.skipped.length);
      want.skipped.forEach((s, i) => {
        const g = got.skipped[i];
        expect(g?.what).toBe(s.what === 'FILE' ? path : s.what);
        expect(g?.reason).toContain(s.reasonContains);
        expect(g?.role).toBe(s.role);
        expect(g?.part).toBe(s.part);
      });
    });
  }

  it('refuses a file over the size cap before reading it, naming the file and the cap', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, JSON.stringify({ RoleDetailList: [], Policies: [], pad: 'x'.repeat(4096) }));
    await expect(readAccountAuthorizationFile(path, { maxBytes: 1024 })).rejects.toThrow(
      /big\.json.*more than the 1\.0 KiB iamtrim reads/s,
    );
    await expect(readAccountAuthorizationFile(path, { maxBytes: 1024 * 1024 })).resolves.toMatchObject({
      roles: [],
    });
  });

  it('names a file that cannot be read', async () => {
    await expect(readAccountAuthorizationFile(join(dir, 'absent.json'))).rejects.toThrow(/absent\.json/);
  });

  it('refuses text between concatenated pages instead of skipping it', async () => {
    const path = join(dir, 'junk.json');
    writeFileSync(path, '{"RoleDetailList":[]} junk {"Policies":[]}');
    await expect(readAccountAuthorizationFile(path)).rejects.toThrow(/not JSON/);
  });
});

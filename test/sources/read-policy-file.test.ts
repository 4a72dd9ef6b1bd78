import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyFile } from '../../src/sources/read-policy-file.js';

const dir = mkdtempSync(join(tmpdir(), 'iamtrim-policy-'));
const doc =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

describe('readPolicyFile and the encodings people save policies in', () => {
  it('reads a policy saved with a UTF-8 byte order mark', async () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, '\ufeff' + doc);
    const policy = await readPolicyFile(path);
    expect(policy.statements[0]?.actions).toEqual({ kind: 'Action', patterns: ['s3:GetObject'] });
  });

  it.each([
    ['utf16le', Buffer.from('\ufeff' + doc, 'utf16le')],
    ['utf16le-no-bom', Buffer.from(doc, 'utf16le')],
    ['utf16be', Buffer.from('\ufeff' + doc, 'utf16le').swap16()],
  ])('says a %s policy is UTF-16, naming the file', async (name, bytes) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, bytes);
    await expect(readPolicyFile(path)).rejects.toThrow(/UTF-16/);
    await expect(readPolicyFile(path)).rejects.toMatchObject({ file: path });
  });

  it('refuses a policy with two Statement keys, naming the key and the file', async () => {
    const path = join(dir, 'two-statements.json');
    writeFileSync(path, doc.slice(0, -1) + ',"Statement":[]}');
    await expect(readPolicyFile(path)).rejects.toThrow(/duplicate key "Statement"/);
    await expect(readPolicyFile(path)).rejects.toMatchObject({ file: path });
  });
});

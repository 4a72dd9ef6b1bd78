import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLastAccessedLookup } from '../../src/cli/last-accessed-option.js';
import { runCli } from '../support/run-cli.js';

// Which report each role gets from the flags. No AWS is in use here, so nothing is generated.

const dir = mkdtempSync(join(tmpdir(), 'iamtrim-la-option-'));
function reportFile(name: string, namespace: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      JobStatus: 'COMPLETED',
      JobType: 'SERVICE_LEVEL',
      JobCompletionDate: '2026-11-01T00:00:00Z',
      ServicesLastAccessed: [{ ServiceNamespace: namespace }],
    }),
  );
  return file;
}
const A = 'arn:aws:iam::123456789012:role/a-role';
const B = 'arn:aws:iam::123456789012:role/path/b-role';

describe('--last-accessed', () => {
  it('ROLE=FILE picks the report by role name, ARN or logical id; a bare FILE serves one role only', async () => {
    const notes: string[] = [];
    const lookup = createLastAccessedLookup(
      {
        lastAccessed: [
          `b-role=${reportFile('b.json', 'sqs')}`,
          `ApiRole=${reportFile('api.json', 'sns')}`,
          reportFile('bare.json', 's3'),
        ],
      },
      (n) => notes.push(n),
    );
    expect([...((await lookup(B))?.services.keys() ?? [])]).toEqual(['sqs']);
    expect([
      ...((await lookup('arn:aws:iam::123456789012:role/c', ['ApiRole']))?.services.keys() ?? []),
    ]).toEqual(['sns']);
    expect([...((await lookup(A))?.services.keys() ?? [])]).toEqual(['s3']);
    await expect(lookup('arn:aws:iam::123456789012:role/d')).rejects.toThrow(/ROLE=FILE/);
    expect(notes.some((n) => n.includes(B) && n.includes('b.json'))).toBe(true);
  });

  it('--no-last-accessed (or no AWS) gives none; with a file it is a usage error', async () => {
    expect(await createLastAccessedLookup({ lastAccessed: [false] }, () => {})(A)).toBeUndefined();
    expect(await createLastAccessedLookup({}, () => {})(A)).toBeUndefined();
    expect(() =>
      createLastAccessedLookup({ lastAccessed: [false, reportFile('x.json', 's3')] }, () => {}),
    ).toThrow(/not both/);
  });

  it('suggest refuses a report whose job is not COMPLETED, naming the file', () => {
    const file = join(dir, 'in-progress.json');
    writeFileSync(file, JSON.stringify({ JobStatus: 'IN_PROGRESS', ServicesLastAccessed: [] }));
    const run = runCli([
      'suggest',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--role',
      'orders-api-role',
      '--policy',
      'fixtures/example/policies/orders-api-role.json',
      '--last-accessed',
      file,
      '--quiet',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/JobStatus is IN_PROGRESS/);
  }, 30_000);
});

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/store/atomic-write.js';
import { forgetSweptDirs, removeStaleTemps } from '../../src/store/temp-files.js';
import { repoRoot } from '../support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'iamtrim-temps-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function freshDir(): string {
  const dir = join(root, `case-${n++}`);
  mkdirSync(dir);
  return dir;
}

/** A pid that is certainly not running: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

/** Resolves when `check` holds, looking again whenever the child writes or a tick passes. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('temporary files', () => {
  it('are removed, with exit 143 / 130, when the writer gets SIGTERM / SIGINT', async () => {
    for (const [signal, status] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const dir = freshDir();
      writeFileSync(join(dir, 'usage.json'), 'previous');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/support/slow-writer.ts', join(dir, 'usage.json')],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // The temporary file exists and has the first chunk: the write is under way.
      await until(() => {
        const tmp = readdirSync(dir).find((f) => f.endsWith('.tmp'));
        return tmp !== undefined && readFileSync(join(dir, tmp), 'utf8').length > 0;
      });
      const tmp = readdirSync(dir).find((f) => f.endsWith('.tmp')) as string;
      expect(tmp).toMatch(new RegExp(`^\\.usage\\.json\\.iamtrim-${child.pid}-[0-9a-f]+\\.tmp$`));
      child.kill(signal);
      expect(await exited, stderr).toBe(status);
      expect(readdirSync(dir)).toEqual(['usage.json']);
      expect(readFileSync(join(dir, 'usage.json'), 'utf8')).toBe('previous');
    }
  });

  it("left by a dead process are removed when writing into their directory; a live process's are kept", async () => {
    forgetSweptDirs();
    const dir = freshDir();
    const dead = await deadPid();
    const stale = [`.usage.json.iamtrim-${dead}-4daefbbc3824.tmp`, `.template.yaml.iamtrim-${dead}-00ff.tmp`];
    const kept = [
      `.other.json.iamtrim-${process.ppid}-4daefbbc3824.tmp`, // a live process (vitest's parent)
      `.mine.json.iamtrim-${process.pid}-abcdef.tmp`, // this process's own, in flight
      `.notes.json.4daefbbc3824.tmp`, // not ours to judge: no pid
      `report.iamtrim-${dead}-00.tmp.json`, // a user's file
    ];
    for (const f of [...stale, ...kept]) writeFileSync(join(dir, f), 'x');
    await writeFileAtomic(join(dir, 'usage.json'), 'new');
    expect(readdirSync(dir).sort()).toEqual([...kept, 'usage.json'].sort());
  });

  it('are swept once per directory per process', async () => {
    forgetSweptDirs();
    const dir = freshDir();
    const stale = `.a.iamtrim-${await deadPid()}-01.tmp`;
    expect(await removeStaleTemps(dir)).toEqual([]);
    writeFileSync(join(dir, stale), 'x');
    expect(await removeStaleTemps(dir)).toEqual([]);
    forgetSweptDirs();
    expect(await removeStaleTemps(dir)).toEqual([join(dir, stale)]);
  });
});

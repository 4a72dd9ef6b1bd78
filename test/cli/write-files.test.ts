import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  createWriteStream,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

const TRAIL_CONFIG = 'fixtures/example/trail-selectors.json';
const EXAMPLE = 'fixtures/example/cloudtrail';
const TEMPLATE = 'fixtures/example/template.yaml';
const root = mkdtempSync(join(tmpdir(), 'iamtrim-writes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Two templates that `patch` changes, in two directories: a/template.yaml and b/main.tf. */
function twoTemplates(): { dir: string; yaml: string; tf: string } {
  const dir = join(root, `case-${n++}`);
  mkdirSync(join(dir, 'a'), { recursive: true });
  mkdirSync(join(dir, 'b'));
  const yaml = join(dir, 'a', 'template.yaml');
  const tf = join(dir, 'b', 'main.tf');
  copyFileSync(TEMPLATE, yaml);
  writeFileSync(
    tf,
    `data "aws_iam_policy_document" "orders" {
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:DeleteItem"]
    resources = ["*"]
  }
}
resource "aws_iam_role" "orders" {
  name               = "orders-api-role"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "orders" {
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.orders.json
}
`,
  );
  return { dir, yaml, tf };
}

function patchWrite(...args: string[]) {
  return runMain([
    'patch',
    '--quiet',
    '--cloudtrail',
    EXAMPLE,
    '--trail-config',
    TRAIL_CONFIG,
    '--write',
    ...args,
  ]);
}

/** Every file under `dir` with its content (temporaries included, so a leftover shows). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const path = join(dir, name);
    out[name] = lstatSync(path).isFile() ? readFileSync(path, 'utf8') : '<dir>';
  }
  return out;
}

describe('patch --write and --pr-body: all or nothing', () => {
  it('rewrites both templates when both can be written (the baseline the cases below rely on)', async () => {
    const { yaml, tf } = twoTemplates();
    const before = [readFileSync(yaml, 'utf8'), readFileSync(tf, 'utf8')];
    const run = await patchWrite('--template', yaml, '--template', tf);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(yaml, 'utf8')).not.toBe(before[0]);
    expect(readFileSync(tf, 'utf8')).not.toBe(before[1]);
  });

  it('leaves the first template as it was when the second is read-only, naming the second', async () => {
    const { dir, yaml, tf } = twoTemplates();
    chmodSync(tf, 0o444);
    const before = snapshot(dir);
    const run = await patchWrite('--template', yaml, '--template', tf);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`iamtrim: error: ${tf}: cannot write: it is read-only (mode 0444)\n`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('leaves the templates as they were when --pr-body names a missing directory', async () => {
    const { dir, yaml, tf } = twoTemplates();
    const before = snapshot(dir);
    const body = join(dir, 'missing', 'pr.md');
    const run = await patchWrite('--template', yaml, '--template', tf, '--pr-body', body);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `iamtrim: error: ${body}: cannot write: the directory ${join(dir, 'missing')} does not exist\n`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes a symlinked template through the link, keeping its mode', async () => {
    const { dir, yaml } = twoTemplates();
    chmodSync(yaml, 0o640);
    const link = join(dir, 'link.yaml');
    symlinkSync(yaml, link);
    const before = readFileSync(yaml, 'utf8');
    const run = await patchWrite('--template', link);
    expect(run.status, run.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(yaml, 'utf8')).not.toBe(before);
    expect(statSync(yaml).mode & 0o777).toBe(0o640);
  });
});

describe('--out', () => {
  const usage = (out: string) =>
    runMain(['usage', '--quiet', '--cloudtrail', EXAMPLE, '--format', 'json', '--out', out]);

  it.each([
    ['a directory', (dir: string) => dir, /is a directory/],
    ['a FIFO', (dir: string) => (spawnSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo')), /is a FIFO/],
  ])('refuses %s in one line naming it, exit 1', async (_what, make, says) => {
    const dir = join(root, `out-${n++}`);
    mkdirSync(dir);
    const out = make(dir);
    const run = await usage(out);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^iamtrim: error: ${out}: cannot write: [^\\n]*\\n$`));
    expect(run.stderr).toMatch(says);
  });

  it('`--out -` is standard output', async () => {
    const run = await usage('-');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('stats');
    expect(existsIn(process.cwd(), '-')).toBe(false);
  });
});

function existsIn(dir: string, name: string): boolean {
  return readdirSync(dir).includes(name);
}

describe('standard output', () => {
  it('a full device (ENOSPC) is one line on stderr, exit 1, no stack', async () => {
    const full = createWriteStream('/dev/full');
    // bin/iamtrim.js listens on process.stdout the same way; without it Node would throw.
    full.on('error', () => undefined);
    let stderr = '';
    const status = await main(['usage', '--quiet', '--cloudtrail', EXAMPLE, '--format', 'json'], {
      stdout: full,
      stderr: { write: (t: string) => ((stderr += t), true) },
      env: { NO_COLOR: '1' },
    });
    full.destroy();
    expect(status).toBe(1);
    expect(stderr).toBe(
      'iamtrim: error: standard output: cannot write: no space left on the device (ENOSPC)\n',
    );
  });

  // Spawned: the one place that listens on process.stdout is bin/iamtrim.js.
  it('the built binary on a full device says so in one line, exit 1', async () => {
    const full = openSync('/dev/full', 'w');
    const child = spawn(
      process.execPath,
      ['bin/iamtrim.js', 'usage', '--quiet', '--cloudtrail', EXAMPLE, '--format', 'json'],
      { cwd: repoRoot, stdio: ['ignore', full, 'pipe'] },
    );
    closeSync(full);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe(
      'iamtrim: error: standard output: cannot write: no space left on the device (ENOSPC)\n',
    );
    expect(code).toBe(1);
  });
});

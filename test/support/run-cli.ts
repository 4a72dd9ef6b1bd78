import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`bin/iamtrim.js` → `dist/`) as a user would. */
export function runCli(args: string[], input?: Buffer | string): CliRun {
  const r = spawnSync(process.execPath, ['bin/iamtrim.js', ...args], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    env: { ...ownEnv(), NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the built CLI without blocking this process, so servers started by the test (the
 * local AWS endpoints) can answer it. `env` is added to the current environment.
 */
export function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/iamtrim.js', ...args], {
      cwd: repoRoot,
      env: { ...ownEnv(), NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * This process's environment without AWS_PROFILE: it means `--profile` to iamtrim (and so
 * "AWS is in use"), and a developer's shell must not change what a test does.
 */
function ownEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AWS_PROFILE;
  return env;
}

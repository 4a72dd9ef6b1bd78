import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, type CliRun } from './run-cli.js';

const register = fileURLToPath(new URL('./module-trace/register.mjs', import.meta.url));

/** A run of the built CLI, with every module URL its `import`s resolved to. */
export interface TracedRun extends CliRun {
  readonly modules: readonly string[];
}

/** Runs `bin/iamtrim.js args` as `runCli` does (`extraEnv` added), recording the modules it imports. */
export function runCliTracingModules(args: string[], extraEnv: Record<string, string> = {}): TracedRun {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrim-modules-'));
  const trace = join(dir, 'modules.txt');
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...extraEnv,
      NO_COLOR: '1',
      IAMTRIM_MODULE_TRACE: trace,
    };
    delete env.AWS_PROFILE;
    const r = spawnSync(process.execPath, ['--import', register, 'bin/iamtrim.js', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env,
    });
    const modules = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The packages (`yargs`, `@aws-sdk/client-s3`) among module URLs. */
export function packagesOf(modules: readonly string[]): string[] {
  const names = modules.flatMap((u) => {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
    return m?.[1] ? [m[1]] : [];
  });
  return [...new Set(names)].sort();
}

/**
 * Whether a run loaded main() (its bundle, or dist/cli/main.js). yargs is bundled into it, so
 * this, not `packagesOf`, says whether yargs and the commands were loaded.
 */
export function loadedMain(modules: readonly string[]): boolean {
  return modules.some((u) => /\/dist\/cli\/main(\.bundle)?\.js$/.test(u));
}

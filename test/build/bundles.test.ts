import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliTracingModules } from '../support/loaded-modules.js';
import { repoRoot } from '../support/run-cli.js';

// bin/iamtrim.js runs only the bundles scripts/build-bundles.mjs makes from dist/ (`npm test`
// builds first): these check they match dist/, hold no AWS SDK, and behave as dist/ does.
const cliDir = join(repoRoot, 'dist', 'cli');
const workerBundle = join(repoRoot, 'dist', 'sources', 'scan-worker.bundle.js');

/** Every file the CLI bundle build wrote to dist/cli (entries and chunks). */
function cliBundleFiles(): string[] {
  return readdirSync(cliDir).filter((f) => /^(bundle-chunk-|fast-chunk-).*\.js$|\.bundle\.js$/.test(f));
}

/** The files `file` (in dist/cli) imports statically, itself included, transitively. */
function staticClosure(file: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const text = readFileSync(join(cliDir, name), 'utf8');
    seen.set(name, text);
    for (const m of text.matchAll(/^import\s[^;]*?"\.\/([^"]+\.js)"/gm)) visit(m[1]!);
  };
  visit(file);
  return seen;
}

/** Module specifiers imported statically (`import ... from "x"`, `import "x"`) in `text`. */
function staticSpecifiers(text: string): string[] {
  return [...text.matchAll(/^import\s(?:[^;]*?\sfrom\s)?"([^"]+)"/gm)].map((m) => m[1]!);
}

const HEAVY = /^(@aws-sdk\/|@smithy\/|playwright-core)/;

describe('the built bundles', () => {
  it('are made from the compiled files now in dist/ (rerun `npm run build` if not)', () => {
    const manifest = join(cliDir, 'bundle-inputs.json');
    expect(existsSync(manifest), 'dist/cli/bundle-inputs.json: run `npm run build`').toBe(true);
    const { inputs } = JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: Record<string, string> };
    const paths = Object.keys(inputs);
    expect(paths).toContain('dist/cli/main.js');
    expect(paths).toContain('dist/sources/scan-worker.js');
    const stale = paths.filter(
      (p) =>
        createHash('sha256')
          .update(readFileSync(join(repoRoot, p)))
          .digest('hex') !== inputs[p],
    );
    expect(stale, 'changed since the bundles were built: run `npm run build`').toEqual([]);
    for (const f of ['main.bundle.js', 'fast.bundle.js']) expect(existsSync(join(cliDir, f)), f).toBe(true);
    expect(existsSync(workerBundle)).toBe(true);
  });

  it('hold no AWS SDK or Playwright code, and what always loads never imports them statically', () => {
    const files = [...cliBundleFiles().map((f) => join(cliDir, f)), workerBundle];
    expect(files.length).toBeGreaterThan(3);
    let sources = 0;
    for (const f of files) {
      const map = JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] };
      sources += map.sources.length;
      const bundled = map.sources.filter((s) => /node_modules\/(@aws-sdk|@smithy|playwright-core)\//.test(s));
      expect(bundled, f).toEqual([]);
    }
    expect(sources).toBeGreaterThan(100);
    // main.bundle.js and fast.bundle.js and the chunks they import load on every run; the
    // SDK may appear there only as `sdk("@aws-sdk/...")` (src/sdk/require-sdk.ts), run when
    // AWS is needed.
    for (const entry of ['main.bundle.js', 'fast.bundle.js']) {
      const closure = staticClosure(entry);
      expect(closure.size).toBeGreaterThan(0);
      for (const [name, text] of closure)
        expect(
          staticSpecifiers(text).filter((s) => HEAVY.test(s)),
          name,
        ).toEqual([]);
    }
    const all = cliBundleFiles().map((f) => readFileSync(join(cliDir, f), 'utf8'));
    expect(all.some((t) => /\bsdk\("@aws-sdk\/client-s3"\)/.test(t))).toBe(true);
    // Nor through import(), which scans a CommonJS module's text that require() does not.
    expect(all.filter((t) => /\bimport\("@(aws-sdk|smithy)\//.test(t))).toEqual([]);
    expect(readFileSync(workerBundle, 'utf8')).not.toMatch(/"@aws-sdk\//);
  });

  it('start the scan worker from its bundle', () => {
    // An explicit worker count is honoured even for a small input.
    const run = runCliTracingModules([
      'usage',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--workers',
      '2',
      '--format',
      'json',
      '--quiet',
    ]);
    expect(run.status).toBe(0);
    expect(run.modules.filter((u) => u.endsWith('/dist/sources/scan-worker.bundle.js'))).not.toEqual([]);
    expect(run.modules.filter((u) => /\/dist\/sources\/scan-worker\.js$/.test(u))).toEqual([]);
  });

  it("let yargs find its translations from the bundle (another locale's --help goes through yargs)", () => {
    const run = runCliTracingModules(['--help'], { LC_ALL: 'fr_FR.UTF-8' });
    expect(run.status).toBe(0);
    expect(run.modules.some((u) => u.endsWith('/dist/cli/main.bundle.js'))).toBe(true);
    expect(run.stdout).toContain('Commandes :');
  });

  it('name src/ files in a --debug stack trace, through the source maps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-bundle-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{not json');
      const run = runCliTracingModules(['usage', '--cloudtrail', bad, '--debug']);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/\n\s+at .*src\/cli\/commands\/usage\.ts:\d+:\d+/);
      expect(run.stderr).not.toMatch(/\.bundle\.js|bundle-chunk-/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

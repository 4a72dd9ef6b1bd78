import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a user of the published package gets: `npm pack --dry-run` lists exactly the files
// that would be shipped (package.json "files", after `npm test`'s build).
const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
const packed = (): string[] => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
};

describe('the published package', () => {
  const files = packed();
  const shipped = new Set(files);

  it('says where it lives and what it is about', () => {
    for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'license'])
      expect(pkg[field], field).toBeTruthy();
  });

  it('ships every example file its README commands use', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const paths = new Set([...readme.matchAll(/fixtures\/example\/[\w./-]*\w/g)].map((m) => m[0]));
    expect(paths.size).toBeGreaterThan(3);
    for (const p of paths) {
      const found = shipped.has(p) || files.some((f) => f.startsWith(`${p}/`));
      expect(found, `${p} is used in README.md but not in the package`).toBe(true);
    }
  });

  it('ships source maps that carry their own sources, since src/ is not shipped', () => {
    expect(files.some((f) => f.startsWith('src/'))).toBe(false);
    const maps = files.filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(50);
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(root, m), 'utf8')) as {
        sources: string[];
        sourcesContent?: string[];
      };
      expect(map.sourcesContent?.length, m).toBe(map.sources.length);
    }
  });

  it('ships no compiled file whose source is gone', () => {
    // The bundles (scripts/build-bundles.mjs) are made from compiled files, not from one source each.
    const bundled = /\.bundle\.js$|\/(bundle|fast)-chunk-[^/]*\.js$/;
    const compiled = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js') && !bundled.test(f));
    const sources = execFileSync('git', ['ls-files', 'src'], { cwd: root, encoding: 'utf8' }).split('\n');
    const known = new Set(
      sources
        .filter((s) => s.endsWith('.ts'))
        .map((s) => s.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')),
    );
    expect(compiled.filter((f) => !known.has(f))).toEqual([]);
  });

  it('exports suggest, patch and verify as functions, with their types', async () => {
    const lib = (await import(join(root, 'dist', 'index.js'))) as Record<string, unknown>;
    for (const name of [
      'suggest',
      'suggestRole',
      'patch',
      'verify',
      'scanTrail',
      'createCatalog',
      'parsePolicy',
    ])
      expect(typeof lib[name], name).toBe('function');
    const types = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');
    for (const t of [
      'SuggestRequest',
      'SuggestOutcome',
      'PatchInput',
      'PatchResult',
      'VerifyInput',
      'VerifyReport',
    ])
      expect(types).toContain(t);
  });

  it('runs the README library example to a proved policy', () => {
    const out = execFileSync(process.execPath, [join(root, 'examples', 'library', 'suggest.mjs')], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const policy = JSON.parse(out.slice(0, out.indexOf('\n}\n') + 2)) as { Statement: unknown[] };
    expect(policy.Statement.length).toBeGreaterThan(0);
  });
});

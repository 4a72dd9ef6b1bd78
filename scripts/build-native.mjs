#!/usr/bin/env node
// Builds the optional libdeflate inflate addon (native/) when it can, and never fails the
// install: without a compiler, without libdeflate's header or with IAMTRIM_NO_NATIVE=1 it
// prints one line and exits 0, and iamtrim inflates with zlib as before.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const built = join(native, 'build', 'Release', 'iamtrim_inflate.node');
// node-gyp may download Node's headers when it finds none; an offline machine must not hang.
const timeoutMs = 180_000;

function say(line) {
  console.log(`iamtrim: ${line}`);
}

/** Where libdeflate.h is, from the usual include directories and CPATH/C_INCLUDE_PATH. */
function findHeader() {
  const dirs = [
    ...(process.env.CPATH ?? '').split(delimiter),
    ...(process.env.C_INCLUDE_PATH ?? '').split(delimiter),
    '/usr/include',
    '/usr/local/include',
    `/usr/include/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    '/opt/homebrew/include',
  ].filter((d) => d !== '');
  return dirs.map((d) => join(d, 'libdeflate.h')).find((p) => existsSync(p));
}

/** Whether a program is on PATH (node-gyp's Makefile compiles with $CC or cc, links with $CXX or c++). */
function onPath(program) {
  if (program.includes('/')) return existsSync(program);
  return (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, program)));
}

/** npm hands its bundled node-gyp to lifecycle scripts; run by hand, look beside npm. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath &&
      join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((p) => p && existsSync(p));
}

function main() {
  if (process.env.IAMTRIM_NO_NATIVE === '1')
    return say('native inflate not built (IAMTRIM_NO_NATIVE=1); zlib is used');
  if (!existsSync(join(native, 'binding.gyp')))
    return say('native inflate not built (no native/ sources); zlib is used');
  if (!findHeader())
    return say(
      'native inflate not built (libdeflate.h not found: apt-get install libdeflate-dev); zlib is used',
    );
  const compilers = [process.env.CC?.split(' ')[0] || 'cc', process.env.CXX?.split(' ')[0] || 'c++'];
  const missing = compilers.filter((c) => !onPath(c));
  if (missing.length > 0)
    return say(`native inflate not built (no C compiler: ${missing.join(', ')} not found); zlib is used`);
  const gyp = findNodeGyp();
  if (!gyp) return say('native inflate not built (node-gyp not found); zlib is used');
  const args = [gyp, 'rebuild'];
  // Node's own headers beside the binary (Debian's nodejs, official tarballs) need no download.
  const nodedir = join(dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && existsSync(join(nodedir, 'include', 'node', 'node_api.h')))
    args.push(`--nodedir=${nodedir}`);
  const run = spawnSync(process.execPath, args, { cwd: native, encoding: 'utf8', timeout: timeoutMs });
  if (run.status === 0 && existsSync(built))
    return say('native inflate built (libdeflate); it is used for gzip files');
  // A half-built directory must not leave a stale addon behind.
  rmSync(join(native, 'build'), { recursive: true, force: true });
  const why = run.error ? run.error.message : lastError(`${run.stdout ?? ''}\n${run.stderr ?? ''}`);
  say(`native inflate not built (${why}); zlib is used`);
}

/** The most telling line of a failed build, kept short. */
function lastError(output) {
  const lines = output.split('\n').map((l) => l.trim());
  const pick = (re) => lines.map((l) => re.exec(l)).find((m) => m)?.[1];
  const line =
    pick(/^(?!gyp)(.*\berror: .*)$/i) ?? // the compiler's own message, e.g. a missing header
    (pick(/^gyp ERR! find Python (You need to install)/) && 'Python, which node-gyp needs, not found') ??
    pick(/^gyp ERR! stack Error: (.*)$/) ??
    'node-gyp failed';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

try {
  main();
} catch (e) {
  say(`native inflate not built (${e instanceof Error ? e.message : String(e)}); zlib is used`);
}
process.exit(0);

// Start-up rows for `npm run bench`: how long `iamtrim --help`, a command's --help and a usage
// error take, in wall seconds (median of IAMTRIM_BENCH_STARTUP_RUNS, 10) and as a
// ratio to `node -e 0`, Node's own start on this machine. The issue 17 target is 0.15 s wall.
// Alone: node bench/startup.mjs
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The start-up target, in wall seconds. */
export const STARTUP_TARGET_SECONDS = 0.15;

/** One process run: its wall seconds and exit code. */
function timeOnce(argv) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ wall, code });
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times each start-up case `runs` times, interleaved (so a burst of load from elsewhere
 * falls on every row alike), after one warm-up run each.
 */
export async function benchStartup({ cli = path.join(ROOT, 'bin', 'iamtrim.js'), runs = 10 } = {}) {
  const node = process.execPath;
  const cases = [
    { name: 'node -e 0', argv: [node, '-e', '0'], expectCode: 0 },
    { name: 'iamtrim --help', argv: [node, cli, '--help'], expectCode: 0 },
    { name: 'iamtrim suggest --help', argv: [node, cli, 'suggest', '--help'], expectCode: 0 },
    { name: 'iamtrim --version', argv: [node, cli, '--version'], expectCode: 0 },
    // Plain usage errors, answered from the build's option spec (src/cli/fast-usage-error.ts).
    {
      name: 'usage error (usage --cloudtrial)',
      argv: [node, cli, 'usage', '--cloudtrial', 'x'],
      expectCode: 2,
    },
    { name: 'usage error (no command)', argv: [node, cli], expectCode: 2 },
    { name: 'usage error (unknown command)', argv: [node, cli, 'frob'], expectCode: 2 },
    {
      name: 'usage error (suggest --format nope)',
      argv: [node, cli, 'suggest', '--role', 'r', '--format', 'nope'],
      expectCode: 2,
    },
    { name: 'usage error (missing --role)', argv: [node, cli, 'suggest'], expectCode: 2 },
    // A command's own check on a value: the command and yargs are loaded to answer it.
    {
      name: 'usage error (--workers 0)',
      argv: [node, cli, 'usage', '--cloudtrail', 'x', '--workers', '0'],
      expectCode: 2,
    },
  ];
  for (const c of cases) {
    const { code } = await timeOnce(c.argv);
    if (code !== c.expectCode) throw new Error(`${c.name}: exit ${code}, expected ${c.expectCode}`);
    c.walls = [];
  }
  for (let i = 0; i < runs; i++) for (const c of cases) c.walls.push((await timeOnce(c.argv)).wall);
  const base = median(cases[0].walls);
  return cases.map((c) => {
    const wall = median(c.walls);
    return {
      name: c.name,
      runs,
      medianWallSeconds: Math.round(wall * 1000) / 1000,
      ratioToNode: Math.round((wall / base) * 100) / 100,
      ...(c.name === 'node -e 0' ? {} : { meetsTarget: wall <= STARTUP_TARGET_SECONDS }),
    };
  });
}

/** The rows as a table, for the bench's output. */
export function printStartup(rows, log = console.log) {
  const w = Math.max(...rows.map((r) => r.name.length));
  log(`${'start-up'.padEnd(w)}  wall s  × node -e 0  ≤ ${STARTUP_TARGET_SECONDS} s`);
  for (const r of rows)
    log(
      `${r.name.padEnd(w)}  ${r.medianWallSeconds.toFixed(3).padStart(6)}  ${r.ratioToNode.toFixed(2).padStart(11)}  ${
        r.meetsTarget === undefined ? '' : r.meetsTarget ? 'yes' : 'no'
      }`,
    );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(process.env.IAMTRIM_BENCH_STARTUP_RUNS) || 10;
  printStartup(
    await benchStartup({
      runs,
      ...(process.env.IAMTRIM_BENCH_CLI ? { cli: path.resolve(process.env.IAMTRIM_BENCH_CLI) } : {}),
    }),
  );
}

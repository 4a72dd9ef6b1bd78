#!/usr/bin/env node
// iamtrim benchmark for issue 17: every figure as a ratio to `zcat` (decompression alone) and to
// the single-thread Node baseline, at 1x and 4x the bench corpus, plus peak RSS on a 1.7M-record
// corpus with the default workers, and the start-up rows. See bench/README.md.
//
//   npm run bench                                  (300k and 1.2M events, 3 runs each; 1.7M RSS rows)
//   IAMTRIM_BENCH_RUNS=1 npm run bench             (quick mode: one run of each command)
//   IAMTRIM_BENCH_EVENTS=20000 IAMTRIM_BENCH_BIG_EVENTS=40000 node bench/run.mjs   (tiny check)
//
// Environment: IAMTRIM_BENCH_EVENTS (corpus A; B is four times that), IAMTRIM_BENCH_RUNS (3),
// IAMTRIM_BENCH_BIG (0 skips the RSS rows on the big corpus), IAMTRIM_BENCH_BIG_EVENTS (1,700,000),
// IAMTRIM_BENCH_TIMEOUT (seconds per command, 900), IAMTRIM_BENCH_CLI (bin/iamtrim.js),
// IAMTRIM_BENCH_ROLE, IAMTRIM_NO_NATIVE (1: zlib instead of libdeflate; inherited by every command).
//
// This is a measurement, not a test: targets are reported as PASS/MISS and the exit code is 0
// unless the harness itself breaks.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';
import { benchStartup, printStartup, STARTUP_TARGET_SECONDS } from './startup.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const CORPUS_ROOT = path.join(BENCH_DIR, '.corpus');
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const CLI = path.resolve(ROOT, process.env.IAMTRIM_BENCH_CLI || path.join('bin', 'iamtrim.js'));
const BASELINE = path.join(BENCH_DIR, 'baseline-node.mjs');
// The build next to the CLI: bin/../dist.
const NATIVE_STATUS_MODULE = path.join(
  path.dirname(path.dirname(CLI)),
  'dist',
  'sources',
  'inflate-native.js',
);

const SEED = 1;
const EVENTS = positiveIntEnv('IAMTRIM_BENCH_EVENTS', 300_000);
// Issue 17 asks for 1x and 4x the bench corpus.
const SCALE_B = 4;
const RUNS = positiveIntEnv('IAMTRIM_BENCH_RUNS', 3);
const BIG = process.env.IAMTRIM_BENCH_BIG !== '0';
const BIG_EVENTS = positiveIntEnv('IAMTRIM_BENCH_BIG_EVENTS', 1_700_000);
const TIMEOUT_S = positiveIntEnv('IAMTRIM_BENCH_TIMEOUT', 900);
// A Lambda execution role of the generated population (seed 1), for the `--role` and suggest rows.
const ROLE = process.env.IAMTRIM_BENCH_ROLE || 'billing-lambda-execution-role';

/** Issue 17's targets. Speed is a ratio of median wall times in the same invocation. */
const TARGETS = {
  maxRoleRatioToZcat: 0.7,
  maxSuggestRatioToZcat: 0.7,
  maxAllRolesRatioToZcat: 1.5,
  maxPeakRssMB: 300,
  maxStartupSeconds: STARTUP_TARGET_SECONDS,
};

/**
 * A broad policy for the bench role, so `suggest` has something to tighten: every service the
 * generated Lambda functions call, each with a service wildcard on every resource.
 */
const BROAD_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BenchBroad',
      Effect: 'Allow',
      Action: [
        'dynamodb:*',
        's3:*',
        'sqs:*',
        'sns:*',
        'secretsmanager:*',
        'kms:*',
        'ssm:*',
        'lambda:*',
        'states:*',
        'sts:*',
        'kinesis:*',
        'events:*',
        'logs:*',
      ],
      Resource: '*',
    },
  ],
};

function positiveIntEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Measuring one command
// ---------------------------------------------------------------------------------------------

// Wall, peak RSS (KB), user and system CPU seconds. CPU time shows how much of a row's speed
// comes from using both cores rather than from doing less work, and it is what to compare when
// the machine is shared.
const TIME_FORMAT = '%e %M %U %S';
const TIME_LINE = /(\d+(?:\.\d+)?) (\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/;

/**
 * GNU time reports the peak RSS of the whole process tree it waited for (the max over
 * sh, find, cat and zcat in a pipeline), which /proc polling cannot do. Only trusted after a
 * trial run, because BusyBox and BSD `time` do not take -f.
 */
function detectGnuTime() {
  const found = spawnSync('sh', ['-c', 'command -v /usr/bin/time'], { encoding: 'utf8' });
  if (found.status !== 0) return null;
  const trial = spawnSync('/usr/bin/time', ['-f', TIME_FORMAT, 'true'], { encoding: 'utf8' });
  return trial.status === 0 && TIME_LINE.test(trial.stderr.trim()) ? '/usr/bin/time' : null;
}

/**
 * Runs argv and returns wall seconds (our own monotonic clock; `time`'s %e only has 10 ms
 * resolution), peak RSS in KB and CPU seconds (user + system; null without GNU time).
 */
async function measure(argv, { cwd = ROOT, gnuTime, tmpDir }) {
  const rssFile = path.join(tmpDir, 'time.out');
  const full = gnuTime ? [gnuTime, '-f', TIME_FORMAT, '-o', rssFile, ...argv] : argv;
  // Own process group, so a timeout can stop the command and everything it started. The
  // environment is inherited, IAMTRIM_NO_NATIVE included.
  const child = spawn(full[0], full.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const started = performance.now();
  const stdout = [];
  const stderr = [];
  child.stdout.on('data', (d) => stdout.push(d));
  child.stderr.on('data', (d) => stderr.push(d));

  let polledPeakKB = 0;
  let polling = !gnuTime;
  const poll = async () => {
    while (polling) {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
        if (m) polledPeakKB = Math.max(polledPeakKB, Number(m[1]));
      } catch {
        // The process is exiting; its last reading stands.
      }
      await sleep(20);
    }
  };
  const poller = poll();

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, TIMEOUT_S * 1000);

  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  polling = false;
  await poller;

  let peakRssKB = polledPeakKB;
  let cpuSeconds = null;
  if (gnuTime) {
    // On failure GNU time writes "Command exited with non-zero status N" before the format line.
    const lines = (await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n');
    const m = TIME_LINE.exec(lines.at(-1) ?? '');
    peakRssKB = m ? Number(m[2]) : NaN;
    cpuSeconds = m ? round(Number(m[3]) + Number(m[4]), 2) : null;
  }
  return {
    wallSeconds,
    peakRssKB,
    cpuSeconds,
    code,
    signal,
    timedOut,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}

// ---------------------------------------------------------------------------------------------
// The commands being compared
// ---------------------------------------------------------------------------------------------

/** Decompression alone: the practical lower bound for anything that must read every byte. */
const zcatCommand = (dir) => [
  'sh',
  '-c',
  // zcat decodes concatenated gzip members, so one stream covers every file. -H: DIR may be a
  // symlink (a corpus shared between worktrees); plain find would list nothing under it.
  'find -H "$1" -type f -name "*.json.gz" -print0 | xargs -0 cat | zcat > /dev/null',
  'sh',
  dir,
];
const baselineCommand = (dir) => [process.execPath, BASELINE, dir];
const usageCommand = (dir, out) => [
  process.execPath,
  CLI,
  'usage',
  '--cloudtrail',
  dir,
  '--format',
  'json',
  '--out',
  out,
  '--quiet',
];
const suggestCommand = (dir, policyFile, out) => [
  process.execPath,
  CLI,
  'suggest',
  '--cloudtrail',
  dir,
  '--role',
  ROLE,
  '--policy',
  policyFile,
  '--format',
  'json',
  '--out',
  out,
  '--quiet',
];

/**
 * The rows of one corpus. `ratios: false` marks the RSS-only set (no zcat or baseline to
 * compare with); `outputCheck` rows must leave a non-empty file at --out.
 */
function rowsFor(corpus, { tmpDir, policyFile, ratios }) {
  const out = (name) => path.join(tmpDir, `${name}-${corpus.label}.json`);
  const rows = [
    ...(ratios
      ? [
          { name: 'zcat', argv: zcatCommand(corpus.dir) },
          { name: 'node-baseline', argv: baselineCommand(corpus.dir), countsRecords: true },
        ]
      : []),
    { name: 'usage', argv: usageCommand(corpus.dir, out('usage')), out: out('usage'), iamtrim: true },
    // One role of many: the prefilter parses only the records that name it.
    {
      name: 'usage --role',
      argv: [...usageCommand(corpus.dir, out('usage-role')), '--role', ROLE],
      out: out('usage-role'),
      iamtrim: true,
    },
    {
      name: 'suggest',
      argv: suggestCommand(corpus.dir, policyFile, out('suggest')),
      out: out('suggest'),
      iamtrim: true,
    },
  ];
  for (const row of rows) row.runs = [];
  if (!existsSync(CLI))
    for (const row of rows.filter((r) => r.iamtrim))
      row.skipped = `${path.relative(ROOT, CLI)} not found (CLI not written or built yet)`;
  return rows;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const tail = (text, lines = 6) => text.trim().split('\n').slice(-lines).join('\n');

/** Benchmarks one corpus: every command `runs` times, interleaved so drift hits all rows alike. */
async function benchCorpus(corpus, { gnuTime, tmpDir, policyFile, runs, ratios }) {
  const rows = rowsFor(corpus, { tmpDir, policyFile, ratios });

  // Read everything once so the first timed command does not pay for a cold page cache.
  await measure(
    zcatCommand(corpus.dir).map((a) => a.replace('| zcat > /dev/null', '> /dev/null')),
    { gnuTime: null, tmpDir },
  );

  for (let run = 1; run <= runs; run++) {
    for (const row of rows) {
      if (row.skipped) continue;
      if (row.out) await rm(row.out, { force: true });
      const r = await measure(row.argv, { gnuTime, tmpDir });
      const label = `  [${corpus.label}] run ${run}/${runs} ${row.name.padEnd(13)}`;
      if (r.code !== 0 || r.timedOut) {
        const why = r.timedOut ? `timed out after ${TIMEOUT_S} s` : `exit ${r.code ?? r.signal}`;
        row.skipped = `${why}${r.stderr.trim() ? `:\n${tail(r.stderr)}` : ''}`;
        console.log(`${label} FAILED (${why}); skipping this row`);
        continue;
      }
      const entry = {
        wallSeconds: round(r.wallSeconds, 3),
        peakRssKB: r.peakRssKB,
        cpuSeconds: r.cpuSeconds,
      };
      if (row.countsRecords) {
        entry.records = Number(r.stdout.trim());
        if (entry.records !== corpus.events)
          console.log(`${label} WARNING: counted ${entry.records} records`);
      }
      if (row.out) {
        entry.outputBytes = existsSync(row.out) ? statSync(row.out).size : 0;
        if (entry.outputBytes === 0) console.log(`${label} WARNING: exit 0 but no output at --out`);
      }
      row.runs.push(entry);
      console.log(
        `${label} ${r.wallSeconds.toFixed(2).padStart(7)} s  ${(r.peakRssKB / 1024).toFixed(0).padStart(5)} MB` +
          (r.cpuSeconds === null ? '' : `  cpu ${r.cpuSeconds.toFixed(2)} s`),
      );
    }
  }

  for (const row of rows) {
    if (row.runs.length === 0) continue;
    row.medianWallSeconds = round(median(row.runs.map((x) => x.wallSeconds)), 3);
    row.maxPeakRssMB = round(Math.max(...row.runs.map((x) => x.peakRssKB)) / 1024, 1);
    row.eventsPerSecond = Math.round(corpus.events / row.medianWallSeconds);
    const cpu = row.runs.map((x) => x.cpuSeconds).filter((x) => x !== null);
    row.medianCpuSeconds = cpu.length ? round(median(cpu), 2) : null;
  }
  // Ratios to both references, by wall time (the issue's measure) and by CPU time (what holds
  // when other work shares the machine).
  const ref = (name) => rows.find((r) => r.name === name && r.runs.length > 0);
  const refs = { Zcat: ref('zcat'), Baseline: ref('node-baseline') };
  for (const row of rows) {
    if (row.runs.length === 0) continue;
    for (const [suffix, r] of Object.entries(refs)) {
      if (!r) continue;
      row[`ratioTo${suffix}`] = round(row.medianWallSeconds / r.medianWallSeconds, 2);
      if (row.medianCpuSeconds !== null && r.medianCpuSeconds)
        row[`cpuRatioTo${suffix}`] = round(row.medianCpuSeconds / r.medianCpuSeconds, 2);
    }
  }
  return rows.map(({ argv, out: _out, iamtrim: _i, countsRecords: _c, ...rest }) => ({
    ...rest,
    command: argv.join(' '),
  }));
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;
const int = (n) => n.toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const times = (x) => (x === undefined ? 'n/a' : `${x.toFixed(2)}×`);

function printTable(corpora) {
  const header = [
    'command',
    'corpus',
    'events',
    'wall s',
    'cpu s',
    'peak RSS MB',
    '× zcat',
    '× node',
    'cpu × zcat',
    'cpu × node',
    'events/s',
  ];
  const lines = [];
  for (const c of corpora) {
    for (const row of c.rows) {
      if (row.runs.length === 0) {
        lines.push([row.name, c.label, int(c.events), 'skipped', ...Array(header.length - 4).fill('')]);
        continue;
      }
      lines.push([
        row.name,
        c.label,
        int(c.events),
        row.medianWallSeconds.toFixed(2),
        row.medianCpuSeconds === null ? 'n/a' : row.medianCpuSeconds.toFixed(2),
        row.maxPeakRssMB.toFixed(0),
        c.ratios ? times(row.ratioToZcat) : '-',
        c.ratios ? times(row.ratioToBaseline) : '-',
        c.ratios ? times(row.cpuRatioToZcat) : '-',
        c.ratios ? times(row.cpuRatioToBaseline) : '-',
        int(row.eventsPerSecond),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(fmt(l).trimEnd());
}

/**
 * One verdict per issue-17 target. A target is SKIP when a row it needs did not run (the
 * corpus was skipped, the CLI is missing or failed), PASS or MISS otherwise.
 */
function evaluateTargets(corpora, startup) {
  const timed = corpora.filter((c) => c.ratios);
  const rowOf = (c, name) => c.rows.find((r) => r.name === name);
  const verdict = (values, ok) =>
    values.length === 0 || values.some((v) => v === undefined) ? 'SKIP' : values.every(ok) ? 'PASS' : 'MISS';

  const speed = (name, max) => {
    const values = timed.map((c) => rowOf(c, name).ratioToZcat);
    return {
      name: `speed: ${name}`,
      target: `${name} wall ≤ ${max}× zcat (A and B)`,
      measured: timed.map((c, i) => `${c.label} ${times(values[i])}`).join(', '),
      status: verdict(values, (v) => v <= max),
    };
  };
  const memory = (corpus, label) => {
    const rows = corpus
      ? corpus.rows.filter((r) => ['usage', 'usage --role', 'suggest'].includes(r.name))
      : [];
    const values = rows.map((r) => r.maxPeakRssMB);
    const measured = corpus
      ? rows
          .map((r) => `${r.name} ${r.maxPeakRssMB === undefined ? 'n/a' : `${r.maxPeakRssMB.toFixed(0)} MB`}`)
          .join(', ')
      : 'skipped (IAMTRIM_BENCH_BIG=0)';
    return {
      name: `memory: ${label}`,
      target: `peak RSS ≤ ${TARGETS.maxPeakRssMB} MB, default workers, ${label}`,
      measured,
      status: verdict(values, (v) => v <= TARGETS.maxPeakRssMB),
    };
  };
  const node = startup.find((r) => r.name === 'node -e 0');
  const start = (name, pick) => {
    const rows = startup.filter(pick);
    const worst = rows.reduce(
      (a, b) => (b.medianWallSeconds > (a?.medianWallSeconds ?? -1) ? b : a),
      undefined,
    );
    return {
      name: `start-up: ${name}`,
      target: `${name} < ${TARGETS.maxStartupSeconds} s (every row)`,
      // node -e 0 is quoted: on a loaded machine Node's own start can take longer than the target.
      measured: worst
        ? `slowest ${worst.medianWallSeconds.toFixed(3)} s (${worst.name}), ${times(worst.ratioToNode)} node -e 0` +
          (node ? ` (${node.medianWallSeconds.toFixed(3)} s)` : '')
        : 'n/a',
      status: verdict(
        rows.map((r) => r.medianWallSeconds),
        (v) => v < TARGETS.maxStartupSeconds,
      ),
    };
  };
  const b = corpora.find((c) => c.label === 'B');
  const big = corpora.find((c) => c.label === 'big');
  return [
    speed('usage --role', TARGETS.maxRoleRatioToZcat),
    speed('suggest', TARGETS.maxSuggestRatioToZcat),
    speed('usage', TARGETS.maxAllRolesRatioToZcat),
    memory(b, `B (${int(b.events)} events, ${SCALE_B}x)`),
    memory(big, `${int(BIG_EVENTS)} records`),
    start('--help', (r) => r.name.endsWith('--help')),
    start('usage error', (r) => r.name.startsWith('usage error')),
  ];
}

/** Which gzip inflate the CLI's build uses here: libdeflate, or zlib and why. */
async function describeInflate() {
  try {
    const { describeNativeInflate } = await import(pathToFileURL(NATIVE_STATUS_MODULE).href);
    const s = describeNativeInflate();
    const text =
      s.kind === 'native'
        ? 'native (libdeflate addon)'
        : s.kind === 'disabled'
          ? 'zlib (native disabled by IAMTRIM_NO_NATIVE=1)'
          : `zlib (native unavailable: ${s.reason})`;
    return { ...s, text };
  } catch (e) {
    return {
      kind: 'unknown',
      reason: e instanceof Error ? e.message.split('\n')[0] : String(e),
      text: `unknown (${path.relative(ROOT, NATIVE_STATUS_MODULE)} not loadable; build first)`,
    };
  }
}

/** Lines for the issue's closing note, quoting each figure with both ratios. */
function closingNote(corpora, targets) {
  const lines = [];
  for (const c of corpora.filter((x) => x.ratios)) {
    const zcat = c.rows.find((r) => r.name === 'zcat');
    const base = c.rows.find((r) => r.name === 'node-baseline');
    const refs =
      zcat?.medianWallSeconds && base?.medianWallSeconds
        ? ` (zcat ${zcat.medianWallSeconds.toFixed(2)} s, node-baseline ${base.medianWallSeconds.toFixed(2)} s = ${times(base.ratioToZcat)} zcat)`
        : '';
    lines.push(`${c.label}, ${int(c.events)} events${refs}:`);
    for (const r of c.rows.filter((x) => !['zcat', 'node-baseline'].includes(x.name))) {
      lines.push(
        r.runs.length === 0
          ? `  ${r.name}: skipped`
          : `  ${r.name}: ${times(r.ratioToZcat)} zcat, ${times(r.ratioToBaseline)} node-baseline ` +
              `(CPU ${times(r.cpuRatioToZcat)} / ${times(r.cpuRatioToBaseline)}), peak ${r.maxPeakRssMB.toFixed(0)} MB`,
      );
    }
  }
  const big = corpora.find((c) => !c.ratios);
  if (big)
    lines.push(
      `${int(big.events)} records, peak RSS: ${big.rows
        .map((r) => `${r.name} ${r.maxPeakRssMB === undefined ? 'n/a' : `${r.maxPeakRssMB.toFixed(0)} MB`}`)
        .join(', ')}`,
    );
  const passed = targets.filter((t) => t.status === 'PASS').length;
  lines.push(
    `targets: ${passed} of ${targets.length} PASS` +
      (passed < targets.length
        ? ` (${targets
            .filter((t) => t.status !== 'PASS')
            .map((t) => `${t.name} ${t.status}`)
            .join('; ')})`
        : ''),
  );
  return lines;
}

async function prepareCorpus(label, events) {
  const dir = path.join(CORPUS_ROOT, `ct-${events}-s${SEED}`);
  console.log(`corpus ${label}: ${int(events)} events in ${path.relative(ROOT, dir)}`);
  const marker = await generateCorpus({ dir, events, seed: SEED, log: (m) => console.log(m) });
  console.log(
    `  ${marker.reused ? 'reused' : 'generated'} (generation took ${marker.generationSeconds} s): ` +
      `${int(marker.files)} files, ${mb(marker.compressedBytes)} gzipped, ${mb(marker.uncompressedBytes)} JSON, ` +
      `${marker.avgRecordBytes} B/record, ${marker.days} days`,
  );
  return { label, events, dir, marker };
}

async function main() {
  const gnuTime = detectGnuTime();
  const inflate = await describeInflate();
  console.log(
    `iamtrim benchmark: node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ` +
      `${RUNS} run${RUNS === 1 ? '' : 's'} per command (median wall and CPU, max RSS)`,
  );
  console.log(
    `peak RSS via ${gnuTime ? `${gnuTime} -f "${TIME_FORMAT}"` : '/proc/<pid>/status VmHWM polling (top process only)'}`,
  );
  console.log(`gzip inflate: ${inflate.text}`);
  console.log(`role: ${ROLE}\n`);

  const corpora = [
    { ...(await prepareCorpus('A', EVENTS)), ratios: true },
    { ...(await prepareCorpus('B', EVENTS * SCALE_B)), ratios: true },
  ];
  if (BIG) corpora.push({ ...(await prepareCorpus('big', BIG_EVENTS)), ratios: false });
  else console.log(`corpus big: skipped (IAMTRIM_BENCH_BIG=0)`);
  // The generator's garbage is ours, not the measured commands', but there is no reason to keep it.
  globalThis.gc?.();

  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'iamtrim-bench-'));
  try {
    const policyFile = path.join(tmpDir, 'broad-policy.json');
    await writeFile(policyFile, JSON.stringify(BROAD_POLICY, null, 2) + '\n');
    for (const corpus of corpora) {
      // Peak RSS does not need a median: one run of each command on the big corpus.
      const runs = corpus.ratios ? RUNS : 1;
      console.log(
        `\nmeasuring corpus ${corpus.label} (${int(corpus.events)} events${corpus.ratios ? '' : ', peak RSS only, 1 run'})`,
      );
      corpus.rows = await benchCorpus(corpus, { gnuTime, tmpDir, policyFile, runs, ratios: corpus.ratios });
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }

  console.log('\nInput');
  for (const c of corpora) {
    const m = c.marker;
    console.log(
      `  ${c.label}: ${int(c.events)} events, ${int(m.files)} files, ` +
        `${int(m.compressedBytes)} bytes compressed, ${int(m.uncompressedBytes)} bytes uncompressed`,
    );
  }

  console.log(`\nResults (gzip inflate: ${inflate.text})`);
  printTable(corpora);
  for (const c of corpora)
    for (const row of c.rows)
      if (row.skipped) console.log(`\n${row.name} on ${c.label} skipped: ${row.skipped}`);

  const growth = (() => {
    const [a, b] = corpora.map((c) => c.rows.find((r) => r.name === 'usage')?.maxPeakRssMB);
    return a && b ? round(b / a, 2) : null;
  })();
  console.log(`\nmemory growth: usage peak RSS at ${SCALE_B}x / at 1x = ${growth ?? 'n/a'}`);

  // Start-up: the CLI's own cost before any work (bench/startup.mjs).
  let startup = [];
  try {
    startup = await benchStartup({ cli: CLI, runs: Math.max(RUNS, 5) });
    console.log('');
    printStartup(startup);
  } catch (e) {
    console.log(`\nstart-up rows skipped: ${e instanceof Error ? e.message : String(e)}`);
  }

  const targets = evaluateTargets(corpora, startup);
  console.log('\nTargets, issue 17 (a measurement, not a test: the exit code is 0 either way)');
  const w = Math.max(...targets.map((t) => t.target.length));
  for (const t of targets)
    console.log(`  ${t.status.padEnd(4)}  ${t.target.padEnd(w)}  measured: ${t.measured}`);

  const note = closingNote(corpora, targets);
  console.log(
    `\nClosing note (ratios to zcat and to the one-thread Node baseline; gzip inflate: ${inflate.text})`,
  );
  for (const l of note) console.log(`  ${l}`);

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim(),
    runs: RUNS,
    role: ROLE,
    rssSource: gnuTime ? 'gnu-time' : 'proc-vmhwm',
    inflate: { kind: inflate.kind, ...(inflate.reason ? { reason: inflate.reason } : {}) },
    noNative: process.env.IAMTRIM_NO_NATIVE === '1',
    targets: TARGETS,
    corpora: corpora.map((c) => ({
      label: c.label,
      events: c.events,
      ratios: c.ratios,
      dir: path.relative(ROOT, c.dir),
      files: c.marker.files,
      compressedBytes: c.marker.compressedBytes,
      uncompressedBytes: c.marker.uncompressedBytes,
      generationSeconds: c.marker.generationSeconds,
      reused: c.marker.reused,
      rows: c.rows,
    })),
    memoryGrowth: growth,
    startup,
    verdicts: targets,
    closingNote: note,
  };
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, RESULTS_FILE)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

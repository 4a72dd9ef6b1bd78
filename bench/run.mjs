#!/usr/bin/env node
// iamtrim benchmark: how close does `iamtrim usage` get to the speed of just decompressing the
// input, and does its memory stay flat when the input doubles? See bench/README.md.
//
//   npm run bench                                  (300k and 600k events, 3 runs each)
//   IAMTRIM_BENCH_EVENTS=20000 node bench/run.mjs  (quick check)
//
// Environment: IAMTRIM_BENCH_EVENTS (corpus A size; B is twice that), IAMTRIM_BENCH_RUNS (3),
// IAMTRIM_BENCH_TIMEOUT (seconds per command, 900), IAMTRIM_BENCH_CLI (bin/iamtrim.js).
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
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';
import { benchStartup, printStartup } from './startup.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const CORPUS_ROOT = path.join(BENCH_DIR, '.corpus');
const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const CLI = path.resolve(ROOT, process.env.IAMTRIM_BENCH_CLI || path.join('bin', 'iamtrim.js'));
const BASELINE = path.join(BENCH_DIR, 'baseline-node.mjs');

const SEED = 1;
const EVENTS = positiveIntEnv('IAMTRIM_BENCH_EVENTS', 300_000);
const RUNS = positiveIntEnv('IAMTRIM_BENCH_RUNS', 3);
const TIMEOUT_S = positiveIntEnv('IAMTRIM_BENCH_TIMEOUT', 900);
// A Lambda execution role of the generated population (seed 1), for the `--role` row.
const ROLE = process.env.IAMTRIM_BENCH_ROLE || 'billing-lambda-execution-role';

const TARGETS = {
  maxRatioToZcat: 1.2,
  maxPeakRssMB: 300,
  // "Flat" still allows run-to-run noise in RSS; linear growth would show as ~2.0.
  maxRssGrowthAt2x: 1.15,
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
// comes from using both cores rather than from doing less work.
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
 * resolution) and peak RSS in KB.
 */
async function measure(argv, { cwd = ROOT, gnuTime, tmpDir }) {
  const rssFile = path.join(tmpDir, 'time.out');
  const full = gnuTime ? [gnuTime, '-f', TIME_FORMAT, '-o', rssFile, ...argv] : argv;
  // Own process group, so a timeout can stop the command and everything it started.
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
  // zcat decodes concatenated gzip members, so one stream covers every file.
  'find "$1" -type f -name "*.json.gz" -print0 | xargs -0 cat | zcat > /dev/null',
  'sh',
  dir,
];
const baselineCommand = (dir) => [process.execPath, BASELINE, dir];
const iamtrimCommand = (dir, out) => [
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const tail = (text, lines = 6) => text.trim().split('\n').slice(-lines).join('\n');

/** Benchmarks one corpus: every command RUNS times, interleaved so drift hits all rows alike. */
async function benchCorpus(corpus, { gnuTime, tmpDir }) {
  const outFile = path.join(tmpDir, `iamtrim-${corpus.events}.json`);
  const rows = [
    { name: 'zcat', argv: zcatCommand(corpus.dir), runs: [] },
    { name: 'node-baseline', argv: baselineCommand(corpus.dir), runs: [] },
    { name: 'iamtrim', argv: iamtrimCommand(corpus.dir, outFile), runs: [] },
    // One role of many: the prefilter parses only the records that name it.
    { name: 'iamtrim-role', argv: [...iamtrimCommand(corpus.dir, outFile), '--role', ROLE], runs: [] },
  ];
  if (!existsSync(CLI))
    for (const row of rows.slice(2))
      row.skipped = `${path.relative(ROOT, CLI)} not found (CLI not written or built yet)`;

  // Read everything once so the first timed command does not pay for a cold page cache.
  await measure(
    zcatCommand(corpus.dir).map((a) => a.replace('| zcat > /dev/null', '> /dev/null')),
    {
      gnuTime: null,
      tmpDir,
    },
  );

  for (let run = 1; run <= RUNS; run++) {
    for (const row of rows) {
      if (row.skipped) continue;
      await rm(outFile, { force: true });
      const r = await measure(row.argv, { gnuTime, tmpDir });
      const label = `  [${corpus.label}] run ${run}/${RUNS} ${row.name.padEnd(13)}`;
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
      if (row.name === 'node-baseline') {
        entry.records = Number(r.stdout.trim());
        if (entry.records !== corpus.events)
          console.log(`${label} WARNING: counted ${entry.records} records`);
      }
      if (row.name === 'iamtrim') {
        entry.outputBytes = existsSync(outFile) ? statSync(outFile).size : 0;
        if (entry.outputBytes === 0) console.log(`${label} WARNING: exit 0 but no output at --out`);
      }
      row.runs.push(entry);
      console.log(
        `${label} ${r.wallSeconds.toFixed(2).padStart(7)} s  ${(r.peakRssKB / 1024).toFixed(0).padStart(5)} MB` +
          (r.cpuSeconds === null ? '' : `  cpu ${r.cpuSeconds.toFixed(2)} s`),
      );
    }
  }

  const zcat = rows[0];
  for (const row of rows) {
    if (row.runs.length === 0) continue;
    row.medianWallSeconds = round(median(row.runs.map((x) => x.wallSeconds)), 3);
    row.maxPeakRssMB = round(Math.max(...row.runs.map((x) => x.peakRssKB)) / 1024, 1);
    row.eventsPerSecond = Math.round(corpus.events / row.medianWallSeconds);
    const cpu = row.runs.map((x) => x.cpuSeconds).filter((x) => x !== null);
    row.medianCpuSeconds = cpu.length ? round(median(cpu), 2) : null;
  }
  for (const row of rows) {
    if (row.medianWallSeconds && zcat.medianWallSeconds) {
      row.ratioToZcat = round(row.medianWallSeconds / zcat.medianWallSeconds, 2);
    }
  }
  return rows.map(({ argv, ...rest }) => ({ ...rest, command: argv.join(' ') }));
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;
const int = (n) => n.toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

function printTable(corpora) {
  const header = ['command', 'corpus', 'events', 'wall s', '× zcat', 'peak RSS MB', 'events/s', 'cpu s'];
  const lines = [];
  for (const c of corpora) {
    for (const row of c.rows) {
      if (row.runs.length === 0) {
        lines.push([row.name, c.label, int(c.events), 'skipped', '', '', '', '']);
        continue;
      }
      lines.push([
        row.name,
        c.label,
        int(c.events),
        row.medianWallSeconds.toFixed(2),
        row.ratioToZcat !== undefined ? `${row.ratioToZcat.toFixed(2)}×` : 'n/a',
        row.maxPeakRssMB.toFixed(0),
        int(row.eventsPerSecond),
        row.medianCpuSeconds === null ? 'n/a' : row.medianCpuSeconds.toFixed(2),
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

function evaluateTargets(corpora) {
  const rowOf = (c) => c.rows.find((r) => r.name === 'iamtrim');
  const ran = corpora.map(rowOf).filter((r) => r.runs.length > 0);
  const all = ran.length === corpora.length;
  const verdict = (ok) => (!all ? 'SKIP' : ok ? 'PASS' : 'MISS');

  const ratios = corpora.map((c) => rowOf(c).ratioToZcat);
  const rss = corpora.map((c) => rowOf(c).maxPeakRssMB);
  const growth = all ? round(rss[1] / rss[0], 2) : undefined;
  return [
    {
      name: 'speed',
      target: `iamtrim wall ≤ ${TARGETS.maxRatioToZcat}× zcat`,
      measured: corpora
        .map((c, i) => `${c.label} ${ratios[i] !== undefined ? ratios[i].toFixed(2) + '×' : 'n/a'}`)
        .join(', '),
      status: verdict(all && ratios.every((r) => r !== undefined && r <= TARGETS.maxRatioToZcat)),
    },
    {
      name: 'memory',
      target: `iamtrim peak RSS ≤ ${TARGETS.maxPeakRssMB} MB`,
      measured: corpora
        .map((c, i) => `${c.label} ${rss[i] !== undefined ? rss[i].toFixed(0) + ' MB' : 'n/a'}`)
        .join(', '),
      status: verdict(all && rss.every((r) => r <= TARGETS.maxPeakRssMB)),
    },
    {
      name: 'flatness',
      target: `iamtrim peak RSS at 2x / at 1x ≤ ${TARGETS.maxRssGrowthAt2x}`,
      measured: growth !== undefined ? growth.toFixed(2) : 'n/a',
      value: growth,
      status: verdict(all && growth <= TARGETS.maxRssGrowthAt2x),
    },
  ];
}

async function main() {
  const gnuTime = detectGnuTime();
  console.log(
    `iamtrim benchmark: node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ` +
      `${RUNS} run${RUNS === 1 ? '' : 's'} per command (median wall, max RSS)`,
  );
  console.log(
    `peak RSS via ${gnuTime ? `${gnuTime} -f "${TIME_FORMAT}"` : '/proc/<pid>/status VmHWM polling (top process only)'}\n`,
  );

  const corpora = [];
  for (const [label, events] of [
    ['A', EVENTS],
    ['B', EVENTS * 2],
  ]) {
    const dir = path.join(CORPUS_ROOT, `ct-${events}-s${SEED}`);
    console.log(`corpus ${label}: ${int(events)} events in ${path.relative(ROOT, dir)}`);
    const marker = await generateCorpus({ dir, events, seed: SEED, log: (m) => console.log(m) });
    console.log(
      `  ${marker.reused ? 'reused' : 'generated'} (generation took ${marker.generationSeconds} s): ` +
        `${int(marker.files)} files, ${mb(marker.compressedBytes)} gzipped, ${mb(marker.uncompressedBytes)} JSON, ` +
        `${marker.avgRecordBytes} B/record, ${marker.days} days`,
    );
    corpora.push({ label, events, dir, marker });
  }
  // The generator's garbage is ours, not the measured commands', but there is no reason to keep it.
  globalThis.gc?.();

  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'iamtrim-bench-'));
  try {
    for (const corpus of corpora) {
      console.log(`\nmeasuring corpus ${corpus.label} (${int(corpus.events)} events)`);
      corpus.rows = await benchCorpus(corpus, { gnuTime, tmpDir });
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

  console.log('\nResults');
  printTable(corpora);
  for (const c of corpora) {
    const row = c.rows.find((r) => r.name === 'iamtrim');
    if (row.skipped) console.log(`\niamtrim on ${c.label} skipped: ${row.skipped}`);
  }

  const rowsOf = (name) => corpora.map((c) => c.rows.find((r) => r.name === name));
  const iamtrimRows = rowsOf('iamtrim');
  console.log('');
  if (iamtrimRows.every((r) => r.eventsPerSecond)) {
    console.log(
      `iamtrim throughput: ${corpora.map((c, i) => `${c.label} ${int(iamtrimRows[i].eventsPerSecond)} events/s`).join(', ')}`,
    );
  }
  const targets = evaluateTargets(corpora);
  console.log(`memory flatness: iamtrim peak RSS at 2x / at 1x = ${targets[2].measured}`);

  // Start-up: the CLI's own cost before any work (bench/startup.mjs).
  const startup = await benchStartup({ cli: CLI, runs: Math.max(RUNS, 5) });
  console.log('');
  printStartup(startup);

  console.log('\nTargets (a measurement, not a test: the exit code is 0 either way)');
  const w = Math.max(...targets.map((t) => t.target.length));
  for (const t of targets)
    console.log(`  ${t.status.padEnd(4)}  ${t.target.padEnd(w)}  measured: ${t.measured}`);

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim(),
    runs: RUNS,
    rssSource: gnuTime ? 'gnu-time' : 'proc-vmhwm',
    targets: TARGETS,
    corpora: corpora.map((c) => ({
      label: c.label,
      events: c.events,
      dir: path.relative(ROOT, c.dir),
      files: c.marker.files,
      compressedBytes: c.marker.compressedBytes,
      uncompressedBytes: c.marker.uncompressedBytes,
      generationSeconds: c.marker.generationSeconds,
      reused: c.marker.reused,
      rows: c.rows,
    })),
    memoryFlatness: targets[2].value ?? null,
    startup,
    verdicts: targets.map(({ value: _value, ...t }) => t),
  };
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, RESULTS_FILE)}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

#!/usr/bin/env node
// What does a daily `iamtrim drift` cost against a full rescan of its window? Generates a
// bench corpus spanning 90 days (about 771k events), then, in the same run:
//   full:        a new state, all 90 days read at once (what a tool without state pays daily)
//   incremental: a state holding days 1-89, then day 90 added: only its files are read, the
//                stored days are merged and the 90-day window judged again
// and prints the wall times and their ratio. Granted policies: an empty account (no role
// files), so both runs judge the same evidence-only roles.
//
//   npm run bench:drift                               (90 days, 2 runs each)
//   IAMTRIM_BENCH_DAYS=35 npm run bench:drift         (quicker: 35 days)

import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const CLI = path.join(ROOT, 'bin', 'iamtrim.js');
const DAYS = Number(process.env.IAMTRIM_BENCH_DAYS ?? 90);
const RUNS = Number(process.env.IAMTRIM_BENCH_RUNS ?? 2);
const EVENTS = Math.round((300_000 / 35) * DAYS);
const SEED = 1;

/** Every log file with its UTC day (from the S3 layout's YYYY/MM/DD folders). */
function filesByDay(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json.gz')) {
        const m = /(\d{4})[/\\](\d{2})[/\\](\d{2})[/\\][^/\\]+$/.exec(p);
        if (m) out.push({ path: p, rel: path.relative(dir, p), day: `${m[1]}-${m[2]}-${m[3]}` });
      }
    }
  };
  walk(dir);
  return out;
}

function link(files, from, to) {
  for (const f of files) {
    const target = path.join(to, f.rel);
    mkdirSync(path.dirname(target), { recursive: true });
    linkSync(path.join(from, f.rel), target);
  }
}

function drift(logs, state, asOf, auth) {
  const args = [CLI, 'drift', '--cloudtrail', logs, '--state', state, '--account-authorization', auth];
  args.push(
    '--window',
    `${DAYS}d`,
    '--as-of',
    asOf,
    '--format',
    'json',
    '--out',
    path.join(state, '..', 'report.json'),
    '--quiet',
  );
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`drift exited ${r.status}: ${r.stderr}`);
  return seconds;
}

const corpusDir = path.join(BENCH_DIR, '.corpus', `ct-${EVENTS}-s${SEED}`);
console.log(`corpus: ${EVENTS} events over ${DAYS} days in ${path.relative(ROOT, corpusDir)}`);
await generateCorpus({ dir: corpusDir, events: EVENTS, seed: SEED, log: (m) => console.log(m) });
const files = filesByDay(corpusDir);
const days = [...new Set(files.map((f) => f.day))].sort();
const last = days[days.length - 1];
const lastFiles = files.filter((f) => f.day === last);
console.log(
  `${files.length} files over ${days.length} days; the last day (${last}) has ${lastFiles.length} file(s)`,
);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'iamtrim-bench-drift-'));
const auth = path.join(tmp, 'account.json');
writeFileSync(auth, JSON.stringify({ RoleDetailList: [], Policies: [] }));
const full = [];
const incremental = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    // Full: one new state, every day at once.
    const fullDir = path.join(tmp, `full-${run}`);
    mkdirSync(fullDir);
    link(files, corpusDir, path.join(fullDir, 'logs'));
    full.push(drift(path.join(fullDir, 'logs'), path.join(fullDir, 'state'), last, auth));
    // Incremental: days 1..N-1 first (untimed), then the last day's files appear.
    const incDir = path.join(tmp, `inc-${run}`);
    mkdirSync(incDir);
    link(
      files.filter((f) => f.day !== last),
      corpusDir,
      path.join(incDir, 'logs'),
    );
    drift(path.join(incDir, 'logs'), path.join(incDir, 'state'), days[days.length - 2], auth);
    link(lastFiles, corpusDir, path.join(incDir, 'logs'));
    incremental.push(drift(path.join(incDir, 'logs'), path.join(incDir, 'state'), last, auth));
    console.log(
      `run ${run}: full ${full.at(-1).toFixed(2)} s, daily incremental ${incremental.at(-1).toFixed(2)} s`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = median(full);
const i = median(incremental);
console.log(`\nfull rescan of ${DAYS} days: ${f.toFixed(2)} s (median of ${RUNS})`);
console.log(`daily incremental run:      ${i.toFixed(2)} s (median of ${RUNS})`);
console.log(`ratio incremental / full:    ${(i / f).toFixed(3)}`);

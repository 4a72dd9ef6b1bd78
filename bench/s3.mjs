#!/usr/bin/env node
// How much does reading the trail from S3 cost against reading the same files from disk?
// Serves the bench corpus from the local S3 test server (real S3 REST + XML, so the real SDK
// lists, paginates and streams) and times `iamtrim usage` both ways in the same run, as ratios.
// Loopback has no network latency: this measures iamtrim's S3 path (listing, request overhead,
// streaming, concurrency), not AWS's throughput. Wall time is only meaningful on an idle
// machine; CPU time (user + sys of the iamtrim process, from /usr/bin/time when present) is
// the figure to compare when others share the cores. The S3 server's own CPU is not counted.
//
//   npm run bench:s3                                  (100k events, 3 runs)
//   IAMTRIM_BENCH_EVENTS=20000 npm run bench:s3       (quick check)
//   IAMTRIM_BENCH_CLI=/other/checkout/bin/iamtrim.js npm run bench:s3   (another build)

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startS3Server } from '../test/support/wire/s3-server.ts';
import { generateCorpus } from './generate-corpus.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const CLI = process.env.IAMTRIM_BENCH_CLI ?? path.join(ROOT, 'bin', 'iamtrim.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const EVENTS = Number(process.env.IAMTRIM_BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.IAMTRIM_BENCH_RUNS ?? 3);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/**
 * Wall time, CPU time and peak RSS of one CLI run: CPU and peak RSS from /usr/bin/time when
 * present (else no CPU, and RSS polled from /proc as bench/run.mjs does).
 */
async function measure(args, env) {
  const timeFile = path.join(os.tmpdir(), `iamtrim-bench-s3-time-${process.pid}`);
  const argv = [process.execPath, CLI, ...args];
  const [cmd, ...rest] = TIME ? [TIME, '-f', '%U %S %M', '-o', timeFile, ...argv] : argv;
  const child = spawn(cmd, rest, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  let peakKB = 0;
  let running = true;
  const out = [];
  const err = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  const poller = (async () => {
    while (running) {
      try {
        const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKB = Math.max(peakKB, Number(m[1]));
      } catch {
        // exiting
      }
      await sleep(20);
    }
  })();
  const code = await new Promise((resolve) => child.on('close', resolve));
  running = false;
  await poller;
  const wall = (performance.now() - started) / 1000;
  if (code !== 0)
    throw new Error(`iamtrim ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`);
  let cpu;
  if (TIME) {
    // The last line: anything before it is the child's own complaint (e.g. a signal).
    const [user, sys, maxKB] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
    cpu = user + sys;
    // /usr/bin/time is the child here: the peak polled from /proc would be its own.
    peakKB = maxKB;
    rmSync(timeFile, { force: true });
  }
  return { wall, cpu, peakMB: peakKB / 1024, stdout: Buffer.concat(out).toString() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const corpusDir = path.join(BENCH_DIR, '.corpus', `s3-${EVENTS}`);
const corpus = await generateCorpus({ dir: corpusDir, events: EVENTS });
const s3 = await startS3Server({});
const all = files(path.join(corpusDir, 'AWSLogs'));
let bytes = 0;
for (const f of all) {
  const body = readFileSync(f);
  bytes += body.length;
  s3.put('bench-trail', path.relative(corpusDir, f), body);
}
const cfg = await mkdtemp(path.join(os.tmpdir(), 'iamtrim-bench-s3-'));
const env = {
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: path.join(cfg, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(cfg, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_S3: s3.endpoint,
};
const common = ['usage', '--format', 'json', '--quiet'];
const rows = { local: [], s3: [], s3Cached: [] };
let same = true;
for (let i = 0; i < RUNS; i++) {
  const local = await measure([...common, '--cloudtrail', path.join(corpusDir, 'AWSLogs')], env);
  const remote = await measure([...common, '--cloudtrail', 's3://bench-trail'], env);
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'iamtrim-bench-cache-'));
  await measure([...common, '--cloudtrail', 's3://bench-trail', '--cache-dir', cacheDir], env);
  const cached = await measure([...common, '--cloudtrail', 's3://bench-trail', '--cache-dir', cacheDir], env);
  const principals = (r) => JSON.stringify(JSON.parse(r.stdout).principals);
  same &&= principals(local) === principals(remote) && principals(local) === principals(cached);
  rows.local.push(local);
  rows.s3.push(remote);
  rows.s3Cached.push(cached);
}
await s3.close();

const wall = (k) => median(rows[k].map((r) => r.wall));
const cpu = (k) => (TIME ? median(rows[k].map((r) => r.cpu)) : NaN);
const rss = (k) => Math.max(...rows[k].map((r) => r.peakMB));
console.log(
  `corpus: ${corpus.files ?? all.length} objects, ${(bytes / 1e6).toFixed(1)} MB gzipped, ${EVENTS} events; ${RUNS} run(s), medians`,
);
console.log('| source | wall | wall × local | CPU (user+sys) | CPU × local | peak RSS |');
console.log('|---|---|---|---|---|---|');
for (const [k, label] of [
  ['local', 'local files'],
  ['s3', 's3:// (loopback server)'],
  ['s3Cached', 's3:// with a warm --cache-dir'],
]) {
  console.log(
    `| ${label} | ${wall(k).toFixed(2)} s | ${(wall(k) / wall('local')).toFixed(2)} | ${cpu(k).toFixed(2)} s | ${(cpu(k) / cpu('local')).toFixed(2)} | ${rss(k).toFixed(0)} MB |`,
  );
}
console.log(
  `s3:// / local: ${(wall('s3') / wall('local')).toFixed(2)}× wall, ${(cpu('s3') / cpu('local')).toFixed(2)}× CPU (target ≤ 1.1×)`,
);
console.log(`same usage from every source: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;

#!/usr/bin/env node
// How long do `suggest` and `patch` take on one role whose policy grants many resources?
// Generates the case (test/support/big-policy.ts), writes policy, usage and a CloudFormation
// template to a temporary directory, and reports the CPU seconds (user + system) of each command.
// This is a measurement, not a test: the exit code is 0 unless the harness itself fails.
//
//   node --import tsx bench/big-policy.mjs 500 2000 16000
//   IAMTRIM_BENCH_PER_STATEMENT=200 ... (up to 200 resources per statement; default 8)
//   IAMTRIM_BENCH_KEEP=1 node --import tsx bench/big-policy.mjs 2000   (keep the files, print their path)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBigPolicy } from '../test/support/big-policy.ts';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CLI = process.env.IAMTRIM_BENCH_CLI ?? path.join(ROOT, 'bin', 'iamtrim.js');
const TIMEOUT = Number(process.env.IAMTRIM_BENCH_TIMEOUT ?? 600);
const sizes = process.argv.slice(2).map(Number);
const maxPerStatement = Number(process.env.IAMTRIM_BENCH_PER_STATEMENT ?? 8);

function cpuSeconds(args) {
  // `time -f` is GNU time; fall back to wall time measured here if it is missing.
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    timeout: TIMEOUT * 1000,
    maxBuffer: 1 << 30,
  });
  if (r.error || r.signal) return { text: `killed after ${TIMEOUT} s` };
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [user, sys, rssKb] = last.split(' ').map(Number);
  const text = `${(user + sys).toFixed(2)} s CPU, ${Math.round(rssKb / 1024)} MB RSS, exit ${r.status}`;
  return { text, stdout: r.stdout, status: r.status };
}

for (const n of sizes.length ? sizes : [500, 2000]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iamtrim-big-'));
  const c = generateBigPolicy(n, { maxPerStatement });
  const policy = path.join(dir, 'policy.json');
  const usage = path.join(dir, 'usage.json');
  const template = path.join(dir, 'template.json');
  writeFileSync(policy, JSON.stringify(c.policy, null, 2));
  writeFileSync(usage, JSON.stringify(c.usage));
  writeFileSync(template, JSON.stringify(c.template, null, 2));
  const suggest = cpuSeconds([
    'suggest',
    '--policy',
    policy,
    '--usage',
    usage,
    '--role',
    c.roleName,
    '--format',
    'json',
  ]);
  const patch = cpuSeconds(['patch', '--template', template, '--usage', usage]);
  const bytes = JSON.stringify(c.policy).length;
  console.log(
    `${n} resources (${c.policy.Statement.length} statements, ${bytes} B): suggest ${suggest.text}; patch ${patch.text}`,
  );
  if (process.env.IAMTRIM_BENCH_KEEP) console.log(`  files in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

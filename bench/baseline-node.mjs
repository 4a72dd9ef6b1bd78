#!/usr/bin/env node
// The simplest possible Node reader of a CloudTrail corpus: one thread, one file at a time,
// gunzipSync + JSON.parse, count the records. It is the floor iamtrim is compared against:
// anything iamtrim does beyond this (matching, aggregation, output) shows up as the gap
// between the two rows, and anything it does better (streaming, worker threads) as a win.
//
//   node bench/baseline-node.mjs <corpus-dir>    → prints the record count

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { gunzipSync } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/baseline-node.mjs <corpus-dir>');
  process.exit(2);
}

const files = readdirSync(dir, { recursive: true })
  .filter((f) => f.endsWith('.json.gz'))
  .sort();

let records = 0;
for (const file of files) {
  const doc = JSON.parse(gunzipSync(readFileSync(path.join(dir, file))).toString('utf8'));
  records += doc.Records.length;
}
console.log(records);

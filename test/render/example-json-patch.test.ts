import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, type JsonPatch } from '../../src/diff/json-patch.js';
import { runMain } from '../support/run-main.js';
import { expectGolden } from './golden.js';

// The json-patch renderer on the bundled example (as `npm start` runs it, with --format
// json-patch), through the CLI in this process.
const POLICY = 'fixtures/example/policies/orders-api-role.json';
const SUGGEST = [
  'suggest',
  '--cloudtrail',
  'fixtures/example/cloudtrail',
  '--trail-config',
  'fixtures/example/trail-selectors.json',
  '--role',
  'orders-api-role',
  '--policy',
  POLICY,
  '--quiet',
];

describe('json-patch renderer on the bundled example', () => {
  it('matches its golden file, and turns the input policy into the --format json output', async () => {
    const patch = await runMain([...SUGGEST, '--format', 'json-patch']);
    expect(patch.status, patch.stderr).toBe(0);
    expectGolden('example-json-patch.json', patch.stdout);
    const json = await runMain([...SUGGEST, '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    const before: unknown = JSON.parse(readFileSync(POLICY, 'utf8'));
    expect(applyJsonPatch(before, JSON.parse(patch.stdout) as JsonPatch)).toEqual(JSON.parse(json.stdout));
  });
});

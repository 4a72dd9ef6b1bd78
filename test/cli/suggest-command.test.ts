import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../src/diff/json-patch.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { PolicyDocumentJson } from '../../src/policy/policy-json.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

const EXAMPLE = 'fixtures/example/cloudtrail';
const API_POLICY = 'fixtures/example/policies/orders-api-role.json';
const SHARED_POLICY = 'fixtures/example/policies/orders-shared-role.json';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-suggest-'));
const usageFile = join(tmp, 'usage.json');

function suggest(...args: string[]) {
  return runMain(['suggest', '--quiet', ...args]);
}

describe('iamtrim suggest', () => {
  // Spawned, so bin/iamtrim.js and dist/ are run as a user runs them.
  it('prints exactly the tightened policy for one --policy, valid and narrower', () => {
    const run = runCli([
      'suggest',
      '--quiet',
      '--cloudtrail',
      EXAMPLE,
      '--trail-config',
      'fixtures/example/trail-selectors.json',
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as PolicyDocumentJson;
    expect(parsePolicy(doc, 'out').kind).toBe('policy');
    const statements = doc.Statement as {
      Sid?: string;
      Action?: unknown;
      Resource?: unknown;
      Effect: string;
    }[];
    // The Deny survives verbatim; the secrets grant narrows from * to the one secret.
    expect(statements.find((s) => s.Sid === 'DenyDestructiveOrderOps')?.Effect).toBe('Deny');
    expect(statements.find((s) => s.Sid === 'ReadAnySecret')?.Resource).toBe(
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders/stripe-key-??????',
    );
    // logs:PutLogEvents is never in CloudTrail: it must still be granted.
    expect(JSON.stringify(doc)).toContain('logs:PutLogEvents');
    // No wildcard action survives where the evidence says what was used.
    expect(JSON.stringify(statements.find((s) => s.Sid === 'OrderEventsQueue'))).not.toContain('sqs:*');
  });

  it('reuses a usage report and gives the same policy as scanning', async () => {
    const usage = await runMain([
      'usage',
      '--cloudtrail',
      EXAMPLE,
      '--format',
      'json',
      '--out',
      usageFile,
      '--quiet',
    ]);
    expect(usage.status, usage.stderr).toBe(0);
    const fromUsage = await suggest(
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
    );
    const fromScan = await suggest(
      '--cloudtrail',
      EXAMPLE,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
    );
    expect(fromUsage.stdout).toBe(fromScan.stdout);
  });

  it('wraps several policies, and its JSON Patch turns each input into its output', async () => {
    const policies = await suggest(
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--policy',
      SHARED_POLICY,
      '--format',
      'json',
    );
    const patches = await suggest(
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--policy',
      SHARED_POLICY,
      '--format',
      'json-patch',
    );
    expect(policies.status, policies.stderr).toBe(0);
    const out = JSON.parse(policies.stdout) as { policies: { source: string; policy: unknown }[] };
    const p = JSON.parse(patches.stdout) as { patches: { source: string; patch: never[] }[] };
    expect(out.policies.map((x) => x.source)).toEqual([API_POLICY, SHARED_POLICY]);
    for (const [i, entry] of p.patches.entries()) {
      const before = JSON.parse(readFileSync(entry.source, 'utf8')) as unknown;
      expect(applyJsonPatch(before, entry.patch)).toEqual(out.policies[i]?.policy);
    }
  });

  it('writes a fresh policy from usage when no policy is given', async () => {
    const run = await suggest('--usage', usageFile, '--role', 'orders-shared-role', '--format', 'json');
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as PolicyDocumentJson;
    const text = JSON.stringify(doc);
    expect(text).toContain('sqs:ReceiveMessage');
    expect(text).not.toContain('dynamodb:DeleteItem');
  });

  it('explains decisions in Markdown, escaping what came from the logs, and lists denied calls', async () => {
    const run = await suggest(
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'markdown',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/## Missing permissions/);
    expect(run.stdout).toMatch(/"Sid": "MissingdynamodbDeleteItem"/);
    expect(run.stdout).toMatch(/dynamodb:DeleteItem/);
    expect(run.stdout).toMatch(/## Removed/);
    expect(run.stdout).not.toMatch(/<script>/);
  });

  it('colours the diff only on a terminal, never in a pipe', async () => {
    const run = await suggest(
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'diff',
    );
    expect(run.stdout).toMatch(/changed\s+Allow statement "ReadAnySecret"/);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours the diff on a terminal unless NO_COLOR is set', async () => {
    const args = [
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'diff',
    ];
    const tty = await runMain(['suggest', '--quiet', ...args], { tty: true, env: {} });
    expect(tty.status, tty.stderr).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(tty.stdout).toMatch(/\u001b\[/);
    const noColor = await runMain(['suggest', '--quiet', ...args], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toMatch(/changed\s+Allow statement "ReadAnySecret"/);
    // eslint-disable-next-line no-control-regex
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
  });

  it('refuses a malformed policy with file and JSON path, and prints nothing', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    );
    const run = await suggest('--usage', usageFile, '--role', 'orders-api-role', '--policy', bad);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(bad);
    expect(run.stderr).toContain('$.Statement[0].Effect');
  });

  it('refuses a role with no recorded calls', async () => {
    const run = await suggest('--usage', usageFile, '--role', 'no-such-role', '--policy', API_POLICY);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no-such-role made no recorded call/);
  });

  it('rejects conflicting inputs as a usage error', async () => {
    expect((await suggest('--usage', usageFile, '--cloudtrail', EXAMPLE, '--role', 'r')).status).toBe(2);
    expect((await suggest('--role', 'r')).status).toBe(2);
    expect((await suggest('--usage', usageFile, '--role', 'r', '--since', '30d')).status).toBe(2);
  });

  it('refuses a file that is not a usage report, naming it', async () => {
    const notUsage = join(tmp, 'not-usage.json');
    writeFileSync(notUsage, JSON.stringify({ Records: [] }));
    const run = await suggest('--usage', notUsage, '--role', 'orders-api-role');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${notUsage}: not an iamtrim usage report`);
  });
});

describe('iamtrim suggest with coverage inputs', () => {
  const args = [
    '--usage',
    usageFile,
    '--role',
    'orders-shared-role',
    '--policy',
    SHARED_POLICY,
    '--trail-config',
    'fixtures/example/trail-selectors.json',
    '--function-config',
    'fixtures/example/lambda/orders-worker.json',
    '--function-config',
    'fixtures/example/lambda/orders-reporter.json',
    '--event-source-mappings',
    'fixtures/example/lambda/event-source-mappings.json',
  ];

  it('keeps what Lambda needs, scoped to the real resources, and reports what no policy grants', async () => {
    // The usage file comes from the first describe block; make sure it exists.
    await runMain(['usage', '--cloudtrail', EXAMPLE, '--format', 'json', '--out', usageFile, '--quiet']);
    const json = await suggest(...args, '--format', 'json');
    expect(json.status, json.stderr).toBe(0);
    const text = json.stdout;
    expect(text).toContain('arn:aws:sqs:us-east-1:123456789012:orders-worker-dlq');
    expect(text).toContain('sqs:GetQueueAttributes');
    expect(text).toContain('xray:PutTraceSegments');
    const md = (await suggest(...args, '--format', 'markdown')).stdout;
    expect(md).toMatch(/none of the given policies grants them/);
    expect(md).toMatch(/ec2:CreateNetworkInterface/);
    expect(md).toMatch(/trail org\\-main logs data events/);
  });

  it('removes nothing on a window shorter than --min-days, and says so', async () => {
    const shortWindow = [
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
      '--min-days',
      '60',
    ];
    const run = await suggest(...shortWindow);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(API_POLICY, 'utf8')));
    const loud = await runMain(['suggest', ...shortWindow]);
    expect(loud.stderr).toMatch(/fewer than --min-days 60: nothing was removed/);
  });
});

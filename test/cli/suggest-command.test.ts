import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../src/diff/json-patch.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { PolicyDocumentJson } from '../../src/policy/policy-json.js';
import { runCli } from '../support/run-cli.js';

const EXAMPLE = 'fixtures/example/cloudtrail';
const API_POLICY = 'fixtures/example/policies/orders-api-role.json';
const SHARED_POLICY = 'fixtures/example/policies/orders-shared-role.json';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-suggest-'));
const usageFile = join(tmp, 'usage.json');

function suggest(...args: string[]) {
  return runCli(['suggest', '--quiet', ...args]);
}

describe('iamtrim suggest', () => {
  it('prints exactly the tightened policy for one --policy, valid and narrower', () => {
    const run = suggest(
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
    );
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

  it('reuses a usage report and gives the same policy as scanning', () => {
    const usage = runCli([
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
    const fromUsage = suggest(
      '--usage',
      usageFile,
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
    );
    const fromScan = suggest(
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

  it('wraps several policies, and its JSON Patch turns each input into its output', () => {
    const policies = suggest(
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
    const patches = suggest(
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

  it('writes a fresh policy from usage when no policy is given', () => {
    const run = suggest('--usage', usageFile, '--role', 'orders-shared-role', '--format', 'json');
    expect(run.status, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as PolicyDocumentJson;
    const text = JSON.stringify(doc);
    expect(text).toContain('sqs:ReceiveMessage');
    expect(text).not.toContain('dynamodb:DeleteItem');
  });

  it('explains decisions in Markdown, escaping what came from the logs, and lists denied calls', () => {
    const run = suggest(
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

  it('colours the diff only on a terminal, never in a pipe', () => {
    const run = suggest(
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

  it('refuses a malformed policy with file and JSON path, and prints nothing', () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    );
    const run = suggest('--usage', usageFile, '--role', 'orders-api-role', '--policy', bad);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(bad);
    expect(run.stderr).toContain('$.Statement[0].Effect');
  });

  it('refuses a role with no recorded calls', () => {
    const run = suggest('--usage', usageFile, '--role', 'no-such-role', '--policy', API_POLICY);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no-such-role made no recorded call/);
  });

  it('rejects conflicting inputs as a usage error', () => {
    expect(suggest('--usage', usageFile, '--cloudtrail', EXAMPLE, '--role', 'r').status).toBe(2);
    expect(suggest('--role', 'r').status).toBe(2);
    expect(suggest('--usage', usageFile, '--role', 'r', '--since', '30d').status).toBe(2);
  });

  it('refuses a file that is not a usage report, naming it', () => {
    const notUsage = join(tmp, 'not-usage.json');
    writeFileSync(notUsage, JSON.stringify({ Records: [] }));
    const run = suggest('--usage', notUsage, '--role', 'orders-api-role');
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

  it('keeps what Lambda needs, scoped to the real resources, and reports what no policy grants', () => {
    // The usage file comes from the first describe block; make sure it exists.
    runCli(['usage', '--cloudtrail', EXAMPLE, '--format', 'json', '--out', usageFile, '--quiet']);
    const json = suggest(...args, '--format', 'json');
    expect(json.status, json.stderr).toBe(0);
    const text = json.stdout;
    expect(text).toContain('arn:aws:sqs:us-east-1:123456789012:orders-worker-dlq');
    expect(text).toContain('sqs:GetQueueAttributes');
    expect(text).toContain('xray:PutTraceSegments');
    const md = suggest(...args, '--format', 'markdown').stdout;
    expect(md).toMatch(/none of the given policies grants them/);
    expect(md).toMatch(/ec2:CreateNetworkInterface/);
    expect(md).toMatch(/trail org\\-main logs data events/);
  });

  it('removes nothing on a window shorter than --min-days, and says so', () => {
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
    const run = suggest(...shortWindow);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(API_POLICY, 'utf8')));
    const loud = runCli(['suggest', ...shortWindow]);
    expect(loud.stderr).toMatch(/fewer than --min-days 60: nothing was removed/);
  });
});

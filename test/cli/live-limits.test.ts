import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocumentJson, StatementJson } from '../../src/policy/policy-json.js';
import { INLINE_TOTAL_LIMIT, MANAGED_POLICY_LIMIT, policySize } from '../../src/verify/iam-limits.js';
import { runCliAsync } from '../support/run-cli.js';
import { startIamServer } from '../support/wire/iam-server.js';
import { startLambdaServer } from '../support/wire/lambda-server.js';
import type { WireServer } from '../support/wire/wire-server.js';

/**
 * Policies read live know where they live: the same two documents are over IAM's limit as a
 * role's inline policies (10,240 together) and within it as two managed policies (6,144 each).
 */
const EXAMPLE = 'fixtures/example/cloudtrail';
const ACCOUNT = '123456789012';

// Deny statements are carried over verbatim, so these sizes hold whatever tightening removes.
const denies = (tag: string, n: number): StatementJson[] =>
  Array.from({ length: n }, (_, i) => ({
    Sid: `Deny${tag}${i}`,
    Effect: 'Deny',
    Action: ['s3:DeleteBucket'],
    Resource: `arn:aws:s3:::archive-${tag}-${i}-${'x'.repeat(40)}`,
  }));
const policyFile = (name: string) =>
  JSON.parse(readFileSync(`fixtures/example/policies/${name}.json`, 'utf8')) as PolicyDocumentJson;
const withDenies = (doc: PolicyDocumentJson, tag: string, n: number): PolicyDocumentJson => ({
  ...doc,
  Statement: [...[doc.Statement].flat(), ...denies(tag, n)],
});
const API_A = withDenies(policyFile('orders-api-role'), 'a', 30);
const API_B: PolicyDocumentJson = { Version: '2012-10-17', Statement: denies('b', 40) };
// Tightening adds what Lambda needs to the shared role's policy: about 4,600 characters out.
const SHARED_A = withDenies(policyFile('orders-shared-role'), 'a', 9);

let iam: WireServer;
let lambda: WireServer;
let env: Record<string, string>;

beforeAll(async () => {
  iam = await startIamServer({
    roles: {
      'orders-api-role': {
        arn: `arn:aws:iam::${ACCOUNT}:role/orders-api-role`,
        inline: { 'orders-api-a': API_A, 'orders-api-b': API_B },
      },
      'orders-shared-role': {
        arn: `arn:aws:iam::${ACCOUNT}:role/orders-shared-role`,
        attached: [`arn:aws:iam::${ACCOUNT}:policy/shared-a`, `arn:aws:iam::${ACCOUNT}:policy/shared-b`],
      },
    },
    policies: {
      [`arn:aws:iam::${ACCOUNT}:policy/shared-a`]: {
        name: 'shared-a',
        defaultVersion: 'v1',
        document: SHARED_A,
      },
      [`arn:aws:iam::${ACCOUNT}:policy/shared-b`]: {
        name: 'shared-b',
        defaultVersion: 'v1',
        document: API_B,
      },
    },
  });
  const fn = (name: string, role: string) => ({
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`,
    Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    Runtime: 'nodejs22.x',
  });
  lambda = await startLambdaServer({
    functions: [
      fn('orders-api', 'orders-api-role'),
      fn('orders-worker', 'orders-shared-role'),
      fn('orders-reporter', 'orders-shared-role'),
    ],
  });
  const config = mkdtempSync(join(tmpdir(), 'iamtrim-live-limits-'));
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(config, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(config, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  };
});

afterAll(async () => {
  await Promise.all([iam?.close(), lambda?.close()]);
});

const suggest = (role: string) =>
  runCliAsync(
    [
      'suggest',
      '--cloudtrail',
      EXAMPLE,
      '--region',
      'eu-west-1',
      '--role',
      role,
      '--format',
      'json',
      '--force',
      '--quiet',
    ],
    env,
  );

describe('live policies are judged by where they live', { timeout: 120_000 }, () => {
  it('two inline policies, each small, over 10,240 together: exit 4 naming both', async () => {
    expect(policySize(API_A)).toBeLessThan(MANAGED_POLICY_LIMIT);
    expect(policySize(API_B)).toBeLessThan(MANAGED_POLICY_LIMIT);
    const run = await suggest('orders-api-role');
    expect(run.status, run.stderr).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("the role's inline policies together");
    expect(run.stderr).toContain('inline policy orders-api-a');
    expect(run.stderr).toContain('inline policy orders-api-b');
  });

  it('the same sizes as attached managed policies fit, each on its own', async () => {
    const run = await suggest('orders-shared-role');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { policies: { source: string; policy: PolicyDocumentJson }[] };
    expect(out.policies).toHaveLength(2);
    for (const p of out.policies) expect(policySize(p.policy)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    // Together they would be over the inline limit: only where they live lets them through.
    const total = out.policies.reduce((n, p) => n + policySize(p.policy), 0);
    expect(total).toBeGreaterThan(INLINE_TOTAL_LIMIT);
  });
});

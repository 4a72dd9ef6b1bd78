import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyDocumentJson, StatementJson } from '../../src/policy/policy-json.js';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { MANAGED_POLICY_LIMIT, policySize } from '../../src/verify/iam-limits.js';
import { assertSameGrants } from '../../src/verify/same-grants.js';
import { mustParse } from '../support/evidence.js';
import { runCli } from '../support/run-cli.js';

const EXAMPLE = 'fixtures/example/cloudtrail';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-limits-'));

const admin = join(tmp, 'administrator-access.json');
writeFileSync(
  admin,
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
);

// The example role's own policy plus 40 Deny statements, which tightening carries over
// verbatim: about 9,000 characters whatever the evidence removes.
const denies: StatementJson[] = Array.from({ length: 40 }, (_, i) => ({
  Sid: `DenyBucket${i}`,
  Effect: 'Deny',
  Action: ['s3:DeleteBucket'],
  Resource: `arn:aws:s3:::archive-bucket-${i}-${'x'.repeat(40)}`,
}));
const example = JSON.parse(
  readFileSync('fixtures/example/policies/orders-api-role.json', 'utf8'),
) as PolicyDocumentJson;
const big = join(tmp, 'orders-api-big.json');
writeFileSync(big, JSON.stringify({ ...example, Statement: [...[example.Statement].flat(), ...denies] }));

function suggest(...args: string[]) {
  return runCli(['suggest', '--quiet', '--cloudtrail', EXAMPLE, '--role', 'orders-api-role', ...args]);
}

// Whole CLI runs on the full catalog: generous, so a loaded machine does not fail them.
describe('the output always fits IAM', { timeout: 120_000 }, () => {
  it('AdministratorAccess with logs alone: exit 4, nothing on stdout, the message names --last-accessed', () => {
    const run = suggest('--policy', admin, '--format', 'json');
    expect(run.status, run.stderr).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(admin);
    expect(run.stderr).toContain("over IAM's limit of 6,144");
    expect(run.stderr).toContain('--last-accessed');
    expect(run.stderr).toContain('--split');
  });

  it('AdministratorAccess with --split: at most 10 managed policies, each within 6,144', () => {
    const run = suggest('--policy', admin, '--split');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { policies: { policy: PolicyDocumentJson }[] };
    expect(out.policies.length).toBeGreaterThan(1);
    expect(out.policies.length).toBeLessThanOrEqual(10);
    for (const p of out.policies) expect(policySize(p.policy)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
  });

  it('an over-limit managed policy is exit 4; the same policy judged as inline fits', () => {
    const managed = suggest('--policy', big, '--format', 'json');
    expect(managed.status, managed.stderr).toBe(4);
    expect(managed.stdout).toBe('');
    const inline = suggest('--policy', big, '--policy-kind', 'inline', '--format', 'json');
    expect(inline.status, inline.stderr).toBe(0);
    const doc = JSON.parse(inline.stdout) as PolicyDocumentJson;
    expect(policySize(doc)).toBeGreaterThan(MANAGED_POLICY_LIMIT);
  });

  it('--split writes managed policies each within 6,144 that together hold every statement', () => {
    const run = suggest('--policy', big, '--split');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { policies: { name: string; policy: PolicyDocumentJson }[] };
    expect(out.policies.length).toBeGreaterThan(1);
    expect(out.policies.length).toBeLessThanOrEqual(10);
    out.policies.forEach((p, i) => {
      expect(p.name).toBe(`orders-api-big-${i + 1}`);
      expect(policySize(p.policy)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    });
    const all = out.policies.flatMap((p) => [p.policy.Statement].flat());
    // Every Deny survives exactly once.
    for (const d of denies) expect(all.filter((s) => s.Sid === d.Sid)).toEqual([d]);
    // The parts allow exactly what the unsplit (inline, uncompacted) output allows.
    const whole = JSON.parse(
      suggest('--policy', big, '--policy-kind', 'inline', '--format', 'json').stdout,
    ) as PolicyDocumentJson;
    assertSameGrants(
      [mustParse(whole)],
      out.policies.map((p) => mustParse(p.policy, p.name)),
      createEventCatalog().actions,
      '--split',
    );
  });

  it('--split with another format is a usage error', () => {
    expect(suggest('--policy', big, '--split', '--format', 'diff').status).toBe(2);
  });

  it('patch: an over-limit role policy is exit 4 naming the template and role, and nothing is written', () => {
    const template = join(tmp, 'template.yaml');
    copyFileSync('fixtures/example/template.yaml', template);
    const text = readFileSync(template, 'utf8')
      .replace('Action: sqs:*', 'Action: "*"')
      .replace('Resource: !GetAtt OrdersEventsQueue.Arn', 'Resource: "*"');
    expect(text).toContain('Action: "*"');
    writeFileSync(template, text);
    const run = runCli(['patch', '--quiet', '--template', template, '--cloudtrail', EXAMPLE, '--write']);
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toContain(`${template}: role OrdersApiRole`);
    expect(run.stderr).toContain('inline policies together');
    expect(readFileSync(template, 'utf8')).toBe(text);
  });
});

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { runCli } from '../support/run-cli.js';

// The example trail's selectors: what lets data-event permissions (dynamodb:Scan) be judged.
const TRAIL_CONFIG = 'fixtures/example/trail-selectors.json';
const EXAMPLE = 'fixtures/example/cloudtrail';
const TEMPLATE = 'fixtures/example/template.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-patch-'));

function patch(...args: string[]) {
  return runCli(['patch', '--quiet', ...args]);
}

/** A git repository holding `files` (relative path → content), for `git apply --check`. */
function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmp, 'repo-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const TERRAFORM = `# Orders API function
data "aws_iam_policy_document" "orders" {
  statement {
    sid       = "Tables"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.orders.arn]
  }
}

resource "aws_iam_role" "orders" {
  name               = "orders-api-role"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "orders" {
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.orders.json
}

resource "aws_dynamodb_table" "orders" {
  name = "orders"
}
`;

describe('iamtrim patch', () => {
  it('--list names each policy with file:line and changes nothing', () => {
    const before = readFileSync(TEMPLATE, 'utf8');
    const run = patch('--template', TEMPLATE, '--list');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^fixtures\/example\/template\.yaml:\d+\s+OrdersApiRole\s+\d+ statement\(s\)/m,
    );
    expect(readFileSync(TEMPLATE, 'utf8')).toBe(before);
  });

  it('prints a diff that git apply accepts, and --write makes the same change in place', () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    const run = patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('--- a/fixtures/example/template.yaml');
    // The never-used actions go; the expressions stay expressions.
    expect(run.stdout).toMatch(/^- {18}- dynamodb:Scan/m);
    expect(run.stdout).not.toMatch(/^\+.*arn:aws:dynamodb/m);
    const repo = repoWith({ 'fixtures/example/template.yaml': text });
    writeFileSync(join(repo, 'change.diff'), run.stdout);
    execFileSync('git', ['apply', 'change.diff'], { cwd: repo });
    const viaDiff = readFileSync(join(repo, 'fixtures/example/template.yaml'), 'utf8');

    const copy = join(tmp, 'template.yaml');
    copyFileSync(TEMPLATE, copy);
    const written = patch('--template', copy, '--cloudtrail', EXAMPLE, '--write');
    expect(written.status, written.stderr).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe(viaDiff);
    expect(locatePolicies(copy, viaDiff).filter((p) => p.kind === 'statements')).toHaveLength(1);
  });

  it('writes a PR body with the evidence window and each removed action', () => {
    const body = join(tmp, 'pr.md');
    const run = patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE, '--pr-body', body);
    expect(run.status, run.stderr).toBe(0);
    const md = readFileSync(body, 'utf8');
    expect(md).toMatch(/CloudTrail event\(s\) over \d+ day\(s\)/);
    expect(md).toContain('<code>dynamodb:Scan</code>');
  });

  it('finds a Terraform policy document’s role through the role resource’s literal name', () => {
    const file = join(tmp, 'main.tf');
    writeFileSync(file, TERRAFORM);
    const run = patch('--template', file, '--cloudtrail', EXAMPLE, '--trail-config', TRAIL_CONFIG);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^-.*"dynamodb:Scan"/m);
    expect(run.stdout).toMatch(/^\+.*"dynamodb:GetItem"/m);
    // The table stays the Terraform reference, never a hard-coded ARN.
    expect(run.stdout).not.toMatch(/^\+.*arn:aws:dynamodb/m);
    const patched = join(tmp, 'main-written.tf');
    writeFileSync(patched, TERRAFORM);
    expect(
      patch('--template', patched, '--cloudtrail', EXAMPLE, '--trail-config', TRAIL_CONFIG, '--write').status,
    ).toBe(0);
    const relocated = locatePolicies(patched, readFileSync(patched, 'utf8'));
    const doc = relocated.find((p) => p.kind === 'statements');
    expect(doc?.statements[0]?.resources.map((r) => r.source)).toEqual(['aws_dynamodb_table.orders.arn']);
    expect(doc?.statements[0]?.actions.map((a) => a.source)).not.toContain('"dynamodb:Scan"');
  });

  it('rejects an unknown flag by name', () => {
    const run = patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE, '--wrtie');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/wrtie/);
  });
});

describe('patch --last-accessed', () => {
  it('keeps a management action the role used inside the window, which CloudTrail alone removes', () => {
    const file = join(tmp, 'last-accessed.json');
    writeFileSync(
      file,
      JSON.stringify({
        JobStatus: 'COMPLETED',
        JobType: 'ACTION_LEVEL',
        JobCompletionDate: '2026-11-05T00:00:00Z',
        ServicesLastAccessed: [
          {
            ServiceNamespace: 'sqs',
            LastAuthenticated: '2026-11-04T00:00:00Z',
            TrackedActionsLastAccessed: [
              { ActionName: 'CreateQueue', LastAccessedTime: '2026-10-15T00:00:00Z' },
            ],
          },
        ],
      }),
    );
    const without = patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE);
    const withLa = patch(
      '--template',
      TEMPLATE,
      '--cloudtrail',
      EXAMPLE,
      '--last-accessed',
      `OrdersApiRole=${file}`,
    );
    expect(without.status, without.stderr).toBe(0);
    expect(withLa.status, withLa.stderr).toBe(0);
    // CloudTrail alone drops sqs:CreateQueue from sqs:*; the report's use inside the window keeps it.
    expect(without.stdout).toMatch(/^- +Action: sqs:\*$/m);
    expect(without.stdout).not.toMatch(/sqs:CreateQueue/);
    expect(withLa.stdout).toMatch(/^\+ +- sqs:CreateQueue$/m);
  }, 30_000);
});

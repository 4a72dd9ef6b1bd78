import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { runCli } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';

// The example trail's selectors: what lets data-event permissions (dynamodb:Scan) be judged.
const TRAIL_CONFIG = 'fixtures/example/trail-selectors.json';
const EXAMPLE = 'fixtures/example/cloudtrail';
const TEMPLATE = 'fixtures/example/template.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-patch-'));

function patch(...args: string[]) {
  return runMain(['patch', '--quiet', ...args]);
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
  // Spawned, so bin/iamtrim.js and dist/ are run as a user runs them.
  it('--list names each policy with file:line and changes nothing', () => {
    const before = readFileSync(TEMPLATE, 'utf8');
    const run = runCli(['patch', '--quiet', '--template', TEMPLATE, '--list']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^fixtures\/example\/template\.yaml:\d+\s+OrdersApiRole\s+\d+ statement\(s\)/m,
    );
    expect(readFileSync(TEMPLATE, 'utf8')).toBe(before);
  });

  it('prints a diff that git apply accepts, and --write makes the same change in place', async () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    const run = await patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('--- a/fixtures/example/template.yaml');
    // The never-used action goes, and only its line; dynamodb:Scan, a data event no selector
    // says is logged, stays untouched; the expressions stay expressions.
    expect(run.stdout).toMatch(/^- {18}- dynamodb:DeleteItem/m);
    expect(run.stdout).not.toMatch(/^[-+].*dynamodb:Scan/m);
    expect(run.stdout).not.toMatch(/^\+.*arn:aws:dynamodb/m);
    const repo = repoWith({ 'fixtures/example/template.yaml': text });
    writeFileSync(join(repo, 'change.diff'), run.stdout);
    execFileSync('git', ['apply', 'change.diff'], { cwd: repo });
    const viaDiff = readFileSync(join(repo, 'fixtures/example/template.yaml'), 'utf8');

    const copy = join(tmp, 'template.yaml');
    copyFileSync(TEMPLATE, copy);
    const written = await patch('--template', copy, '--cloudtrail', EXAMPLE, '--write');
    expect(written.status, written.stderr).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe(viaDiff);
    expect(locatePolicies(copy, viaDiff).filter((p) => p.kind === 'statements')).toHaveLength(1);
  });

  it('writes a PR body with the evidence window and each removed action', async () => {
    const body = join(tmp, 'pr.md');
    const run = await patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE, '--pr-body', body);
    expect(run.status, run.stderr).toBe(0);
    const md = readFileSync(body, 'utf8');
    expect(md).toMatch(/CloudTrail event\(s\) over \d+ day\(s\)/);
    expect(md).toContain('<code>dynamodb:Scan</code>');
  });

  it('finds a Terraform policy document’s role through the role resource’s literal name', async () => {
    const file = join(tmp, 'main.tf');
    writeFileSync(file, TERRAFORM);
    const run = await patch('--template', file, '--cloudtrail', EXAMPLE, '--trail-config', TRAIL_CONFIG);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^-.*"dynamodb:Scan"/m);
    expect(run.stdout).toMatch(/^\+.*"dynamodb:GetItem"/m);
    // The table stays the Terraform reference, never a hard-coded ARN.
    expect(run.stdout).not.toMatch(/^\+.*arn:aws:dynamodb/m);
    const patched = join(tmp, 'main-written.tf');
    writeFileSync(patched, TERRAFORM);
    expect(
      (await patch('--template', patched, '--cloudtrail', EXAMPLE, '--trail-config', TRAIL_CONFIG, '--write'))
        .status,
    ).toBe(0);
    const relocated = locatePolicies(patched, readFileSync(patched, 'utf8'));
    const doc = relocated.find((p) => p.kind === 'statements');
    expect(doc?.statements[0]?.resources.map((r) => r.source)).toEqual(['aws_dynamodb_table.orders.arn']);
    expect(doc?.statements[0]?.actions.map((a) => a.source)).not.toContain('"dynamodb:Scan"');
  });

  it('rejects an unknown flag by name', async () => {
    const run = await patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE, '--wrtie');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/wrtie/);
  });
});

describe('patch --last-accessed', () => {
  it('keeps a management action the role used inside the window, which CloudTrail alone removes', async () => {
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
    const without = await patch('--template', TEMPLATE, '--cloudtrail', EXAMPLE);
    const withLa = await patch(
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

/** The example's role with an ENI statement, and its function in a VPC (or not). */
const VPC_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: Orders
  OrdersApiRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
      Path: /service-role/
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: orders-api
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: OrdersTableAccess
                Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - dynamodb:PutItem
                  - dynamodb:UpdateItem
                  - dynamodb:Query
                  - dynamodb:Scan
                Resource: !GetAtt OrdersTable.Arn
              - Sid: VpcAccess
                Effect: Allow
                Action:
                  - ec2:CreateNetworkInterface
                  - ec2:DescribeNetworkInterfaces
                  - ec2:DeleteNetworkInterface
                Resource: '*'
  OrdersApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-api
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Role: !GetAtt OrdersApiRole.Arn
      VpcConfig:
        SecurityGroupIds: [sg-0123456789abcdef0]
        SubnetIds: [subnet-0aaa1111bbbb2222c]
`;
const NO_VPC_TEMPLATE = VPC_TEMPLATE.replace(/\n {6}VpcConfig:\n(?: {8}.*\n)+/, '\n');

// Each run starts the CLI (one to three times): allow for a loaded machine.
describe('iamtrim patch reads what Lambda needs from the template', { timeout: 120_000 }, () => {
  it('keeps the ENI statement of a function with VpcConfig, and says so in the PR body', async () => {
    const file = join(tmp, 'vpc.yaml');
    writeFileSync(file, VPC_TEMPLATE);
    const body = join(tmp, 'vpc-pr.md');
    const run = await patch(
      '--template',
      file,
      '--cloudtrail',
      EXAMPLE,
      '--trail-config',
      TRAIL_CONFIG,
      '--pr-body',
      body,
    );
    expect(run.status, run.stderr).toBe(0);
    // The unused table action goes; no line of the ENI statement changes.
    expect(run.stdout).toMatch(/^- +- dynamodb:Scan/m);
    expect(run.stdout).not.toMatch(/^[-+].*(ec2:|VpcAccess)/m);
    const md = readFileSync(body, 'utf8');
    expect(md).toContain('What Lambda needs, read from the templates');
    expect(md).toMatch(/OrdersApiFunction .*needs .*ec2:CreateNetworkInterface/);
    // Under "Needed by Lambda", the template's reason, then the actions it keeps.
    const needed = md.slice(md.indexOf('### Needed by Lambda'));
    expect(needed).toMatch(/from the template[\s\S]*<code>ec2:DeleteNetworkInterface<\/code>/);
  });

  it('removes the same statement when the function has no VpcConfig and the logs show no use', async () => {
    expect(NO_VPC_TEMPLATE).not.toContain('VpcConfig');
    const file = join(tmp, 'no-vpc.yaml');
    writeFileSync(file, NO_VPC_TEMPLATE);
    const run = await patch('--template', file, '--cloudtrail', EXAMPLE, '--trail-config', TRAIL_CONFIG);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^- +- Sid: VpcAccess/m);
    expect(run.stdout).toMatch(/^- +- ec2:CreateNetworkInterface/m);
  });

  it('--function-config adds the needs of a deployed function whose Role is the patched role', async () => {
    const file = join(tmp, 'no-vpc-config.yaml');
    writeFileSync(file, NO_VPC_TEMPLATE);
    const config = join(tmp, 'orders-api-config.json');
    writeFileSync(
      config,
      JSON.stringify({
        FunctionName: 'orders-api',
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api',
        Role: 'arn:aws:iam::123456789012:role/service-role/orders-api-role',
        VpcConfig: { SubnetIds: ['subnet-0aaa1111bbbb2222c'], VpcId: 'vpc-0123' },
      }),
    );
    const run = await patch(
      '--template',
      file,
      '--cloudtrail',
      EXAMPLE,
      '--trail-config',
      TRAIL_CONFIG,
      '--function-config',
      config,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^- +- dynamodb:Scan/m);
    expect(run.stdout).not.toMatch(/^[-+].*(ec2:|VpcAccess)/m);
    // A configuration of another role's function adds nothing here.
    writeFileSync(
      config,
      JSON.stringify({
        FunctionName: 'other',
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:other',
        Role: 'arn:aws:iam::123456789012:role/other-role',
        VpcConfig: { SubnetIds: ['subnet-0aaa1111bbbb2222c'] },
      }),
    );
    const other = await patch(
      '--template',
      file,
      '--cloudtrail',
      EXAMPLE,
      '--trail-config',
      TRAIL_CONFIG,
      '--function-config',
      config,
    );
    expect(other.status, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/^- +- Sid: VpcAccess/m);
  });
});

describe('patch --list', () => {
  it('prints one line a policy, folding an expression quoted over several lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-list-'));
    const tf = join(dir, 'main.tf');
    writeFileSync(
      tf,
      `data "aws_iam_policy_document" "logs" {
  statement {
    actions = compact([
      "logs:CreateLogStream",
      "logs:PutLogEvents"
    ])
    resources = ["*"]
  }
}
`,
    );
    const run = await runMain(['patch', '--template', tf, '--list']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('compact([ "logs:CreateLogStream", "logs:PutLogEvents" ])');
    expect(lines[0]).not.toContain('\\u000a');
  });
});

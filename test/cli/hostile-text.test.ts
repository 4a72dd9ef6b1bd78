import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { FORBIDDEN_IN_TEXT } from '../support/hostile-strings.js';
import { callRecord } from '../support/records.js';
import { runMain } from '../support/run-main.js';

// A secret name that clears the screen, writes an OSC 8 hyperlink, rings the bell and hides
// a right-to-left override and a zero-width space: it must reach no terminal and no template raw.
const ESC = '\u001b';
const BEL = '\u0007';
const NAME = `db${ESC}[2J${ESC}]8;;https://evil.example/${BEL}click${ESC}]8;;${BEL}\u202e\u200b`;
const SECRET = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${NAME}-AbCdEf`;
const ROLE = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';

const dir = mkdtempSync(join(tmpdir(), 'iamtrim-hostile-'));
const trail = join(dir, 'trail.json');
writeFileSync(
  trail,
  JSON.stringify({
    Records: [
      callRecord({
        source: 'secretsmanager.amazonaws.com',
        name: 'GetSecretValue',
        params: { secretId: SECRET },
      }),
    ],
  }),
);

const YAML_TEMPLATE = `Resources:
  OrdersApiRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
      Path: /service-role/
      Policies:
        - PolicyName: secrets
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - secretsmanager:GetSecretValue
                  - secretsmanager:PutSecretValue
                Resource: '*'
`;

const JSON_TEMPLATE = JSON.stringify(parseYaml(YAML_TEMPLATE), null, 2);

const TERRAFORM_TEMPLATE = `resource "aws_iam_role" "orders" {
  name = "orders-api-role"
  path = "/service-role/"
}

data "aws_iam_policy_document" "secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "secrets" {
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.secrets.json
}
`;

const JSONENCODE_TEMPLATE = `resource "aws_iam_role" "orders" {
  name = "orders-api-role"
  path = "/service-role/"
}

resource "aws_iam_role_policy" "secrets" {
  role = aws_iam_role.orders.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
        Resource = "*"
      }
    ]
  })
}
`;

function template(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The resources the patched template grants, as its own parser reads them. */
function grantedResources(file: string): string[] {
  const policy = locatePolicies(file, readFileSync(file, 'utf8')).find((p) => p.kind === 'statements');
  return (policy?.statements ?? []).flatMap((s) =>
    s.resources.map((r) => (r.kind === 'literal' ? r.value : `<${r.kind}>`)),
  );
}

describe('a hostile secret name', { timeout: 60_000 }, () => {
  it('suggest --format diff shows it escaped', async () => {
    const policy = template(
      'policy.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      }),
    );
    const run = await runMain(
      ['suggest', '--role', ROLE, '--policy', policy, '--cloudtrail', trail, '--format', 'diff', '--force'],
      { tty: true },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('secret:db\\u001b[2J\\u001b]8;;https://evil.example/\\u0007click');
    expect(run.stdout).not.toMatch(FORBIDDEN_IN_TEXT);
  });

  it.each([
    ['YAML', 'template.yaml', YAML_TEMPLATE],
    ['JSON', 'template.json', JSON_TEMPLATE],
    ['Terraform statement blocks', 'policy-document.tf', TERRAFORM_TEMPLATE],
    ['Terraform jsonencode()', 'jsonencode.tf', JSONENCODE_TEMPLATE],
  ])('patch on a terminal and patch --write into %s', async (_, name, text) => {
    const file = template(name, text);
    const shown = await runMain(['patch', '--quiet', '--template', file, '--cloudtrail', trail, '--force'], {
      tty: true,
    });
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^\+.*secret:db/m);
    expect(shown.stdout).not.toMatch(FORBIDDEN_IN_TEXT);

    const written = await runMain([
      'patch',
      '--quiet',
      '--template',
      file,
      '--cloudtrail',
      trail,
      '--force',
      '--write',
    ]);
    expect(written.status, written.stderr).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).not.toMatch(FORBIDDEN_IN_TEXT);
    // The escape reads back as the name CloudTrail logged.
    expect(grantedResources(file)).toEqual([SECRET]);
  });
});

describe('patch shows a template that itself holds control characters', { timeout: 60_000 }, () => {
  // The template is input too (a pull request can carry it): its own bytes reach the diff.
  const text = TERRAFORM_TEMPLATE.replace(
    '  statement {',
    `  statement {\n    # owner: ${ESC}[2J${ESC}]0;pwned${BEL}\u202e`,
  );

  it('escaped on a terminal', async () => {
    const run = await runMain(
      ['patch', '--quiet', '--template', template('own.tf', text), '--cloudtrail', trail, '--force'],
      {
        tty: true,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('# owner: \\u001b[2J\\u001b]0;pwned\\u0007\\u202e');
    expect(run.stdout).not.toMatch(FORBIDDEN_IN_TEXT);
  });

  it('byte for byte in a pipe, where git apply reads it', async () => {
    const run = await runMain([
      'patch',
      '--quiet',
      '--template',
      template('own.tf', text),
      '--cloudtrail',
      trail,
      '--force',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`# owner: ${ESC}[2J`);
  });
});

describe('error messages are terminal-safe', () => {
  const ok = template('ok.json', '{"Version":"2012-10-17","Statement":[]}');
  it.each([
    [
      'a policy key',
      ROLE,
      template(
        'key.json',
        `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","\\u001b[2J\\u202eEvil":1}]}`,
      ),
    ],
    ['an invalid-JSON snippet', ROLE, template('snippet.json', `${ESC}[2J${ESC}]8;;x${BEL}{`)],
    ['--role', `x${ESC}[2J${ESC}]8;;https://evil.example/${BEL}\u200f`, ok],
  ])('%s', async (_, role, policy) => {
    const run = await runMain(['suggest', '--role', role, '--cloudtrail', trail, '--policy', policy]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/\\u001b\[2J/);
    expect(run.stderr).not.toMatch(FORBIDDEN_IN_TEXT);
  });
});

import { getItemUsage } from '../support/role-usage.js';
import { describe, expect, it } from 'vitest';
import { locateTemplates, patchTemplates, type LocatedTemplate } from '../../src/actions/patch.js';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { InputError } from '../../src/errors/iamtrim-error.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { TEMPLATE_LIMITS } from '../../src/iac/template-bounds.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { loadCases } from '../support/case-loader.js';
import { callRecord } from '../support/records.js';
import { runMain } from '../support/run-main.js';

/**
 * Templates are attacker-controlled text: names that collide with Object.prototype, files
 * that do not parse, line endings and sizes a hand-written test would not think of.
 */
const catalog = createCatalog();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/orders-api-role';

const usage = (): UsageReport => getItemUsage(ROLE_ARN, catalog);

async function located(files: Record<string, string>, roles?: string[]): Promise<LocatedTemplate[]> {
  return locateTemplates(Object.keys(files), roles, async (file) => files[file] as string);
}

async function patch(files: Record<string, string>) {
  return patchTemplates(
    { templates: await located(files), usage: usage(), catalog, coverage: { dataEvents: 'all' } },
    {},
    { lastAccessed: async () => undefined },
  );
}

/** A role whose statement's second Resource is `resource` (an expression the test varies). */
function cfnWith(logicalId: string, resource: string, extra = ''): string {
  return `Parameters:
  Stage:
    Type: String
    Default: prod
Resources:
  ${logicalId}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
      Policies:
        - PolicyName: tables
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - dynamodb:PutItem
                Resource:
                  - arn:aws:dynamodb:us-east-1:123456789012:table/Orders
                  - ${resource}
${extra}`;
}

/** Patches `make(name)` and returns everything said and written, with `name` replaced by NAME. */
async function outcome(make: (name: string) => string, name: string): Promise<string> {
  const result = await patch({ 'template.yaml': make(name) });
  const said = {
    after: result.outputs.map((o) => o.after),
    skipped: result.skipped,
    sam: result.samChanges,
    needs: result.templateNeeds,
  };
  return JSON.stringify(said).split(name).join('NAME');
}

describe('template names that are Object.prototype keys', () => {
  // The same template with an ordinary name is the reference: a prototype key must change nothing.
  const names = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
  const shapes: Record<string, (name: string) => string> = {
    'a logical id, Ref and ${} of that name': (name) =>
      cfnWith(
        name,
        `!Sub 'arn:aws:dynamodb:us-east-1:123456789012:table/\${${name}}'`,
        `  Other:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref ${name}\n`,
      ),
    'a Resource that is !Ref of it': (name) => cfnWith('OrdersRole', `!Ref ${name}`),
    'a Resource that is !GetAtt of it': (name) => cfnWith('OrdersRole', `!GetAtt ${name}.Arn`),
    'a SAM policy template of that name': (name) => `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt OrdersRole.Arn
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt ${name}.Arn
      Policies:
        - ${name}:
            TableName: !Ref ${name}
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
`,
  };
  for (const [shape, make] of Object.entries(shapes))
    for (const name of names)
      it(`${shape}: ${name} is read as a name like any other`, async () => {
        expect(await outcome(make, name)).toBe(await outcome(make, 'PlainName'));
      });

  it('the reference template does change (the comparison is not empty)', async () => {
    const plain = await patch({ 'template.yaml': cfnWith('PlainName', '!Ref PlainName') });
    expect(plain.outputs[0]?.after).not.toContain('dynamodb:PutItem');
  });
});

/** A file that cannot be read: its name and text, and the line and note (a regex) expected. */
interface UnreadableCase {
  file: string;
  text: string;
  line: number;
  note: string;
}

const ROLE_TEMPLATE = cfnWith('OrdersRole', 'arn:aws:dynamodb:us-east-1:123456789012:table/Other');

/** What the patch job does with `files`: its error, or undefined when it went through. */
async function patchError(files: Record<string, string>): Promise<unknown> {
  try {
    await patch(files);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('a template that cannot be read (test/cases/iac-unreadable)', () => {
  for (const c of loadCases<UnreadableCase>('iac-unreadable')) {
    it(`${c.file}: ${c.description}`, async () => {
      const found = locatePolicies(c.data.file, c.data.text);
      expect(found.map((p) => [p.kind, p.role, p.line])).toEqual([['unreadable', c.data.file, c.data.line]]);
      expect(found[0]?.note).toMatch(new RegExp(c.data.note));
      // patch stops, naming the file, even beside a template it could patch.
      const error = await patchError({ 'ok.yaml': ROLE_TEMPLATE, [c.data.file]: c.data.text });
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).file).toBe(c.data.file);
      expect((error as Error).message).toBe(`${c.data.file}: ${found[0]?.note}`);
    });
  }

  it("the readable template alone patches (the failure above is the bad file's)", async () => {
    expect(await patchError({ 'ok.yaml': ROLE_TEMPLATE })).toBeUndefined();
  });

  it('is kept under --role, which would otherwise filter it out', async () => {
    const templates = await located({ 'main.tf': 'resource "x" {' }, ['OrdersRole']);
    expect(templates[0]?.policies.map((p) => p.kind)).toEqual(['unreadable']);
  });

  it('a readable template with no policy is said to have none', async () => {
    const result = await patch({ 'ok.yaml': ROLE_TEMPLATE, 'other.yaml': 'Resources: {}\n' });
    expect(result.skipped).toContain('other.yaml: no role policy found');
  });
});

describe('bounds on a template', () => {
  const only = (file: string, text: string) => {
    const found = locatePolicies(file, text);
    expect(found.map((p) => p.kind)).toEqual(['unreadable']);
    return found[0]?.note ?? '';
  };

  it(`refuses more than ${TEMPLATE_LIMITS.maxCharacters} characters, and says the limit`, () => {
    const pad = `# ${'x'.repeat(97)}\n`;
    const text = ROLE_TEMPLATE + pad.repeat(Math.ceil(TEMPLATE_LIMITS.maxCharacters / pad.length));
    expect(only('template.yaml', text)).toMatch(/characters, over iamtrim's limit of 10,485,760 /);
    // Just under the limit it is read.
    const under =
      ROLE_TEMPLATE +
      pad.repeat(Math.floor((TEMPLATE_LIMITS.maxCharacters - ROLE_TEMPLATE.length) / pad.length));
    expect(locatePolicies('template.yaml', under).map((p) => p.kind)).toEqual(['statements']);
  });

  it('refuses more YAML anchors and aliases than the limit, naming the line of the first one over', () => {
    const n = TEMPLATE_LIMITS.maxYamlAnchorsAndAliases;
    const aliases = (count: number) =>
      `${ROLE_TEMPLATE}Metadata:\n  a: &a x\n${Array.from({ length: count }, (_, i) => `  b${i}: *a\n`).join('')}`;
    const lines = ROLE_TEMPLATE.split('\n').length;
    expect(only('template.yaml', aliases(n))).toBe(
      `line ${lines + 1 + n}, column 9: more than 1,000 YAML anchors and aliases (iamtrim's limit)`,
    );
    expect(locatePolicies('template.yaml', aliases(n - 1)).map((p) => p.kind)).toEqual(['statements']);
    expect(only('serverless.yml', `service: x\n${aliases(n).slice(ROLE_TEMPLATE.length)}`)).toMatch(
      /anchors and aliases/,
    );
  });

  it('refuses YAML flow collections nested 1,000 deep (CloudFormation, Serverless, policy file)', () => {
    const deep = '['.repeat(1000) + ']'.repeat(1000);
    expect(only('template.yaml', `Resources:\n  R: ${deep}\n`)).toMatch(
      /^line 2, column \d+: YAML lists or maps nested more than 100 deep/,
    );
    expect(only('serverless.yml', `service: x\nprovider: ${deep}\n`)).toMatch(/nested more than 100 deep/);
    expect(only('policy.json', `{"Statement": ${deep}}`)).toMatch(/nested more than 100 deep/);
  });

  it('refuses a Terraform list nested 1,000 deep with the line, not a stack overflow', () => {
    for (const expr of [
      '['.repeat(1000) + ']'.repeat(1000),
      '!'.repeat(5000) + 'true',
      '("${'.repeat(1000),
    ]) {
      const note = only('main.tf', `locals {\n  x = ${expr}\n}\n`);
      expect(note).toMatch(
        /^line 2, column \d+: not valid HCL: expressions or blocks nested more than 100 deep/,
      );
    }
    const blocks = only('main.tf', 'a {\n'.repeat(1000) + '}\n'.repeat(1000));
    expect(blocks).toMatch(
      /^line 101, column \d+: not valid HCL: expressions or blocks nested more than 100 deep/,
    );
  });
});

describe('iamtrim patch on a template it cannot read', () => {
  it('exits 1 naming the file and line; --list shows it and exits 0', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-unreadable-'));
    const file = join(dir, 'template.yaml');
    writeFileSync(file, 'Resources:\n  Role:\n\tType: AWS::IAM::Role\n');
    const usageFile = join(dir, 'usage.json');
    writeFileSync(usageFile, JSON.stringify(usage()));
    const run = await runMain(['patch', '--template', file, '--usage', usageFile]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${file}: line 3, column 1: not valid YAML: Tabs are not allowed as indentation`,
    );
    const list = await runMain(['patch', '--template', file, '--list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(`${file}:3  not read: line 3, column 1: not valid YAML`);
  });
});

describe('a template with CRLF line endings', () => {
  const TERRAFORM = `data "aws_iam_policy_document" "orders" {
  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/Orders"]
  }
}

resource "aws_iam_role" "orders" {
  name = "orders-api-role"
}

resource "aws_iam_role_policy" "orders" {
  role   = aws_iam_role.orders.id
  policy = data.aws_iam_policy_document.orders.json
}
`;
  const SERVERLESS = `service: shop
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
          Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
functions:
  api:
    handler: index.handler
`;
  const SAM = `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt OrdersRole.Arn
      Policies:
        - DynamoDBCrudPolicy:
            TableName: Orders
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
`;
  const JSON_TEMPLATE = JSON.stringify(
    {
      Resources: {
        OrdersRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'orders-api-role',
            Policies: [
              {
                PolicyName: 'tables',
                PolicyDocument: {
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
                      Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    },
    null,
    2,
  );
  const templates: Record<string, string> = {
    'template.yaml': ROLE_TEMPLATE,
    'template.json': JSON_TEMPLATE,
    'minified.json': JSON.stringify(JSON.parse(JSON_TEMPLATE)),
    'sam.yaml': SAM,
    'main.tf': TERRAFORM,
    'serverless.yml': SERVERLESS,
  };
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const usageOf = (roleName: string) => {
    const acc = createUsageAccumulator();
    for (const day of ['2026-10-01', '2026-11-10'])
      addRecord(
        acc,
        callRecord({ role: `arn:aws:iam::123456789012:role/${roleName}`, time: `${day}T12:00:00Z` }),
        'test',
        eventCatalogOf(catalog),
        defaultAggregateOptions,
      );
    return toUsageReport(acc);
  };

  for (const [file, text] of Object.entries(templates)) {
    if (file !== 'serverless.yml')
      it(`${file}: --role by the deployed name (RoleName, name) finds its policy, LF or CRLF`, async () => {
        for (const t of [text, crlf(text)]) {
          const byName = await located({ [file]: t }, ['orders-api-role']);
          expect(byName[0]?.policies.length).toBeGreaterThan(0);
          expect(byName[0]?.policies).toEqual((await located({ [file]: t }))[0]?.policies);
          expect((await located({ [file]: t }, ['someone-else']))[0]?.policies).toEqual([]);
        }
      });
    it(`${file}: is matched and patched like the LF original, and keeps CRLF`, async () => {
      const run = async (t: string) =>
        patchTemplates(
          {
            templates: await located({ [file]: t }),
            usage: usageOf(file === 'serverless.yml' ? 'shop-dev-us-east-1-lambdaRole' : 'orders-api-role'),
            catalog,
            coverage: { dataEvents: 'all' },
          },
          {},
          { lastAccessed: async () => undefined },
        );
      const lf = await run(text);
      const cr = await run(crlf(text));
      // The LF original is found and changed: the comparison is not between two no-ops.
      expect(lf.skipped).toEqual([]);
      expect(lf.outputs.length + lf.samChanges.length).toBeGreaterThan(0);
      expect(cr.skipped).toEqual(lf.skipped);
      expect(cr.samChanges).toEqual(lf.samChanges);
      // A file on one line has no line ending to follow: it is the same either way.
      const ending = text.includes('\n') ? crlf : (t: string) => t;
      expect(cr.outputs.map((o) => o.after)).toEqual(lf.outputs.map((o) => ending(o.after)));
      if (text.includes('\n'))
        for (const o of cr.outputs) expect(o.after.replace(/\r\n/g, '')).not.toContain('\n');
    });
  }
});

describe('a patch that would leave a policy with no statement', () => {
  const UNUSED = `              - Effect: Allow
                Action: s3:PutObject
                Resource: arn:aws:s3:::orders-archive/*
`;
  const role = (policies: string[]) => `Resources:
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
      Policies:
${policies
  .map(
    (statements, i) => `        - PolicyName: p${i}
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statements}`,
  )
  .join('')}      Tags:
        - Key: team
          Value: orders
`;
  const USED = `              - Effect: Allow
                Action: dynamodb:GetItem
                Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
`;

  it('removes the unused entry of a role Policies list, and says so', async () => {
    const result = await patch({ 'template.yaml': role([USED, UNUSED]) });
    expect(result.outputs[0]?.after).toBe(role([USED]));
    expect(result.removedPolicies).toEqual([
      'template.yaml:18 OrdersRole: Resources.OrdersRole.Properties.Policies[1] removed: none of its statements is used',
    ]);
  });

  it('iamtrim patch says so in its notes and in the PR body', async () => {
    const { mkdtempSync, readFileSync: read, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'iamtrim-removed-'));
    const file = join(dir, 'template.yaml');
    writeFileSync(file, role([USED, UNUSED]));
    const usageFile = join(dir, 'usage.json');
    writeFileSync(usageFile, JSON.stringify(usage()));
    const prBody = join(dir, 'pr.md');
    const args = ['--template', file, '--usage', usageFile, '--data-events', 'all', '--pr-body', prBody];
    const run = await runMain(['patch', ...args]);
    expect(run.status, run.stderr).toBe(0);
    const line = `${file}:18 OrdersRole: Resources.OrdersRole.Properties.Policies[1] removed: none of its statements is used`;
    expect(run.stderr, run.stdout).toContain(`iamtrim: note: ${line}`);
    expect(run.stdout).toContain('-        - PolicyName: p1');
    const body = read(prBody, 'utf8');
    expect(body).toContain('## Policies removed');
    // Markdown-escaped, as every path in the body.
    expect(body).toContain('Properties\\.Policies\\[1\\] removed: none of its statements is used');
  });

  it('removes the Policies key with its only entry (CloudFormation rejects an empty list)', async () => {
    const result = await patch({ 'template.yaml': role([UNUSED]) });
    const after = result.outputs[0]?.after ?? '';
    expect(after).toBe(role([]).replace('      Policies:\n', ''));
    expect(locatePolicies('template.yaml', after)).toEqual([]);
  });

  it('never writes an empty Statement: a policy it cannot remove whole is an error naming it', async () => {
    // A policy goes whole when nothing else names it (test/cases/iac-emptied); this one is an output.
    const terraform = `resource "aws_iam_role" "orders" {
  name = "orders-api-role"
}

resource "aws_iam_role_policy" "orders" {
  role   = aws_iam_role.orders.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::orders-archive/*" }
    ]
  })
}

output "policy" {
  value = aws_iam_role_policy.orders.id
}
`;
    for (const [file, text, line] of [['main.tf', terraform, 8]] as const) {
      const error = await patchError({ [file]: text });
      expect(error, file).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${file}: line ${line}: every statement of .* would be removed, and IAM rejects a policy with no statement`,
        ),
      );
    }
  });
});

describe('an empty !Sub', () => {
  // The statement changes (PutItem goes), so its kept value is written back. (In a list,
  // an exact "" matches no used resource and goes with the tightening.)
  for (const sub of ['!Sub ""', "!Sub ''"])
    it(`${sub} comes back as written, never as {"!Sub":""}`, async () => {
      const text = ROLE_TEMPLATE.replace(
        / {16}Resource:\n(?: {18}- .*\n)+/,
        `                Resource: ${sub}\n`,
      );
      expect(text).toContain(`Resource: ${sub}\n`);
      const result = await patch({ 'template.yaml': text });
      const after = result.outputs[0]?.after ?? '';
      expect(after).not.toContain('PutItem');
      expect(after).toContain(`Resource: ${sub}\n`);
    });
});

describe('a Serverless role named by provider.iam.role.name', () => {
  const service = (name: string) => `service: shop
provider:
  name: aws
  iam:
    role:
      name: ${name}
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
          Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
`;

  it('is found in the evidence by that literal name', async () => {
    const result = await patch({ 'serverless.yml': service('orders-api-role') });
    expect(result.skipped).toEqual([]);
    expect(result.outputs[0]?.after).not.toContain('dynamodb:PutItem');
  });

  it('a name with variables is not guessed: the role is skipped with how to name it', async () => {
    const result = await patch({ 'serverless.yml': service('orders-${sls:stage}-role') });
    expect(result.outputs).toEqual([]);
    expect(result.skipped.join('\n')).toContain('give --role-arn provider=<arn>');
  });
});

describe('a SAM function inline policy none of whose statements is used', () => {
  const sam = (entries: string[]) => `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt OrdersRole.Arn
      Policies:
${entries.join('')}      Timeout: 10
  OrdersRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-api-role
`;
  const entry = (action: string) => `        - Statement:
            - Effect: Allow
              Action: ${action}
              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
`;

  it('is removed as a whole entry of the Policies list', async () => {
    const result = await patch({
      'template.yaml': sam([entry('dynamodb:GetItem'), entry('dynamodb:PutItem')]),
    });
    expect(result.outputs[0]?.after).toBe(sam([entry('dynamodb:GetItem')]));
    expect(result.removedPolicies.join('\n')).toContain('Resources.Fn.Properties.Policies[1] removed');
  });

  it('takes the Policies key with it when it was the only entry', async () => {
    const result = await patch({ 'template.yaml': sam([entry('dynamodb:PutItem')]) });
    expect(result.outputs[0]?.after).toBe(sam([]).replace('      Policies:\n', ''));
  });
});

import { describe, expect, it } from 'vitest';
import { locateTemplates, patchTemplates, type LocatedTemplate } from '../../src/actions/patch.js';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { addRecord, defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

/**
 * Templates are attacker-controlled text: names that collide with Object.prototype, files
 * that do not parse, line endings and sizes a hand-written test would not think of.
 */
const catalog = createCatalog();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/orders-api-role';

function usage(): UsageReport {
  const acc = createUsageAccumulator();
  for (const day of ['2026-10-01', '2026-11-10'])
    addRecord(
      acc,
      callRecord({ role: ROLE_ARN, time: `${day}T12:00:00Z` }),
      'test',
      eventCatalogOf(catalog),
      defaultAggregateOptions,
    );
  return toUsageReport(acc);
}

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

import { describe, expect, it } from 'vitest';
import { locateTemplates, patchTemplates, type LocatedTemplate } from '../../src/actions/patch.js';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { defaultAggregateOptions, addRecord } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createCatalog();

/** GetItem on Orders by each named role, on two days 40 days apart. */
function usageOf(...roleNames: string[]): UsageReport {
  const acc = createUsageAccumulator();
  for (const name of roleNames)
    for (const day of ['2026-10-01', '2026-11-10'])
      addRecord(
        acc,
        callRecord({ role: `arn:aws:iam::123456789012:role/${name}`, time: `${day}T12:00:00Z` }),
        'test',
        eventCatalogOf(catalog),
        defaultAggregateOptions,
      );
  return toUsageReport(acc);
}

const role = (id: string, name: string, service: string): string => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ${service} }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: tables
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - dynamodb:PutItem
                Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
`;

const CFN = `Resources:\n${role('ApiRole', 'api-role', 'lambda.amazonaws.com')}${role('MachineRole', 'machine-role', 'states.amazonaws.com')}`;

async function templates(files: Record<string, string>): Promise<LocatedTemplate[]> {
  return locateTemplates(Object.keys(files), undefined, async (file) => files[file] as string);
}

const ports = { lastAccessed: async () => undefined };
const coverage = { dataEvents: 'all' as const };

describe('patch: Lambda roles only, unless --all-roles', () => {
  it('patches the Lambda role and skips the Step Functions role, saying why', async () => {
    const result = await patchTemplates(
      {
        templates: await templates({ 'template.yaml': CFN }),
        usage: usageOf('api-role', 'machine-role'),
        catalog,
        coverage,
      },
      {},
      ports,
    );
    expect(result.patched.map((p) => p.policy.role)).toEqual(['ApiRole']);
    expect(result.skipped.join('\n')).toMatch(
      /MachineRole: skipped: assumed by states\.amazonaws\.com.*--all-roles/,
    );
    const after = result.outputs[0]?.after ?? '';
    // The Step Functions role's PutItem stays; the Lambda role's goes.
    expect(after.match(/dynamodb:PutItem/g)).toHaveLength(1);
  });

  it('patches every role with allRoles', async () => {
    const result = await patchTemplates(
      {
        templates: await templates({ 'template.yaml': CFN }),
        usage: usageOf('api-role', 'machine-role'),
        catalog,
        coverage,
      },
      { allRoles: true },
      ports,
    );
    expect(result.patched.map((p) => p.policy.role)).toEqual(['ApiRole', 'MachineRole']);
    expect(result.outputs[0]?.after).not.toContain('dynamodb:PutItem');
  });
});

describe('patch: a Serverless role defined in resources.Resources', () => {
  it('is found by its RoleName and patched in serverless.yml itself', async () => {
    const text = `service: shop
provider:
  name: aws
  iam:
    role: ShopRole
functions:
  api:
    handler: h.api
resources:
  Resources:
${role('ShopRole', 'shop-role', 'lambda.amazonaws.com')
  .split('\n')
  .map((l) => (l ? `  ${l}` : l))
  .join('\n')}`;
    const result = await patchTemplates(
      {
        templates: await templates({ 'serverless.yml': text }),
        usage: usageOf('shop-role'),
        catalog,
        coverage,
      },
      {},
      ports,
    );
    expect(result.patched.map((p) => p.policy.role)).toEqual(['ShopRole']);
    const after = result.outputs[0]?.after ?? '';
    expect(after).toContain('dynamodb:GetItem');
    expect(after).not.toContain('dynamodb:PutItem');
    // Nothing outside the statement list moved.
    expect(after.replace(/\s+- dynamodb:GetItem/, '')).toBe(
      text.replace(/\s+- dynamodb:GetItem\n\s+- dynamodb:PutItem/, ''),
    );
  });
});

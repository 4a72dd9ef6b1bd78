import { describe, expect, it } from 'vitest';
import { locateTemplates, patchTemplates, type LocatedTemplate } from '../../src/actions/patch.js';
import { createCatalog, eventCatalogOf } from '../../src/catalog/catalog.js';
import { defaultAggregateOptions, addRecord } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../../src/usage/usage-report.js';
import { callRecord } from '../support/records.js';

const catalog = createCatalog();
const ACCOUNT_ROLE = 'arn:aws:iam::123456789012:role/';

/** Usage by one role: GetItem on Orders on each of `days` (ISO dates). */
function usageOf(roleName: string, days: readonly string[]): UsageReport {
  const acc = createUsageAccumulator();
  for (const day of days)
    addRecord(
      acc,
      callRecord({ role: `${ACCOUNT_ROLE}${roleName}`, time: `${day}T12:00:00Z` }),
      'test',
      eventCatalogOf(catalog),
      defaultAggregateOptions,
    );
  return toUsageReport(acc);
}

const CFN = `Resources:
  OrdersRole:
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
                Resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders
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

const LONG = ['2026-10-01', '2026-11-10'];
const SHORT = ['2026-11-01', '2026-11-05'];

async function templates(files: Record<string, string>): Promise<LocatedTemplate[]> {
  return locateTemplates(Object.keys(files), undefined, async (file) => files[file] as string);
}

const noLastAccessed = { lastAccessed: async () => undefined };
const coverage = { dataEvents: 'all' as const };

describe('the patch use case', () => {
  it('removes what the role did not use, and finds the role by its RoleName', async () => {
    const result = await patchTemplates(
      {
        templates: await templates({ 'template.yaml': CFN }),
        usage: usageOf('orders-api-role', LONG),
        catalog,
        coverage,
      },
      {},
      noLastAccessed,
    );
    expect(result.skipped).toEqual([]);
    expect(result.outputs.map((o) => o.file)).toEqual(['template.yaml']);
    const after = result.outputs[0]?.after ?? '';
    expect(after).toContain('dynamodb:GetItem');
    expect(after).not.toContain('dynamodb:PutItem');
    expect(result.outputs[0]?.before).toBe(CFN);
    expect(result.patched).toHaveLength(1);
  });

  it('changes nothing under --min-days, and says why; force overrides', async () => {
    const input = {
      templates: await templates({ 'template.yaml': CFN }),
      usage: usageOf('orders-api-role', SHORT),
      catalog,
      coverage,
    };
    const gated = await patchTemplates(input, {}, noLastAccessed);
    expect(gated.outputs).toEqual([]);
    expect(gated.skipped.join('\n')).toMatch(/spans 5 day\(s\), fewer than --min-days 30/);
    const lower = await patchTemplates(input, { minDays: 3 }, noLastAccessed);
    expect(lower.outputs).toHaveLength(1);
    const forced = await patchTemplates(input, { force: true }, noLastAccessed);
    expect(forced.outputs).toHaveLength(1);
  });

  it('finds a Serverless shared role by the default name its locator returns', async () => {
    const located = await templates({ 'serverless.yml': SERVERLESS });
    expect(located[0]?.policies[0]?.roleName).toBe('shop-dev-us-east-1-lambdaRole');
    const result = await patchTemplates(
      { templates: located, usage: usageOf('shop-dev-us-east-1-lambdaRole', LONG), catalog, coverage },
      {},
      noLastAccessed,
    );
    expect(result.skipped).toEqual([]);
    expect(result.outputs[0]?.after).not.toContain('dynamodb:PutItem');
  });

  it('asks the last-accessed port for each deployed role, by its template id', async () => {
    const asked: [string, readonly string[]][] = [];
    await patchTemplates(
      {
        templates: await templates({ 'template.yaml': CFN }),
        usage: usageOf('orders-api-role', LONG),
        catalog,
        coverage,
      },
      {},
      {
        lastAccessed: async (arn, names) => {
          asked.push([arn, names]);
          return undefined;
        },
      },
    );
    expect(asked).toEqual([[`${ACCOUNT_ROLE}orders-api-role`, ['OrdersRole']]]);
  });

  it('skips a role the evidence does not name, and says how to name it', async () => {
    const result = await patchTemplates(
      {
        templates: await templates({ 'template.yaml': CFN }),
        usage: usageOf('someone-else', LONG),
        catalog,
        coverage,
      },
      {},
      noLastAccessed,
    );
    expect(result.outputs).toEqual([]);
    expect(result.skipped.join('\n')).toMatch(/orders-api-role made no recorded call/);
  });

  it('keeps StartSyncExecution on !Ref of an AWS::Serverless::StateMachine: Ref is its ARN', async () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Checkout:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: checkout
      DefinitionUri: checkout.asl.json
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - states:StartSyncExecution
                - states:StopExecution
              Resource: !Ref Checkout
`;
    const acc = createUsageAccumulator();
    for (const day of LONG)
      addRecord(
        acc,
        callRecord({
          role: `${ACCOUNT_ROLE}shop-ApiFunctionRole-1A2B3C`,
          time: `${day}T12:00:00Z`,
          source: 'states.amazonaws.com',
          name: 'StartSyncExecution',
          params: { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:checkout' },
        }),
        'test',
        eventCatalogOf(catalog),
        defaultAggregateOptions,
      );
    const result = await patchTemplates(
      { templates: await templates({ 'template.yaml': sam }), usage: toUsageReport(acc), catalog, coverage },
      {},
      noLastAccessed,
    );
    expect(result.skipped).toEqual([]);
    const after = result.outputs[0]?.after ?? '';
    expect(after).toContain('- states:StartSyncExecution');
    expect(after).not.toContain('states:StopExecution');
    expect(after).toContain('Resource: !Ref Checkout');
  });
});

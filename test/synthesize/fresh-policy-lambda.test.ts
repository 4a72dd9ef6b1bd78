import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import lambdaNeedsData from '../../src/catalog/data/lambda-needs.json' with { type: 'json' };
import { eventSourcePrefix } from '../../src/catalog/event-source-prefix.js';
import {
  lambdaPossibleNeeds,
  lambdaRequirements,
  type LambdaNeedsData,
} from '../../src/catalog/lambda-needs.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import type { PolicyDocumentJson } from '../../src/policy/policy-json.js';
import { suggest } from '../../src/actions/suggest.js';
import type { UsageReport } from '../../src/usage/usage-report.js';

// A fresh policy (no --policy) for a Lambda execution role grants what Lambda needs, from
// the configuration when given, else the writes to the default log group.
const ROLE = 'arn:aws:iam::123456789012:role/orders-worker-role';
const catalog = createEventCatalog();
const needs = lambdaNeedsData as unknown as LambdaNeedsData;
const usage: UsageReport = {
  principals: [
    {
      arn: ROLE,
      type: 'role',
      functions: ['orders-worker'],
      actions: [
        {
          action: 'dynamodb:GetItem',
          count: 3,
          firstSeen: '2026-09-01T00:00:00.000Z',
          lastSeen: '2026-10-30T00:00:00.000Z',
          resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/Orders'],
          functions: ['orders-worker'],
        },
      ],
      denied: [],
    },
  ],
  unmapped: [],
  skipped: [],
  stats: {
    files: 1,
    records: 3,
    events: 3,
    window: { from: '2026-09-01T00:00:00.000Z', to: '2026-10-30T00:00:00.000Z' },
    regions: ['eu-west-1'],
    days: 60,
    dataEventSources: [],
    classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
  },
};

function fresh(required: ReturnType<typeof lambdaRequirements>): Map<string, string[]> {
  const out = suggest({
    usage,
    role: ROLE,
    policies: [],
    catalog: catalog.actions,
    observability: createDefaultObservability(),
    sources: ['test'],
    prefixOf: (s) => eventSourcePrefix(s, catalog.data.eventSourcePrefixes),
    lambdaNeeds: lambdaPossibleNeeds(needs),
    required,
  });
  const doc = out.results[0]?.after as PolicyDocumentJson;
  const grants = new Map<string, string[]>();
  for (const st of Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) {
    const actions = typeof st.Action === 'string' ? [st.Action] : (st.Action ?? []);
    const resources = typeof st.Resource === 'string' ? [st.Resource] : (st.Resource ?? []);
    for (const a of actions) grants.set(a, [...(grants.get(a) ?? []), ...resources].sort());
  }
  return grants;
}

describe('fresh policy for a Lambda execution role', () => {
  it('without configuration, grants the log writes to the default log group', () => {
    const g = fresh([]);
    const group = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-worker';
    expect(g.get('logs:CreateLogGroup')).toEqual([group]);
    expect(g.get('logs:CreateLogStream')).toEqual([`${group}:log-stream:*`]);
    expect(g.get('logs:PutLogEvents')).toEqual([`${group}:log-stream:*`]);
    expect(g.get('dynamodb:GetItem')).toEqual(['arn:aws:dynamodb:eu-west-1:123456789012:table/Orders']);
  });

  it('with --function-config, grants what the configuration needs and passes the proof', () => {
    const required = lambdaRequirements(
      {
        FunctionName: 'orders-worker',
        FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-worker',
        LoggingConfig: { LogGroup: '/shared/orders' },
        VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq' },
      },
      [],
      needs,
    );
    const g = fresh(required);
    const group = 'arn:aws:logs:eu-west-1:123456789012:log-group:/shared/orders';
    expect(g.get('logs:CreateLogGroup')).toEqual([group]);
    expect(g.get('logs:PutLogEvents')).toEqual([`${group}:log-stream:*`]);
    expect(g.get('ec2:CreateNetworkInterface')).toEqual(['*']);
    expect(g.get('sqs:SendMessage')).toEqual(['arn:aws:sqs:eu-west-1:123456789012:orders-dlq']);
    // The default group is not granted when the configuration names another.
    expect([...g.values()].flat().some((r) => r.includes('/aws/lambda/'))).toBe(false);
  });
});

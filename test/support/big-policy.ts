import type { UsageReport } from '../../src/usage/usage-report.js';

/** A generated role: its policy, the usage of about half its resources, and a template holding it. */
export interface BigPolicyCase {
  readonly roleName: string;
  readonly policy: { Version: string; Statement: Record<string, unknown>[] };
  readonly usage: UsageReport;
  /** A CloudFormation JSON template whose role holds `policy` inline. */
  readonly template: Record<string, unknown>;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

// One row per service: how to name the i-th resource (and, for some, a wildcard over it),
// the actions a statement grants and the concrete action a call makes.
interface ServiceShape {
  readonly source: string;
  readonly arn: (i: number) => string;
  /** A wildcard resource granting `arn(i)` and its siblings, or undefined. */
  readonly wildcard?: (i: number) => string;
  /** The concrete resource a call on the wildcard touched. */
  readonly called?: (i: number) => string;
  readonly actions: readonly string[];
  readonly used: string;
}

const SERVICES: readonly ServiceShape[] = [
  {
    source: 's3.amazonaws.com',
    arn: (i) => `arn:aws:s3:::bucket-${i}/data.json`,
    wildcard: (i) => `arn:aws:s3:::bucket-${i}/*`,
    called: (i) => `arn:aws:s3:::bucket-${i}/reports/2026-10-01.csv`,
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
    used: 's3:GetObject',
  },
  {
    source: 'dynamodb.amazonaws.com',
    arn: (i) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/table-${i}`,
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Delete*'],
    used: 'dynamodb:Query',
  },
  {
    source: 'sqs.amazonaws.com',
    arn: (i) => `arn:aws:sqs:${REGION}:${ACCOUNT}:queue-${i}`,
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    used: 'sqs:SendMessage',
  },
  {
    source: 'sns.amazonaws.com',
    arn: (i) => `arn:aws:sns:${REGION}:${ACCOUNT}:topic-${i}`,
    actions: ['sns:Publish', 'sns:Get*'],
    used: 'sns:Publish',
  },
  {
    source: 'lambda.amazonaws.com',
    arn: (i) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn-${i}`,
    actions: ['lambda:InvokeFunction', 'lambda:GetFunction'],
    used: 'lambda:InvokeFunction',
  },
  {
    source: 'secretsmanager.amazonaws.com',
    arn: (i) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app-${i}-AbCdEf`,
    wildcard: (i) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app-${i}-*`,
    called: (i) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app-${i}-AbCdEf`,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    used: 'secretsmanager:GetSecretValue',
  },
  {
    source: 'kms.amazonaws.com',
    arn: (i) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000-${String(i).padStart(8, '0')}`,
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'],
    used: 'kms:Decrypt',
  },
];

/** How the resources are grouped into statements. */
export interface BigPolicyOptions {
  /** The most resources one statement lists (sizes cycle from 1 up to this). Default 8. */
  readonly maxPerStatement: number;
}

export const defaultBigPolicyOptions: BigPolicyOptions = { maxPerStatement: 8 };

/**
 * Generates a policy with `resources` resource entries over seven services (grouped 1 to 8
 * per statement, every third group a wildcard, every fifth statement with a Condition) and
 * usage that calls about half of them. Deterministic: the same `resources` gives the same case.
 */
export function generateBigPolicy(resources: number, options: Partial<BigPolicyOptions> = {}): BigPolicyCase {
  const { maxPerStatement } = { ...defaultBigPolicyOptions, ...options };
  const roleName = 'big-role';
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
  const statements: Record<string, unknown>[] = [];
  const calls = new Map<string, Set<string>>();
  let made = 0;
  for (let s = 0; made < resources; s++) {
    const shape = SERVICES[s % SERVICES.length]!;
    const size = Math.min(1 + ((s * 5) % maxPerStatement), resources - made);
    const wild = shape.wildcard !== undefined && s % 3 === 0;
    const list: string[] = [];
    for (let k = 0; k < size; k++) {
      const i = made + k;
      list.push(wild ? shape.wildcard!(i) : shape.arn(i));
      // Every other resource is used, so about half survive the tightening.
      if (i % 2 === 0) {
        const set = calls.get(shape.used) ?? new Set<string>();
        set.add(wild ? shape.called!(i) : shape.arn(i));
        calls.set(shape.used, set);
      }
    }
    made += size;
    const actions = shape.actions.slice(0, 1 + (s % shape.actions.length));
    statements.push({
      Sid: `S${s}`,
      Effect: 'Allow',
      Action: actions.length === 1 ? actions[0] : actions,
      Resource: list.length === 1 ? list[0] : list,
      ...(s % 5 === 4 ? { Condition: { StringEquals: { 'aws:RequestedRegion': [REGION] } } } : {}),
    });
  }
  const policy = { Version: '2012-10-17', Statement: statements };
  const from = '2026-10-01T00:00:00.000Z';
  const to = '2026-11-04T23:00:00.000Z';
  const usage: UsageReport = {
    principals: [
      {
        arn: roleArn,
        type: 'role',
        functions: ['big-fn'],
        actions: [...calls.keys()].sort().map((action) => ({
          action,
          count: calls.get(action)!.size,
          firstSeen: from,
          lastSeen: to,
          resources: [...calls.get(action)!].sort(),
          functions: ['big-fn'],
        })),
        denied: [],
      },
    ],
    unmapped: [],
    skipped: [],
    stats: {
      files: 1,
      records: made,
      events: made,
      window: { from, to },
      regions: [REGION],
      days: 35,
      dataEventSources: [...new Set(SERVICES.map((x) => x.source))].sort(),
      classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
    },
  };
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      BigRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
          Policies: [{ PolicyName: 'big', PolicyDocument: policy }],
        },
      },
    },
  };
  return { roleName, policy, usage, template };
}

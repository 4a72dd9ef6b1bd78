import { arnOf } from './arn-of.js';
import type { RequiredPermission } from '../model/required-permission.js';
import { serviceOfArn } from './arn-type-matcher.js';

/** `aws lambda get-function-configuration` output (the fields that matter here). */
export interface FunctionConfigurationJson {
  FunctionName?: string;
  FunctionArn?: string;
  Role?: string;
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; VpcId?: string };
  DeadLetterConfig?: { TargetArn?: string };
  TracingConfig?: { Mode?: string };
  KMSKeyArn?: string;
  LoggingConfig?: { LogGroup?: string };
}

/** One entry of `aws lambda list-event-source-mappings` output. */
export interface EventSourceMappingJson {
  UUID?: string;
  EventSourceArn?: string;
  FunctionArn?: string;
  State?: string;
  DestinationConfig?: { OnFailure?: { Destination?: string }; OnSuccess?: { Destination?: string } };
  SelfManagedEventSource?: { Endpoints?: Record<string, string[]> };
  SourceAccessConfigurations?: { Type?: string; URI?: string }[];
}

/** The documented permissions, from `catalog/data/lambda-needs.json` (curated, cited). */
export interface LambdaNeedsData {
  readonly logs: {
    readonly groupActions: readonly string[];
    readonly streamActions: readonly string[];
    readonly source: string;
  };
  readonly vpc: { readonly actions: readonly string[]; readonly source: string };
  readonly tracing: { readonly actions: readonly string[]; readonly source: string };
  readonly deadLetter: {
    readonly sqs: readonly string[];
    readonly sns: readonly string[];
    readonly source: string;
  };
  readonly destinations: {
    readonly byService: Readonly<Record<string, readonly string[]>>;
    readonly source: string;
  };
  readonly kmsEnvironment: {
    readonly needed: boolean;
    readonly actions: readonly string[];
    readonly source: string;
  };
  readonly eventSources: Readonly<
    Record<
      string,
      {
        readonly actions: readonly string[];
        readonly vpcActions?: readonly string[];
        readonly source: string;
      }
    >
  >;
}

/**
 * The permissions the Lambda service uses through a function's execution role, scoped
 * to the function's real resources: its log group, VPC interfaces, event-source pollers,
 * dead-letter and on-failure targets, X-Ray, and KMS where AWS documents the role needs it.
 */
export function lambdaRequirements(
  config: FunctionConfigurationJson,
  mappings: readonly EventSourceMappingJson[],
  needs: LambdaNeedsData,
): RequiredPermission[] {
  const out: RequiredPermission[] = [];
  const fnArn = config.FunctionArn ?? '';
  const [, partition = 'aws', , region = 'us-east-1', account = ''] = fnArn.split(':');
  const fn = config.FunctionName ?? fnArn.split(':')[6] ?? 'unknown';
  const functions = [fn];
  const add = (actions: readonly string[], resources: readonly string[], reason: string): void => {
    for (const action of actions) out.push({ action, resources, reason, functions });
  };

  const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn}`;
  const groupArn = arnOf('log-group', { partition, region, account }, group);
  add(needs.logs.groupActions, [groupArn], `Lambda writes ${fn}'s logs to ${group} (${needs.logs.source})`);
  add(
    needs.logs.streamActions,
    [`${groupArn}:log-stream:*`],
    `Lambda writes ${fn}'s logs to ${group} (${needs.logs.source})`,
  );

  if (config.VpcConfig?.SubnetIds?.length) {
    add(
      needs.vpc.actions,
      ['*'],
      `${fn} runs in ${config.VpcConfig.VpcId ?? 'a VPC'}: Lambda manages its network interfaces (${needs.vpc.source})`,
    );
  }
  if (config.TracingConfig?.Mode === 'Active') {
    add(
      needs.tracing.actions,
      ['*'],
      `${fn} has active tracing: Lambda sends its traces to X-Ray (${needs.tracing.source})`,
    );
  }
  const dlq = config.DeadLetterConfig?.TargetArn;
  if (dlq) {
    const service = serviceOfArn(dlq);
    const actions = service === 'sqs' ? needs.deadLetter.sqs : service === 'sns' ? needs.deadLetter.sns : [];
    add(actions, [dlq], `${fn}'s dead-letter target (${needs.deadLetter.source})`);
  }
  if (config.KMSKeyArn && needs.kmsEnvironment.needed) {
    add(
      needs.kmsEnvironment.actions,
      [config.KMSKeyArn],
      `${fn}'s environment is encrypted with this key (${needs.kmsEnvironment.source})`,
    );
  }

  for (const m of mappings) {
    if (m.FunctionArn && fnArn && !sameFunction(m.FunctionArn, fnArn)) continue;
    const source = m.EventSourceArn;
    const kind = m.SelfManagedEventSource ? 'selfManagedKafka' : source ? sourceKind(source) : undefined;
    const spec = kind ? needs.eventSources[kind] : undefined;
    if (spec) {
      const resources = kind === 'kinesis' && source ? kinesisResources(source) : source ? [source] : ['*'];
      const sourceService = source ? serviceOfArn(source) : undefined;
      const why = `event-source mapping ${m.UUID ?? ''} polls ${source ?? 'a self-managed source'} with the role (${spec.source})`;
      for (const action of spec.actions) {
        const service = action.slice(0, action.indexOf(':'));
        // Log writes are covered above (on the function's own group) and secrets come from
        // the mapping's SourceAccessConfigurations below; other services' actions (ENIs,
        // KMS) are needed on resources the configuration does not name.
        if (service === 'logs' || service === 'secretsmanager') continue;
        add([action], service === sourceService ? resources : ['*'], why);
      }
      if (spec.vpcActions?.length)
        add(
          spec.vpcActions,
          ['*'],
          `event-source mapping ${m.UUID ?? ''} reaches ${kind} in a VPC (${spec.source})`,
        );
    }
    for (const sac of m.SourceAccessConfigurations ?? []) {
      if (sac.URI?.startsWith('arn:') && serviceOfArn(sac.URI) === 'secretsmanager') {
        add(
          ['secretsmanager:GetSecretValue'],
          [sac.URI],
          `event-source mapping ${m.UUID ?? ''} authenticates with this secret`,
        );
      }
    }
    for (const dest of [
      m.DestinationConfig?.OnFailure?.Destination,
      m.DestinationConfig?.OnSuccess?.Destination,
    ]) {
      if (!dest) continue;
      const service = serviceOfArn(dest);
      const actions = needs.destinations.byService[service] ?? [];
      // An S3 destination is a bucket: objects are written under it.
      const resources = service === 's3' ? [dest, `${dest}/*`] : [dest];
      add(
        actions,
        resources,
        `event-source mapping ${m.UUID ?? ''} sends records to this destination (${needs.destinations.source})`,
      );
    }
  }
  return out;
}

function sourceKind(arn: string): string | undefined {
  const service = serviceOfArn(arn);
  if (service === 'sqs') return 'sqs';
  if (service === 'kinesis') return 'kinesis';
  if (service === 'dynamodb') return 'dynamodbStreams';
  if (service === 'kafka') return 'msk';
  if (service === 'mq') return 'mq';
  if (service === 'rds') return 'documentdb';
  return undefined;
}

// An enhanced fan-out consumer ARN (stream/S/consumer/C:123) needs both the consumer and its stream.
function kinesisResources(arn: string): string[] {
  const consumer = /^(arn:[^:]+:kinesis:[^:]+:[^:]+:stream\/[^/]+)\/consumer\//.exec(arn);
  return consumer ? [consumer[1] as string, arn] : [arn];
}

function sameFunction(a: string, b: string): boolean {
  const base = (x: string): string => x.split(':').slice(0, 7).join(':');
  return base(a) === base(b);
}

/** A permission Lambda may need through the role, known without the function's configuration. */
export interface LambdaNeed {
  readonly action: string;
  /** What Lambda uses it for: "logs", "VPC network interfaces", "the SQS poller", ... */
  readonly purpose: string;
}

const SOURCE_PURPOSE: Readonly<Record<string, string>> = {
  sqs: 'the SQS event-source poller',
  kinesis: 'the Kinesis event-source poller',
  dynamodbStreams: 'the DynamoDB Streams event-source poller',
  msk: 'the Amazon MSK event-source poller',
  selfManagedKafka: 'the self-managed Kafka event-source poller',
  mq: 'the Amazon MQ event-source poller',
  documentdb: 'the DocumentDB event-source poller',
};

/**
 * Everything Lambda may need through an execution role whose configuration is not known:
 * log writes, VPC interfaces, the event-source pollers, X-Ray, dead-letter and destination
 * targets. Tightening keeps these as granted (it never narrows them) until the functions'
 * configuration says which apply.
 */
export function lambdaPossibleNeeds(needs: LambdaNeedsData): LambdaNeed[] {
  const out = new Map<string, LambdaNeed>();
  const add = (actions: readonly string[], purpose: string): void => {
    for (const action of actions) {
      const key = action.toLowerCase();
      if (!out.has(key)) out.set(key, { action, purpose });
    }
  };
  add([...needs.logs.groupActions, ...needs.logs.streamActions], 'its logs');
  add(needs.vpc.actions, 'VPC network interfaces');
  add(needs.tracing.actions, 'X-Ray tracing');
  add([...needs.deadLetter.sqs, ...needs.deadLetter.sns], 'a dead-letter queue');
  for (const [kind, spec] of Object.entries(needs.eventSources)) {
    const purpose = SOURCE_PURPOSE[kind] ?? `the ${kind} event-source poller`;
    // A poller reads its source's secret with GetSecretValue, a management event under the
    // role: the evidence shows which secrets it reads, so those grants may narrow.
    add(
      spec.actions.filter((a) => !a.toLowerCase().startsWith('secretsmanager:')),
      purpose,
    );
    if (spec.vpcActions) add(spec.vpcActions, `${purpose} in a VPC`);
  }
  // S3 destinations exist only for Kafka event-source mappings' on-failure records; keeping
  // every s3:PutObject of every Lambda role for them would keep far more than it protects.
  for (const [service, actions] of Object.entries(needs.destinations.byService))
    if (service !== 's3') add(actions, 'an invocation destination');
  return [...out.values()];
}

import { arnOf } from '../../catalog/arn-of.js';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { EventSourceMappingJson, FunctionConfigurationJson } from '../../catalog/lambda-needs.js';
import { expression } from '../cloudformation/intrinsics.js';
import { parseTemplateDocument } from '../cloudformation/template-resources.js';
import { sourceOf } from '../cloudformation/locate-cloudformation.js';
import { lineNumbers } from '../text/positions.js';
import type { ResolveContext } from '../resolve-expression.js';
import type { Expression } from '../template-policy.js';
import type { LambdaFunctionFacts } from './function-facts.js';
import { createValueResolver, type ValueResolver } from './value-resolver.js';

// The service of each event-source kind, by SAM event Type and by CloudFormation resource type.
const SAM_EVENT_SERVICE: Readonly<Record<string, { key: string; service: string }>> = {
  SQS: { key: 'Queue', service: 'sqs' },
  Kinesis: { key: 'Stream', service: 'kinesis' },
  DynamoDB: { key: 'Stream', service: 'dynamodb' },
  MSK: { key: 'Stream', service: 'kafka' },
  MQ: { key: 'Broker', service: 'mq' },
  DocumentDB: { key: 'Cluster', service: 'rds' },
};
const RESOURCE_SERVICE: Readonly<Record<string, string>> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::SNS::Topic': 'sns',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::Kinesis::StreamConsumer': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::MSK::Cluster': 'kafka',
  'AWS::MSK::ServerlessCluster': 'kafka',
  'AWS::AmazonMQ::Broker': 'mq',
  'AWS::DocDB::DBCluster': 'rds',
  'AWS::SecretsManager::Secret': 'secretsmanager',
  'AWS::Lambda::Function': 'lambda',
  'AWS::Serverless::Function': 'lambda',
  'AWS::S3::Bucket': 's3',
  'AWS::Events::EventBus': 'events',
};

/**
 * The Lambda facts of a CloudFormation/SAM template: `AWS::Lambda::Function` and
 * `AWS::Serverless::Function` (with SAM `Globals.Function`), their event sources (SAM
 * `Events`, `AWS::Lambda::EventSourceMapping`), dead-letter targets, tracing, logging and
 * VPC configuration. A template that does not parse has none; nothing here throws.
 */
export function cloudFormationLambdaFacts(
  file: string,
  text: string,
  ctx: ResolveContext,
): LambdaFunctionFacts[] {
  const doc = parseTemplateDocument(text);
  const root = doc?.contents;
  if (!isMap(root)) return [];
  const resources = child(root, 'Resources');
  if (!isMap(resources)) return [];
  const globalsNode = child(root, 'Globals');
  const globals = isMap(globalsNode) ? child(globalsNode, 'Function') : undefined;
  const types = new Map<string, string>();
  for (const pair of resources.items) {
    const id = keyOf(pair.key);
    const type = isMap(pair.value) ? scalar(child(pair.value, 'Type')) : undefined;
    if (id && type) types.set(id, type);
  }
  const lineOf = lineNumbers(text);
  const out: Building[] = [];
  const reader = new Reader(text, types);

  for (const pair of resources.items) {
    const id = keyOf(pair.key);
    const type = id ? types.get(id) : undefined;
    if (
      !id ||
      !isMap(pair.value) ||
      (type !== 'AWS::Lambda::Function' && type !== 'AWS::Serverless::Function')
    )
      continue;
    const own = child(pair.value, 'Properties');
    const props = isMap(own) ? own : undefined;
    const sam = type === 'AWS::Serverless::Function';
    // SAM Globals apply where the function does not set the property itself.
    const prop = (key: string): Node | undefined =>
      (props ? child(props, key) : undefined) ?? (sam && isMap(globals) ? child(globals, key) : undefined);
    const v = createValueResolver(ctx);
    const notes: string[] = [];
    const config: FunctionConfigurationJson = reader.functionConfig(id, prop, sam, v, notes);
    const roleNode = prop('Role');
    const role = roleNode ? reader.roleOf(roleNode) : sam ? `${id}Role` : `(${id}: no Role)`;
    const mappings: EventSourceMappingJson[] = sam ? reader.samEvents(prop('Events'), v, notes) : [];
    const dlq = reader.deadLetter(prop, sam, v);
    out.push({
      file,
      format: 'cloudformation',
      function: id,
      line: lineOf(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0),
      role,
      config: dlq.arn ? { ...config, DeadLetterConfig: { TargetArn: dlq.arn } } : config,
      mappings,
      unresolved: v.unresolved,
      ...(dlq.unknown ? { deadLetterServiceUnknown: true } : {}),
      notes,
    });
  }

  // Event-source mappings declared on their own, tied to a function of this template.
  for (const pair of resources.items) {
    const id = keyOf(pair.key);
    if (!id || types.get(id) !== 'AWS::Lambda::EventSourceMapping' || !isMap(pair.value)) continue;
    const props = child(pair.value, 'Properties');
    if (!isMap(props)) continue;
    const fnNode = child(props, 'FunctionName');
    const target = fnNode ? functionTarget(fnNode, out) : undefined;
    if (!target) continue;
    // Placeholders go into the function's own table so its needs can name them.
    const v = createValueResolver(ctx, target.unresolved);
    const m = reader.mapping(id, props, v, target.notes);
    if (m) target.mappings.push(m);
  }
  return out;
}

function functionTarget(node: Node, functions: readonly Building[]): Building | undefined {
  const e = expression(node);
  if (e.kind === 'ref' || e.kind === 'getatt') {
    const id = e.kind === 'ref' ? e.name : e.resource;
    return functions.find((f) => f.function === id);
  }
  // A literal name or ARN names a function of the template by its FunctionName.
  const text = isScalar(node) ? String(node.value) : undefined;
  if (!text) return undefined;
  const name = text.startsWith('arn:') ? (text.split(':')[6] ?? '') : text;
  return functions.find((f) => f.config.FunctionName === name);
}

/** Facts still being filled in (mappings declared as resources come after the functions). */
type Building = LambdaFunctionFacts & {
  mappings: EventSourceMappingJson[];
  notes: string[];
  unresolved: Record<string, string>;
};

class Reader {
  constructor(
    private readonly text: string,
    private readonly types: ReadonlyMap<string, string>,
  ) {}

  functionConfig(
    id: string,
    prop: (key: string) => Node | undefined,
    sam: boolean,
    v: ValueResolver,
    notes: string[],
  ): FunctionConfigurationJson {
    const nameNode = prop('FunctionName');
    const name = nameNode
      ? v.name(expression(nameNode), id)
      : v.name({ kind: 'opaque', description: 'generated' }, id);
    const config: {
      -readonly [K in keyof FunctionConfigurationJson]: FunctionConfigurationJson[K];
    } = {
      FunctionName: name,
      FunctionArn: arnOf('lambda-function', v, name),
    };
    const vpc = prop('VpcConfig');
    if (isMap(vpc)) {
      const subnets = child(vpc, 'SubnetIds');
      const ids = isSeq(subnets)
        ? subnets.items.map((s) => sourceOf(this.text, s))
        : subnets
          ? [sourceOf(this.text, subnets)]
          : [];
      if (ids.length > 0) config.VpcConfig = { SubnetIds: ids };
    } else if (vpc) {
      // A VpcConfig from an expression (Fn::If, a parameter): it may put the function in a VPC.
      config.VpcConfig = { SubnetIds: [sourceOf(this.text, vpc)] };
      notes.push(`${id}: VpcConfig is an expression; its VPC needs are kept`);
    }
    if (sam) {
      const tracing = scalar(prop('Tracing'));
      if (tracing === 'Active') config.TracingConfig = { Mode: 'Active' };
      else if (prop('Tracing') && tracing === undefined) config.TracingConfig = { Mode: 'Active' };
    }
    const tracingConfig = prop('TracingConfig');
    if (isMap(tracingConfig)) {
      const mode = child(tracingConfig, 'Mode');
      const m = scalar(mode);
      // A Mode written as an expression may be Active: kept.
      if (m === 'Active' || (mode && m === undefined)) config.TracingConfig = { Mode: 'Active' };
    }
    const logging = prop('LoggingConfig');
    if (isMap(logging)) {
      const group = child(logging, 'LogGroup');
      if (group) config.LoggingConfig = { LogGroup: v.name(expression(group), sourceOf(this.text, group)) };
    }
    const kms = prop('KmsKeyArn');
    if (kms) {
      const arn = v.arn(expression(kms), sourceOf(this.text, kms), 'kms');
      if (arn) config.KMSKeyArn = arn;
    }
    return config;
  }

  roleOf(node: Node): string {
    const e = expression(node);
    if (e.kind === 'ref') return e.name;
    if (e.kind === 'getatt') return e.resource;
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    return sourceOf(this.text, node);
  }

  deadLetter(
    prop: (key: string) => Node | undefined,
    sam: boolean,
    v: ValueResolver,
  ): { arn?: string; unknown?: boolean } {
    const node = prop(sam ? 'DeadLetterQueue' : 'DeadLetterConfig');
    if (!isMap(node)) return {};
    const target = child(node, 'TargetArn');
    if (!target) return {};
    const samType = sam ? scalar(child(node, 'Type'))?.toLowerCase() : undefined;
    const service = samType === 'sqs' || samType === 'sns' ? samType : this.serviceOf(target);
    const arn = v.arn(expression(target), sourceOf(this.text, target), service);
    return arn ? { arn } : { unknown: true };
  }

  samEvents(events: Node | undefined, v: ValueResolver, notes: string[]): EventSourceMappingJson[] {
    if (!isMap(events)) return [];
    const out: EventSourceMappingJson[] = [];
    for (const pair of events.items) {
      const name = keyOf(pair.key) ?? '?';
      if (!isMap(pair.value)) continue;
      const type = scalar(child(pair.value, 'Type'));
      const propsNode = child(pair.value, 'Properties');
      const props = isMap(propsNode) ? propsNode : undefined;
      if (type === 'SelfManagedKafka') {
        out.push({
          UUID: name,
          SelfManagedEventSource: {
            Endpoints: {
              KAFKA_BOOTSTRAP_SERVERS: this.strings(props && child(props, 'KafkaBootstrapServers')),
            },
          },
          ...this.extras(props, v),
        });
        continue;
      }
      const spec = type && Object.hasOwn(SAM_EVENT_SERVICE, type) ? SAM_EVENT_SERVICE[type] : undefined;
      if (!spec) continue;
      const source = props ? child(props, spec.key) : undefined;
      const arn = source
        ? v.arn(expression(source), sourceOf(this.text, source), spec.service)
        : v.placeholder(spec.service, `${name}'s ${spec.key}`);
      if (!arn) notes.push(`${name}: event source not read`);
      out.push({ UUID: name, ...(arn ? { EventSourceArn: arn } : {}), ...this.extras(props, v) });
    }
    return out;
  }

  mapping(id: string, props: YAMLMap, v: ValueResolver, notes: string[]): EventSourceMappingJson | undefined {
    const sourceNode = child(props, 'EventSourceArn');
    const selfManaged = child(props, 'SelfManagedEventSource');
    if (!sourceNode && !selfManaged) return undefined;
    const base: EventSourceMappingJson = { UUID: id, ...this.extras(props, v) };
    if (selfManaged) {
      const endpoints = isMap(selfManaged) ? child(selfManaged, 'Endpoints') : undefined;
      const servers = isMap(endpoints) ? child(endpoints, 'KafkaBootstrapServers') : undefined;
      return {
        ...base,
        SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: this.strings(servers) } },
      };
    }
    const node = sourceNode as Node;
    const arn = v.arn(expression(node), sourceOf(this.text, node), this.serviceOf(node));
    if (!arn) {
      notes.push(
        `${id}: the event source ${sourceOf(this.text, node)} is of a kind iamtrim cannot tell; its poller needs are not added`,
      );
      return undefined;
    }
    return { ...base, EventSourceArn: arn };
  }

  /** DestinationConfig and SourceAccessConfigurations, shared by SAM events and mappings. */
  private extras(props: YAMLMap | undefined, v: ValueResolver): Partial<EventSourceMappingJson> {
    if (!props) return {};
    const out: { -readonly [K in keyof EventSourceMappingJson]: EventSourceMappingJson[K] } = {};
    const dest = child(props, 'DestinationConfig');
    const onFailure = isMap(dest) ? child(dest, 'OnFailure') : undefined;
    const destination = isMap(onFailure) ? child(onFailure, 'Destination') : undefined;
    if (destination && isMap(onFailure)) {
      const type = scalar(child(onFailure, 'Type'))?.toLowerCase();
      const service = type && /^(sqs|sns|s3|lambda|events)$/.test(type) ? type : this.serviceOf(destination);
      const arn = v.arn(expression(destination), sourceOf(this.text, destination), service);
      if (arn) out.DestinationConfig = { OnFailure: { Destination: arn } };
    }
    const access = child(props, 'SourceAccessConfigurations');
    if (isSeq(access)) {
      const list: { Type?: string; URI?: string }[] = [];
      for (const item of access.items) {
        if (!isMap(item)) continue;
        const type = scalar(child(item, 'Type'));
        const uri = child(item, 'URI');
        // Subnets and security groups are ids; the other kinds name a secret.
        if (!uri || !type || /^VPC_|^VIRTUAL_HOST$/.test(type)) continue;
        const arn = v.arn(expression(uri), sourceOf(this.text, uri), 'secretsmanager');
        if (arn) list.push({ Type: type, URI: arn });
      }
      if (list.length) out.SourceAccessConfigurations = list;
    }
    return out;
  }

  /** The service of the resource a value points at (`!GetAtt Queue.Arn` → sqs), if the template says. */
  serviceOf(node: Node): string | undefined {
    const e: Expression = expression(node);
    const id = e.kind === 'getatt' ? e.resource : e.kind === 'ref' ? e.name : undefined;
    const type = id ? this.types.get(id) : undefined;
    if (type && Object.hasOwn(RESOURCE_SERVICE, type)) return RESOURCE_SERVICE[type];
    const text = isScalar(node) ? String(node.value) : '';
    const m =
      /^arn:[^:]*:([a-z0-9-]+):/.exec(text) ??
      /arn:\$\{AWS::Partition\}:([a-z0-9-]+):/.exec(sourceOf(this.text, node));
    return m?.[1];
  }

  private strings(node: Node | undefined): string[] {
    if (isSeq(node)) return node.items.map((i) => (isScalar(i) ? String(i.value) : sourceOf(this.text, i)));
    return node ? [sourceOf(this.text, node)] : [];
  }
}

function child(map: YAMLMap, key: string): Node | undefined {
  for (const p of map.items) if (keyOf(p.key) === key) return (p.value ?? undefined) as Node | undefined;
  return undefined;
}

function keyOf(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function scalar(node: unknown): string | undefined {
  return isScalar(node) && !(node as { tag?: string }).tag && typeof node.value === 'string'
    ? node.value
    : undefined;
}

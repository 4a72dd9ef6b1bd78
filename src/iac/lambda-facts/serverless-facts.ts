import { arnOf } from '../../catalog/arn-of.js';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { EventSourceMappingJson, FunctionConfigurationJson } from '../../catalog/lambda-needs.js';
import { parseTemplateDocument, templateResources } from '../cloudformation/template-resources.js';
import { sourceOf } from '../cloudformation/locate-cloudformation.js';
import { expression } from '../cloudformation/intrinsics.js';
import { columnOf, lineNumbers } from '../text/positions.js';
import type { ResolveContext } from '../resolve-expression.js';
import type { Expression } from '../template-policy.js';
import { serverlessParts } from '../serverless/serverless-variables.js';
import type { LambdaFunctionFacts } from './function-facts.js';
import { createValueResolver, type ValueResolver } from './value-resolver.js';

// Plugins that give a function its own role from `functions.<name>.iamRoleStatements`
// (the same list the policy locator reads).
const PER_FUNCTION_PLUGINS = /iam-roles-per-function|custom-roles|granular-iam/;

// Secrets among a self-managed Kafka event's accessConfigurations (the others are ids).
const KAFKA_SECRET_KEYS = /auth|certificate/i;

/**
 * The Lambda facts of a Serverless Framework service: per function, `vpc` (or
 * `provider.vpc`), `tracing` (or `provider.tracing.lambda`), `onError`, `logs.logGroup`
 * (or `provider.logs.lambda.logGroup`), and the `sqs`, `stream`, `msk`, `activemq`,
 * `rabbitmq` and `kafka` events. Nothing here throws.
 */
export function serverlessLambdaFacts(
  file: string,
  text: string,
  given: ResolveContext,
): LambdaFunctionFacts[] {
  const doc = parseTemplateDocument(text);
  const root = doc?.contents;
  if (!isMap(root)) return [];
  const ctx = withServiceResources(given, text, root);
  const providerNode = child(root, 'provider');
  const provider = isMap(providerNode) ? providerNode : undefined;
  const functions = child(root, 'functions');
  if (!isMap(functions)) return [];
  const plugins = child(root, 'plugins');
  const pluginList = isSeq(plugins) ? plugins : isMap(plugins) ? child(plugins, 'modules') : undefined;
  const perFunctionRoles =
    isSeq(pluginList) &&
    pluginList.items.some((p) => isScalar(p) && PER_FUNCTION_PLUGINS.test(String(p.value)));
  const service =
    plain(child(root, 'service')) ??
    (isMap(child(root, 'service')) ? plain(child(child(root, 'service') as YAMLMap, 'name')) : undefined);
  const stage = (provider && plain(child(provider, 'stage'))) ?? 'dev';
  const lineOf = lineNumbers(text);
  const out: LambdaFunctionFacts[] = [];

  for (const pair of functions.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (!key || !isMap(pair.value)) continue;
    const fn = pair.value;
    const v = createValueResolver(ctx);
    const notes: string[] = [];
    const read = new Reader(text, v);
    const nameNode = child(fn, 'name');
    const name = nameNode
      ? v.name(read.expression(nameNode), key)
      : service && stage && !service.includes('${') && !stage.includes('${')
        ? `${service}-${stage}-${key}`
        : v.name({ kind: 'opaque', description: 'generated' }, key);
    const config: { -readonly [K in keyof FunctionConfigurationJson]: FunctionConfigurationJson[K] } = {
      FunctionName: name,
      FunctionArn: arnOf('lambda-function', v, name),
    };
    const vpc = child(fn, 'vpc') ?? (provider ? child(provider, 'vpc') : undefined);
    if (vpc && !isNullNode(vpc)) {
      const subnets = isMap(vpc) ? child(vpc, 'subnetIds') : vpc;
      const ids = isSeq(subnets)
        ? subnets.items.map((s) => sourceOf(text, s))
        : subnets
          ? [sourceOf(text, subnets)]
          : [];
      if (ids.length) config.VpcConfig = { SubnetIds: ids };
    }
    const providerTracing = provider ? child(provider, 'tracing') : undefined;
    const tracing =
      child(fn, 'tracing') ?? (isMap(providerTracing) ? child(providerTracing, 'lambda') : undefined);
    if (tracing && isActive(tracing)) config.TracingConfig = { Mode: 'Active' };
    const providerLogs = provider ? child(provider, 'logs') : undefined;
    const providerLambdaLogs = isMap(providerLogs) ? child(providerLogs, 'lambda') : undefined;
    const logs = child(fn, 'logs');
    const group =
      (isMap(logs) ? child(logs, 'logGroup') : undefined) ??
      (isMap(providerLambdaLogs) ? child(providerLambdaLogs, 'logGroup') : undefined);
    if (group) config.LoggingConfig = { LogGroup: v.name(read.expression(group), sourceOf(text, group)) };
    let deadLetterServiceUnknown = false;
    const onError = child(fn, 'onError');
    if (onError) {
      const arn = v.arn(read.expression(onError), sourceOf(text, onError));
      if (arn) config.DeadLetterConfig = { TargetArn: arn };
      else deadLetterServiceUnknown = true;
    }
    const events = child(fn, 'events');
    const mappings = isSeq(events)
      ? events.items.flatMap((e, i) => read.event(e, `${key}.events[${i}]`, notes))
      : [];

    const ownRole = child(fn, 'role');
    const role = ownRole
      ? read.roleOf(ownRole)
      : perFunctionRoles && (child(fn, 'iamRoleStatements') || child(fn, 'iamRoleStatementsName'))
        ? key
        : 'provider';
    out.push({
      file,
      format: 'serverless',
      function: key,
      line: lineOf(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0),
      role,
      config,
      mappings,
      unresolved: v.unresolved,
      ...(deadLetterServiceUnknown ? { deadLetterServiceUnknown } : {}),
      notes,
    });
  }
  return out;
}

/**
 * The CloudFormation resources of `resources.Resources`, so that `Fn::GetAtt: [Queue, Arn]`
 * resolves like it does in a CloudFormation template (read by the same reader, from the
 * section's own text at its own column).
 */
function withServiceResources(ctx: ResolveContext, text: string, root: YAMLMap): ResolveContext {
  const section = child(root, 'resources');
  const range = isMap(section) ? section.range : undefined;
  if (!range) return ctx;
  const declared = new Map(ctx.templateResources);
  const start = range[0];
  for (const [id, r] of templateResources(' '.repeat(columnOf(text, start)) + text.slice(start, range[1])))
    if (!declared.has(id)) declared.set(id, r);
  return { ...ctx, templateResources: declared };
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly v: ValueResolver,
  ) {}

  /** A value as an expression: CloudFormation intrinsics, and `${...}` variables as references. */
  expression(node: Node): Expression {
    if (
      isScalar(node) &&
      !(node as { tag?: string }).tag &&
      typeof node.value === 'string' &&
      node.value.includes('${')
    )
      return { kind: 'sub', parts: serverlessParts(node.value) };
    return expression(node);
  }

  roleOf(node: Node): string {
    const e = this.expression(node);
    if (e.kind === 'getatt') return e.resource;
    if (e.kind === 'ref') return e.name;
    return isScalar(node) ? String(node.value) : sourceOf(this.text, node);
  }

  event(item: unknown, where: string, notes: string[]): EventSourceMappingJson[] {
    if (!isMap(item) || item.items.length !== 1) return [];
    const pair = item.items[0];
    const kind = pair && isScalar(pair.key) ? String(pair.key.value) : '';
    const body = pair?.value as Node | undefined;
    const map = isMap(body) ? body : undefined;
    const field = (k: string): Node | undefined => (map ? child(map, k) : undefined);
    const arnOf = (node: Node | undefined, service: string | undefined, label: string): string | undefined =>
      node
        ? this.v.arn(this.expression(node), sourceOf(this.text, node), service)
        : service
          ? this.v.placeholder(service, label)
          : undefined;
    const uuid = `${where} (${kind})`;
    switch (kind) {
      case 'sqs': {
        const arn = arnOf(map ? field('arn') : body, 'sqs', uuid);
        return arn ? [{ UUID: uuid, EventSourceArn: arn }] : [];
      }
      case 'stream': {
        const arnNode = map ? field('arn') : body;
        const type = plain(field('type'));
        const service = type === 'dynamodb' ? 'dynamodb' : type === 'kinesis' ? 'kinesis' : undefined;
        const arn = arnOf(arnNode, service, uuid);
        if (!arn) {
          notes.push(
            `${uuid}: a stream of unknown kind (no type, and its arn does not say); its poller needs are not added`,
          );
          return [];
        }
        const m: EventSourceMappingJson = { UUID: uuid, EventSourceArn: arn };
        const dest = field('destinations');
        const onFailure = isMap(dest) ? child(dest, 'onFailure') : undefined;
        if (onFailure) {
          const target = isMap(onFailure) ? child(onFailure, 'arn') : onFailure;
          const dtype = isMap(onFailure) ? plain(child(onFailure, 'type')) : undefined;
          const d = target
            ? this.v.arn(this.expression(target), sourceOf(this.text, target), dtype)
            : undefined;
          if (d) return [{ ...m, DestinationConfig: { OnFailure: { Destination: d } } }];
        }
        return [m];
      }
      case 'msk': {
        const arn = arnOf(field('arn'), 'kafka', uuid);
        return arn ? [{ UUID: uuid, EventSourceArn: arn }] : [];
      }
      case 'activemq':
      case 'rabbitmq': {
        const arn = arnOf(field('arn'), 'mq', uuid);
        const secret = field('basicAuthArn');
        const uri = secret
          ? this.v.arn(this.expression(secret), sourceOf(this.text, secret), 'secretsmanager')
          : undefined;
        return arn
          ? [
              {
                UUID: uuid,
                EventSourceArn: arn,
                ...(uri ? { SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: uri }] } : {}),
              },
            ]
          : [];
      }
      case 'kafka': {
        const servers = field('bootstrapServers');
        const access = field('accessConfigurations');
        const secrets: { Type?: string; URI?: string }[] = [];
        if (isMap(access))
          for (const p of access.items) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            if (!KAFKA_SECRET_KEYS.test(k)) continue;
            const values = isSeq(p.value) ? p.value.items : [p.value];
            for (const val of values) {
              const uri = val
                ? this.v.arn(this.expression(val as Node), sourceOf(this.text, val), 'secretsmanager')
                : undefined;
              if (uri) secrets.push({ Type: k, URI: uri });
            }
          }
        return [
          {
            UUID: uuid,
            SelfManagedEventSource: {
              Endpoints: {
                KAFKA_BOOTSTRAP_SERVERS: isSeq(servers)
                  ? servers.items.map((s) => sourceOf(this.text, s))
                  : servers
                    ? [sourceOf(this.text, servers)]
                    : [],
              },
            },
            ...(secrets.length ? { SourceAccessConfigurations: secrets } : {}),
          },
        ];
      }
      default:
        return [];
    }
  }
}

function isActive(node: Node): boolean {
  if (isScalar(node))
    return (
      node.value === true ||
      node.value === 'Active' ||
      node.value === 'true' ||
      // A variable may be Active: kept.
      (typeof node.value === 'string' && node.value.includes('${'))
    );
  // A variable or expression may be Active: kept.
  return true;
}

function isNullNode(node: Node): boolean {
  return isScalar(node) && (node.value === null || node.value === false);
}

function child(map: YAMLMap, key: string): Node | undefined {
  for (const p of map.items)
    if (isScalar(p.key) && String(p.key.value) === key) return (p.value ?? undefined) as Node | undefined;
  return undefined;
}

function plain(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

import { arnOf, type ArnScope } from '../catalog/arn-of.js';
import { ownValue } from '../catalog/own-value.js';
import type { StackResource } from '../model/stack-resource.js';
import type { Expression } from './template-policy.js';

// Stack resources are shared with aws/ (which must not import iac/), so they live in model/.
export { stackResourceMap, type StackResource, type StackResourceRow } from '../model/stack-resource.js';

/** What is known for turning template expressions into ARNs. */
export interface ResolveContext {
  readonly partition: string;
  /** Undefined when unknown: then `*` stands in, for matching only. */
  readonly region: string | undefined;
  readonly account: string | undefined;
  /** --param values and template parameter defaults. */
  readonly params: Readonly<Record<string, string>>;
  readonly stackResources: ReadonlyMap<string, StackResource>;
  /** Resources declared in the template, by logical id: type, and name when written. */
  readonly templateResources: ReadonlyMap<
    string,
    { readonly type: string; readonly name?: Expression | string }
  >;
}

/** An expression's value for matching evidence: exact when every part was known. */
export type Resolved = { readonly value: string; readonly exact: boolean } | undefined;

/**
 * Evaluates a template expression to the ARN (or ARN pattern) it stands for: physical ids
 * from the stack, parameters, pseudo parameters, and, when nothing more is known, the
 * shape CloudFormation gives generated names (`<stack>-<LogicalId>-<suffix>`). The result
 * is only ever used to match evidence; the template keeps the expression as written.
 */
export function resolveExpression(e: Expression, ctx: ResolveContext): Resolved {
  switch (e.kind) {
    case 'ref':
      return resolveRef(e.name, ctx);
    case 'getatt':
      return resolveGetAtt(e.resource, e.attribute, ctx);
    case 'sub':
    case 'join': {
      const delimiter = e.kind === 'join' ? e.delimiter : '';
      let exact = true;
      const pieces: string[] = [];
      for (const p of e.parts) {
        if (typeof p === 'string') pieces.push(p);
        else {
          const r = resolveExpression(p, ctx);
          if (!r) {
            pieces.push('*');
            exact = false;
          } else {
            pieces.push(r.value);
            exact &&= r.exact;
          }
        }
      }
      const value = pieces.join(delimiter);
      // A value that is nothing but wildcards says nothing: leave it unresolved.
      if (!/[^*]/.test(value.replace(/[:/]/g, ''))) return undefined;
      return { value, exact };
    }
    case 'opaque':
      return undefined;
  }
}

const PSEUDO: Record<string, (ctx: ResolveContext) => string | undefined> = {
  'AWS::Partition': (c) => c.partition,
  'AWS::Region': (c) => c.region,
  'AWS::AccountId': (c) => c.account,
  'AWS::URLSuffix': (c) => (c.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'),
  // Serverless Framework variables for the same facts.
  'aws:region': (c) => c.region,
  'aws:accountId': (c) => c.account,
  'aws:partition': (c) => c.partition,
};

/** A pseudo parameter's value (`AWS::Region`, `aws:accountId`); undefined when unknown or not one. */
export function pseudoParameter(name: string, ctx: ResolveContext): string | undefined {
  return Object.hasOwn(PSEUDO, name) ? PSEUDO[name]?.(ctx) : undefined;
}

function resolveRef(name: string, ctx: ResolveContext): Resolved {
  if (Object.hasOwn(PSEUDO, name)) {
    const v = pseudoParameter(name, ctx);
    return v ? { value: v, exact: true } : { value: '*', exact: false };
  }
  // Names come from the template: `!Ref toString` must not find Object.prototype's.
  const param = ownValue(ctx.params, name) ?? ownValue(ctx.params, name.replace(/^var\./, ''));
  if (param !== undefined) return { value: param, exact: true };
  const deployed = ctx.stackResources.get(name);
  if (deployed) return { value: refValue(deployed), exact: true };
  const declared = ctx.templateResources.get(name);
  if (declared) return guessRef(name, declared.type, ctx);
  return undefined;
}

function resolveGetAtt(resource: string, attribute: string, ctx: ResolveContext): Resolved {
  const deployed = ctx.stackResources.get(resource);
  const declared = ctx.templateResources.get(resource);
  const type = deployed?.type ?? declared?.type ?? terraformType(resource);
  if (!type) return undefined;
  const attr = attribute.toLowerCase();
  if (attr !== 'arn' && attr !== 'streamarn' && attr !== 'stream_arn') {
    // Names and ids (Ref-like attributes) resolve like Ref; anything else is unknown.
    if (attr === 'name' || attr === 'id' || attr === 'queuename' || attr === 'topicname')
      return resolveRef(resource, ctx);
    return undefined;
  }
  const name = deployed ? refValue(deployed) : declaredName(declared?.name, ctx);
  const arn = arnFor(type, name, resource, ctx);
  if (!arn) return undefined;
  if (attr === 'streamarn' || attr === 'stream_arn') return { value: `${arn.value}/stream/*`, exact: false };
  return arn;
}

/** What `Ref` returns for a deployed resource: the physical id. */
function refValue(r: StackResource): string {
  return r.physicalId;
}

/** A name property written in the template, when it evaluates exactly. */
function declaredName(name: Expression | string | undefined, ctx: ResolveContext): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name === 'string') return name;
  const r = resolveExpression(name, ctx);
  return r?.exact ? r.value : undefined;
}

function guessRef(logicalId: string, type: string, ctx: ResolveContext): Resolved {
  const declared = ctx.templateResources.get(logicalId);
  const named = declaredName(declared?.name, ctx);
  // Ref of most types returns the name: with a written name, that is exact.
  if (
    named &&
    ![
      'AWS::SNS::Topic',
      'AWS::StepFunctions::StateMachine',
      'AWS::SecretsManager::Secret',
      'AWS::SQS::Queue',
    ].includes(type)
  ) {
    return { value: named, exact: true };
  }
  const arn = arnFor(type, named, logicalId, ctx);
  if (!arn) return undefined;
  // Ref of these types returns the ARN itself.
  if (
    type === 'AWS::SNS::Topic' ||
    type === 'AWS::StepFunctions::StateMachine' ||
    type === 'AWS::SecretsManager::Secret'
  )
    return arn;
  return undefined;
}

/**
 * The ARN of a resource of a CloudFormation (or Terraform) type. With a physical name it
 * is exact; without one it is the pattern of a generated name, `*<LogicalId>*`.
 */
function arnFor(
  type: string,
  physical: string | undefined,
  logicalId: string,
  ctx: ResolveContext,
): Resolved {
  const scope: ArnScope = {
    partition: ctx.partition,
    region: ctx.region ?? '*',
    account: ctx.account ?? '*',
  };
  const exact = physical !== undefined && ctx.region !== undefined && ctx.account !== undefined;
  const name = physical ?? `*${logicalId.split('.').pop()}*`;
  const t = normalizeType(type);
  const make = (value: string, global = false): Resolved => ({
    value,
    exact: physical !== undefined && (global || exact),
  });
  switch (t) {
    case 'dynamodb-table':
      return make(arnOf('dynamodb-table', scope, name));
    case 's3-bucket':
      return make(arnOf('s3-bucket', scope, name), true);
    case 'sqs-queue': {
      const url = physical && /^https?:\/\/[^/]+\/(\d{12})\/([^/]+)$/.exec(physical);
      if (url)
        return {
          value: arnOf('sqs-queue', { ...scope, account: url[1] as string }, url[2] as string),
          exact: ctx.region !== undefined,
        };
      return make(arnOf('sqs-queue', scope, name));
    }
    case 'sns-topic':
      return physical?.startsWith('arn:')
        ? { value: physical, exact: true }
        : make(arnOf('sns-topic', scope, name));
    case 'lambda-function':
      return make(arnOf('lambda-function', scope, name));
    case 'states':
      return physical?.startsWith('arn:')
        ? { value: physical, exact: true }
        : make(arnOf('state-machine', scope, name));
    case 'secret':
      return physical?.startsWith('arn:')
        ? { value: physical, exact: true }
        : make(arnOf('secret', scope, name));
    case 'kms-key':
      return make(arnOf('kms-key', scope, name));
    case 'kinesis-stream':
      return make(arnOf('kinesis-stream', scope, name));
    case 'event-bus':
      return make(arnOf('event-bus', scope, name));
    case 'iam-role':
      return make(arnOf('iam-role', scope, physical ? name : `*${logicalId}*`));
    case 'log-group':
      return make(arnOf('log-group', scope, name));
    case 'ssm-parameter':
      return make(arnOf('ssm-parameter', scope, name.replace(/^\//, '')));
    default:
      return undefined;
  }
}

const TYPES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'dynamodb-table',
  'AWS::DynamoDB::GlobalTable': 'dynamodb-table',
  'AWS::Serverless::SimpleTable': 'dynamodb-table',
  'AWS::S3::Bucket': 's3-bucket',
  'AWS::SQS::Queue': 'sqs-queue',
  'AWS::SNS::Topic': 'sns-topic',
  'AWS::Lambda::Function': 'lambda-function',
  'AWS::Serverless::Function': 'lambda-function',
  'AWS::StepFunctions::StateMachine': 'states',
  'AWS::Serverless::StateMachine': 'states',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::KMS::Key': 'kms-key',
  'AWS::Kinesis::Stream': 'kinesis-stream',
  'AWS::Events::EventBus': 'event-bus',
  'AWS::IAM::Role': 'iam-role',
  'AWS::Logs::LogGroup': 'log-group',
  'AWS::SSM::Parameter': 'ssm-parameter',
  aws_dynamodb_table: 'dynamodb-table',
  aws_s3_bucket: 's3-bucket',
  aws_sqs_queue: 'sqs-queue',
  aws_sns_topic: 'sns-topic',
  aws_lambda_function: 'lambda-function',
  aws_sfn_state_machine: 'states',
  aws_secretsmanager_secret: 'secret',
  aws_kms_key: 'kms-key',
  aws_kinesis_stream: 'kinesis-stream',
  aws_cloudwatch_event_bus: 'event-bus',
  aws_iam_role: 'iam-role',
  aws_cloudwatch_log_group: 'log-group',
  aws_ssm_parameter: 'ssm-parameter',
};

function normalizeType(type: string): string | undefined {
  return ownValue(TYPES, type);
}

/** `aws_dynamodb_table.orders` → `aws_dynamodb_table`. */
function terraformType(address: string): string | undefined {
  const t = address.split('.')[0];
  return t && ownValue(TYPES, t) ? t : undefined;
}

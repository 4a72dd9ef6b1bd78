import { arnOf, type ArnScope } from '../catalog/arn-of.js';
import { ownValue } from '../catalog/own-value.js';
import type { StackResource } from '../model/stack-resource.js';
import {
  attributeValue,
  isTerraformType,
  returnValuesOf,
  type ReturnedValue,
  type ReturnValues,
} from './return-values.js';
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
  // What Ref returns for a deployed resource: its physical id, whatever the type.
  const deployed = ctx.stackResources.get(name);
  if (deployed) return { value: deployed.physicalId, exact: true };
  const declared = ctx.templateResources.get(name);
  if (declared) return guessRef(name, declared.type, ctx);
  return undefined;
}

function resolveGetAtt(resource: string, attribute: string, ctx: ResolveContext): Resolved {
  const type = typeOf(resource, ctx);
  const what = type ? attributeValue(type, attribute) : undefined;
  return type && what ? returned(what, type, resource, ctx) : undefined;
}

/** A resource's type: deployed, declared, or a Terraform address's own (`aws_sqs_queue.jobs`). */
function typeOf(logicalId: string, ctx: ResolveContext): string | undefined {
  const known = ctx.stackResources.get(logicalId)?.type ?? ctx.templateResources.get(logicalId)?.type;
  if (known) return known;
  const t = logicalId.split('.')[0];
  return t && isTerraformType(t) ? t : undefined;
}

// The resources whose name property is being evaluated, innermost last: a name that refers
// to its own resource (`QueueName: !Sub '${Queue.QueueName}-2'`, any cycle) is unknown
// rather than endless recursion. Resolution is synchronous, so one set serves every call.
const naming = new Set<string>();

/** A resource's name property written in the template, when it evaluates exactly. */
function declaredName(logicalId: string, ctx: ResolveContext): string | undefined {
  const name = ctx.templateResources.get(logicalId)?.name;
  if (name === undefined) return undefined;
  if (typeof name === 'string') return name;
  if (naming.has(logicalId)) return undefined;
  naming.add(logicalId);
  try {
    const r = resolveExpression(name, ctx);
    return r?.exact ? r.value : undefined;
  } finally {
    naming.delete(logicalId);
  }
}

/** `Ref` of a resource declared in the template but not (known to be) deployed. */
function guessRef(logicalId: string, type: string, ctx: ResolveContext): Resolved {
  const row = returnValuesOf(type);
  return row ? returned(row.ref, type, logicalId, ctx) : undefined;
}

/**
 * One of a resource's return values (see return-values.ts): exact from the deployed
 * physical id or a written name, else the pattern of a generated name.
 */
function returned(what: ReturnedValue, type: string, logicalId: string, ctx: ResolveContext): Resolved {
  const row = returnValuesOf(type);
  if (!row) return undefined;
  const physical = ctx.stackResources.get(logicalId)?.physicalId;
  const name = physical !== undefined ? nameOf(physical, row.ref) : declaredName(logicalId, ctx);
  switch (what) {
    case 'name':
      return name !== undefined ? { value: name, exact: true } : undefined;
    case 'queue-url':
      // A URL is known only from the deployed stack (its host varies by partition and age).
      return physical !== undefined && row.ref === 'queue-url' ? { value: physical, exact: true } : undefined;
    case 'arn':
      return arnFor(row.arnKind, physical, name, logicalId, ctx);
    case 'log-group-arn': {
      // CloudFormation returns `<group ARN>:*`, which grants the group's own actions
      // (FilterLogEvents, DescribeLogStreams: CDK's grants use nothing else) as well as its
      // streams'. Evidence names the group as `<group ARN>` and a stream as
      // `<group ARN>:log-stream:<name>`, so matching takes `<group ARN>*`: both, and (wider
      // than IAM) groups whose names extend this one, which can only keep more.
      const arn = arnFor(row.arnKind, physical, name, logicalId, ctx);
      return arn && { value: `${arn.value}*`, exact: arn.exact };
    }
    case 'stream-arn': {
      const arn = arnFor(row.arnKind, physical, name, logicalId, ctx);
      // The stream's label is a creation timestamp, never written in the template.
      return arn && { value: `${arn.value}/stream/*`, exact: false };
    }
  }
}

/** The name in a physical id that is what `Ref` returns: the id itself, or the end of an ARN or URL. */
function nameOf(physical: string, ref: ReturnedValue): string {
  if (ref === 'queue-url') return physical.slice(physical.lastIndexOf('/') + 1);
  if (ref === 'arn' && physical.startsWith('arn:')) {
    const name = physical.slice(physical.lastIndexOf(':') + 1);
    // A secret's ARN ends in `-` and six random characters that are not part of its name.
    return physical.includes(':secretsmanager:') ? name.replace(/-[A-Za-z0-9]{6}$/, '') : name;
  }
  return physical;
}

/**
 * The ARN of a resource. From the deployed physical id or a written name it is exact (when
 * region and account are known); without either it is the pattern of a generated name,
 * `*<LogicalId>*`.
 */
function arnFor(
  kind: ReturnValues['arnKind'],
  physical: string | undefined,
  name: string | undefined,
  logicalId: string,
  ctx: ResolveContext,
): Resolved {
  if (physical?.startsWith('arn:')) return { value: physical, exact: true };
  const scope: ArnScope = {
    partition: ctx.partition,
    region: ctx.region ?? '*',
    account: ctx.account ?? '*',
  };
  const url = physical && /^https?:\/\/[^/]+\/(\d{12})\/([^/]+)$/.exec(physical);
  if (kind === 'sqs-queue' && url)
    return {
      value: arnOf('sqs-queue', { ...scope, account: url[1] as string }, url[2] as string),
      exact: ctx.region !== undefined,
    };
  const known = name !== undefined;
  const placed = ctx.region !== undefined && ctx.account !== undefined;
  let written = name ?? `*${logicalId.split('.').pop()}*`;
  // Parameter ARNs hold the name without its leading slash.
  if (kind === 'ssm-parameter') written = written.replace(/^\//, '');
  // A secret's ARN adds `-` and six random characters to the name it was given.
  if (kind === 'secret' && known) return { value: `${arnOf(kind, scope, written)}-??????`, exact: false };
  // Bucket ARNs name neither region nor account.
  return { value: arnOf(kind, scope, written), exact: known && (kind === 's3-bucket' || placed) };
}

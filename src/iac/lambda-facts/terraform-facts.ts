import { arnOf as namedArn } from '../../catalog/arn-of.js';
import type { EventSourceMappingJson, FunctionConfigurationJson } from '../../catalog/lambda-needs.js';
import { lineNumbers } from '../text/positions.js';
import type { ResolveContext } from '../resolve-expression.js';
import type { Expression, TemplateValue } from '../template-policy.js';
import { parseHclFile } from '../terraform/hcl-parser.js';
import {
  hclObjectFields,
  type Block as HclBlock,
  type BodyItem as HclBodyItem,
  type Expr as HclExpr,
} from '../terraform/hcl-syntax.js';
import { hclTemplateValue } from '../terraform/hcl-values.js';
import type { LambdaFunctionFacts } from './function-facts.js';
import { createValueResolver, literalExpression, type ValueResolver } from './value-resolver.js';

// How the lambda module is recognized: its registry source, or a local copy that takes its inputs.
const LAMBDA_MODULE_SOURCE =
  /(?:^|\/)terraform-aws-modules\/lambda\/aws(?:\/\/|\?|$)|terraform-aws-modules\/terraform-aws-lambda/;
const LAMBDA_MODULE_MARKERS = [
  'source_path',
  'handler',
  'local_existing_package',
  'image_uri',
  'create_package',
];

type Building = LambdaFunctionFacts & {
  mappings: EventSourceMappingJson[];
  deadLetterServiceUnknown?: boolean;
  notes: string[];
  unresolved: Record<string, string>;
};

/**
 * The Lambda facts of one Terraform file: `aws_lambda_function` (`role`, `function_name`,
 * `vpc_config`, `dead_letter_config`, `tracing_config`, `logging_config`),
 * `aws_lambda_event_source_mapping` tied to a function of the file, and the
 * terraform-aws-modules/lambda module (`vpc_subnet_ids`, `tracing_mode`,
 * `dead_letter_target_arn`, `logging_log_group`, `event_source_mapping`), whose role is
 * `module.<name>`. A file that is not valid HCL has none; nothing here throws.
 */
export function terraformLambdaFacts(
  file: string,
  text: string,
  given: ResolveContext,
): LambdaFunctionFacts[] {
  const body = parseHclFile(text);
  if (!body) return [];
  const ctx = withDeclaredNames(given, text, body);
  const lineOf = lineNumbers(text);
  const out: Building[] = [];
  const value = (e: HclExpr): { e: Expression; source: string } => {
    const tv: TemplateValue = hclTemplateValue(text, e);
    return { e: tv.kind === 'literal' ? literalExpression(tv.value) : tv.expression, source: tv.source };
  };
  const literal = (e: HclExpr | undefined): string | undefined => {
    if (!e) return undefined;
    const tv = hclTemplateValue(text, e);
    return tv.kind === 'literal' ? tv.value : undefined;
  };
  const arnOf = (v: ValueResolver, e: HclExpr | undefined, service?: string): string | undefined => {
    if (!e || isNull(text, e)) return undefined;
    const x = value(e);
    return v.arn(x.e, x.source, service);
  };
  const start = (
    name: string,
    address: string,
    block: HclBlock,
    role: string,
    v: ValueResolver,
    fnName: HclExpr | undefined,
  ): Building => {
    const x = fnName ? value(fnName) : undefined;
    const n = x ? v.name(x.e, name) : v.name({ kind: 'opaque', description: 'generated' }, name);
    return {
      file,
      format: 'terraform',
      function: address,
      line: lineOf(block.range[0]),
      role,
      config: {
        FunctionName: n,
        FunctionArn: namedArn('lambda-function', v, n),
      },
      mappings: [],
      unresolved: v.unresolved,
      notes: [],
    };
  };

  for (const block of topBlocks(body)) {
    const attrs = attributesOf(block);
    if (block.type === 'resource' && block.labels[0] === 'aws_lambda_function') {
      const address = `aws_lambda_function.${block.labels[1] ?? ''}`;
      const v = createValueResolver(ctx);
      const roleExpr = attrs.get('role');
      const role = roleExpr ? roleOf(text, roleExpr) : `(${address}: no role)`;
      const f = start(block.labels[1] ?? address, address, block, role, v, attrs.get('function_name'));
      const config = f.config as {
        -readonly [K in keyof FunctionConfigurationJson]: FunctionConfigurationJson[K];
      };
      for (const inner of nestedBlocks(block)) {
        const a = attributesOf(inner.block);
        if (inner.name === 'vpc_config') {
          const subnets = a.get('subnet_ids');
          // A dynamic block, or subnets from an expression, may put the function in a VPC: kept.
          if (inner.dynamic || (subnets && !isEmptyList(text, subnets)))
            config.VpcConfig = { SubnetIds: [subnets ? text.slice(...subnets.range) : 'dynamic'] };
        } else if (inner.name === 'tracing_config') {
          const mode = a.get('mode');
          const m = literal(mode);
          if (inner.dynamic || m === 'Active' || (mode && m === undefined))
            config.TracingConfig = { Mode: 'Active' };
        } else if (inner.name === 'dead_letter_config') {
          const target = a.get('target_arn');
          if (target) {
            const arn = arnOf(v, target);
            if (arn) config.DeadLetterConfig = { TargetArn: arn };
            else f.deadLetterServiceUnknown = true;
          } else if (inner.dynamic) f.deadLetterServiceUnknown = true;
        } else if (inner.name === 'logging_config') {
          const group = a.get('log_group');
          if (group) {
            const x = value(group);
            config.LoggingConfig = { LogGroup: v.name(x.e, x.source) };
          }
        }
      }
      out.push(f);
    } else if (block.type === 'module' && isLambdaModule(text, attrs)) {
      const address = `module.${block.labels[0] ?? ''}`;
      const v = createValueResolver(ctx);
      const f = start(block.labels[0] ?? address, address, block, address, v, attrs.get('function_name'));
      const config = f.config as {
        -readonly [K in keyof FunctionConfigurationJson]: FunctionConfigurationJson[K];
      };
      const subnets = attrs.get('vpc_subnet_ids');
      if (subnets && !isNull(text, subnets) && !isEmptyList(text, subnets))
        config.VpcConfig = { SubnetIds: [text.slice(...subnets.range)] };
      const mode = attrs.get('tracing_mode');
      const m = literal(mode);
      if (mode && !isNull(text, mode) && (m === 'Active' || m === undefined))
        config.TracingConfig = { Mode: 'Active' };
      const dlq = attrs.get('dead_letter_target_arn');
      if (dlq && !isNull(text, dlq)) {
        const arn = arnOf(v, dlq);
        if (arn) config.DeadLetterConfig = { TargetArn: arn };
        else f.deadLetterServiceUnknown = true;
      }
      const group = attrs.get('logging_log_group');
      if (group && !isNull(text, group)) {
        const x = value(group);
        config.LoggingConfig = { LogGroup: v.name(x.e, x.source) };
      }
      const esm = attrs.get('event_source_mapping');
      const entries = esm ? hclObjectFields(esm) : undefined;
      if (esm && !entries && !isNull(text, esm))
        f.notes.push(
          `${address}: event_source_mapping is an expression iamtrim does not read; its poller needs are not added`,
        );
      for (const [key, entry] of entries ?? []) {
        const fields = hclObjectFields(entry);
        if (!fields) continue;
        const m: { -readonly [K in keyof EventSourceMappingJson]: EventSourceMappingJson[K] } = {
          UUID: `${address}.event_source_mapping.${key}`,
        };
        const source = fields.get('event_source_arn');
        if (source) {
          const arn = arnOf(v, source);
          if (arn) m.EventSourceArn = arn;
          else
            f.notes.push(
              `${m.UUID}: its event source ${text.slice(...source.range)} is of a kind iamtrim cannot tell`,
            );
        }
        const self = fields.get('self_managed_event_source');
        if (self)
          m.SelfManagedEventSource = { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: [text.slice(...self.range)] } };
        const onFailure = fields.get('destination_arn_on_failure');
        const d = onFailure ? arnOf(v, onFailure) : undefined;
        if (d) m.DestinationConfig = { OnFailure: { Destination: d } };
        const access =
          fields.get('source_access_configuration') ?? fields.get('source_access_configurations');
        const list = access?.t === 'tuple' ? access.items : [];
        const sac = accessConfigurations(
          list.map((i) => hclObjectFields(i)),
          v,
          arnOf,
          literal,
        );
        if (sac.length) m.SourceAccessConfigurations = sac;
        if (m.EventSourceArn || m.SelfManagedEventSource) f.mappings.push(m);
      }
      out.push(f);
    }
  }

  for (const block of topBlocks(body)) {
    if (block.type !== 'resource' || block.labels[0] !== 'aws_lambda_event_source_mapping') continue;
    const attrs = attributesOf(block);
    const fnExpr = attrs.get('function_name');
    const target = fnExpr ? functionTarget(text, fnExpr, out, literal) : undefined;
    if (!target) continue;
    const v = createValueResolver(ctx, target.unresolved);
    const address = `aws_lambda_event_source_mapping.${block.labels[1] ?? ''}`;
    const m: { -readonly [K in keyof EventSourceMappingJson]: EventSourceMappingJson[K] } = { UUID: address };
    const source = attrs.get('event_source_arn');
    if (source) {
      const arn = arnOf(v, source);
      if (arn) m.EventSourceArn = arn;
      else
        target.notes.push(
          `${address}: its event source ${text.slice(...source.range)} is of a kind iamtrim cannot tell`,
        );
    }
    const sacs: (Map<string, HclExpr> | undefined)[] = [];
    for (const inner of nestedBlocks(block)) {
      const a = attributesOf(inner.block);
      if (inner.name === 'self_managed_event_source')
        m.SelfManagedEventSource = {
          Endpoints: {
            KAFKA_BOOTSTRAP_SERVERS: [
              a.get('endpoints') ? text.slice(...(a.get('endpoints') as HclExpr).range) : '?',
            ],
          },
        };
      else if (inner.name === 'destination_config') {
        for (const d of nestedBlocks(inner.block)) {
          if (d.name !== 'on_failure') continue;
          const arn = arnOf(v, attributesOf(d.block).get('destination_arn'));
          if (arn) m.DestinationConfig = { OnFailure: { Destination: arn } };
        }
      } else if (inner.name === 'source_access_configuration') sacs.push(a);
    }
    const sac = accessConfigurations(sacs, v, arnOf, literal);
    if (sac.length) m.SourceAccessConfigurations = sac;
    if (m.EventSourceArn || m.SelfManagedEventSource) target.mappings.push(m);
  }
  return out;
}

/**
 * The file's resources with a literal `name` (`aws_sqs_queue.uploads` named "uploads"),
 * so that `aws_sqs_queue.uploads.arn` resolves to its ARN.
 */
function withDeclaredNames(ctx: ResolveContext, text: string, body: readonly HclBodyItem[]): ResolveContext {
  const declared = new Map(ctx.templateResources);
  for (const block of topBlocks(body)) {
    const [type, label] = block.labels;
    if (block.type !== 'resource' || !type || !label) continue;
    const name = attributesOf(block).get('name');
    const tv = name ? hclTemplateValue(text, name) : undefined;
    if (tv?.kind === 'literal') declared.set(`${type}.${label}`, { type, name: tv.value });
  }
  return { ...ctx, templateResources: declared };
}

function accessConfigurations(
  items: readonly (Map<string, HclExpr> | undefined)[],
  v: ValueResolver,
  arnOf: (v: ValueResolver, e: HclExpr | undefined, service?: string) => string | undefined,
  literal: (e: HclExpr | undefined) => string | undefined,
): { Type?: string; URI?: string }[] {
  const out: { Type?: string; URI?: string }[] = [];
  for (const fields of items) {
    const type = literal(fields?.get('type'));
    // Subnets and security groups are ids; the other kinds name a secret.
    if (!fields || !type || /^VPC_|^VIRTUAL_HOST$/.test(type)) continue;
    const uri = arnOf(v, fields.get('uri'), 'secretsmanager');
    if (uri) out.push({ Type: type, URI: uri });
  }
  return out;
}

function functionTarget(
  text: string,
  e: HclExpr,
  functions: readonly Building[],
  literal: (e: HclExpr | undefined) => string | undefined,
): Building | undefined {
  const tv = hclTemplateValue(text, e);
  if (tv.kind === 'expression' && tv.expression.kind === 'getatt') {
    const resource = tv.expression.resource;
    return functions.find((f) => f.function === resource);
  }
  const name = literal(e);
  if (!name) return undefined;
  const bare = name.startsWith('arn:') ? (name.split(':')[6] ?? '') : name;
  return functions.find((f) => f.config.FunctionName === bare);
}

/** The role a function names: the `aws_iam_role.x` (or module) address, or the text written. */
function roleOf(text: string, e: HclExpr): string {
  const tv = hclTemplateValue(text, e);
  if (tv.kind === 'literal') return tv.value;
  if (tv.expression.kind === 'getatt') return tv.expression.resource;
  return tv.source;
}

function isLambdaModule(text: string, attrs: ReadonlyMap<string, HclExpr>): boolean {
  const source = attrs.get('source');
  const s = source ? text.slice(...source.range).replace(/^"|"$/g, '') : '';
  if (LAMBDA_MODULE_SOURCE.test(s)) return true;
  return attrs.has('function_name') && LAMBDA_MODULE_MARKERS.some((m) => attrs.has(m));
}

function topBlocks(body: readonly HclBodyItem[]): HclBlock[] {
  return body.filter((i): i is HclBlock => i.t === 'block');
}

function attributesOf(block: HclBlock): Map<string, HclExpr> {
  const out = new Map<string, HclExpr>();
  for (const item of block.body) if (item.t === 'attribute') out.set(item.name, item.expr);
  return out;
}

/** Nested blocks by name; a `dynamic "x"` block counts as `x` whose content is not known. */
function nestedBlocks(block: HclBlock): { name: string; block: HclBlock; dynamic: boolean }[] {
  return block.body.flatMap((i): { name: string; block: HclBlock; dynamic: boolean }[] => {
    if (i.t !== 'block') return [];
    if (i.type === 'dynamic') {
      const content = i.body.find((c): c is HclBlock => c.t === 'block' && c.type === 'content');
      return [{ name: i.labels[0] ?? '', block: content ?? i, dynamic: true }];
    }
    return [{ name: i.type, block: i, dynamic: false }];
  });
}

function isNull(text: string, e: HclExpr): boolean {
  return e.t === 'scalar' && text.slice(...e.range).trim() === 'null';
}

function isEmptyList(text: string, e: HclExpr): boolean {
  return e.t === 'tuple' && e.items.length === 0 && !!text;
}

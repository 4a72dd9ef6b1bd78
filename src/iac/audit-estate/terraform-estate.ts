import type { ResolveContext } from '../resolve-expression.js';
import { terraformLambdaFacts } from '../lambda-facts/terraform-facts.js';
import { UNRESOLVED_MARKER } from '../lambda-facts/function-facts.js';
import { terraformAssumers } from '../role-assumers.js';
import { parseHclFile } from '../terraform/hcl-parser.js';
import { hclObjectFields, literalOf, type Block, type BodyItem, type Expr } from '../terraform/hcl-syntax.js';
import { hclTemplateValue } from '../terraform/hcl-values.js';
import { stepName, unwrapInterpolation } from '../terraform/locate-context.js';
import { LineIndex } from '../text/positions.js';
import { commentSuppressions } from './comment-suppressions.js';
import { draftFunction, ensureRole, placeAt, type EstateDraft, type FunctionDraft } from './estate-draft.js';
import { invokePermission } from './invoke-permission.js';
import { trustsLambda } from './trusts-lambda.js';

/**
 * Reads a Terraform file for the audit: `aws_lambda_function` (role, `tracing_config.mode`,
 * `logging_config.log_group`) and the terraform-aws-modules/lambda module (as the Lambda
 * facts reader finds them), `aws_lambda_permission`, `aws_lambda_function_url`,
 * `aws_lambda_event_source_mapping`, `aws_iam_role` (name, trust), `aws_cloudwatch_log_group`,
 * and `# iamtrim:ignore <rule-id> <reason>` comments above a resource. Role policies are
 * placed by `locatePolicies`. Values are kept as written; a reference is never guessed.
 */
export function readTerraformFile(draft: EstateDraft, text: string, ctx: ResolveContext): void {
  const body = parseHclFile(text);
  if (!body) return;
  const lines = new LineIndex(text);
  const split = text.split('\n');
  const r = new TerraformReader(draft, text, lines, split);
  const blocks = body.filter((i): i is Block => i.t === 'block');
  const resources = (type: string): Block[] =>
    blocks.filter((b) => b.type === 'resource' && b.labels[0] === type && b.labels[1] !== undefined);

  const modules = new Map(
    blocks.filter((b) => b.type === 'module').map((b) => [`module.${b.labels[0] ?? ''}`, b]),
  );
  for (const facts of terraformLambdaFacts(draft.file, text, ctx)) {
    const f = draftFunction(facts.function, placeAt(draft.file, facts.line));
    const name = facts.config.FunctionName;
    if (name && !name.includes(UNRESOLVED_MARKER)) f.name = name;
    f.roleRef = facts.role;
    const module = modules.get(facts.function);
    if (module) r.module(f, module);
    draft.functions.set(f.id, f);
  }
  for (const b of resources('aws_lambda_function')) r.func(b);
  const assumers = terraformAssumers(text);
  for (const b of resources('aws_iam_role')) {
    const id = `aws_iam_role.${b.labels[1] ?? ''}`;
    const role = ensureRole(draft, id, r.place(b));
    role.place = r.place(b);
    role.declared = true;
    const name = attr(b, 'name');
    const literal = name ? literalOf(name) : undefined;
    if (literal !== undefined) role.name = literal;
    const trust = assumers.get(id);
    const trusted = trust ? trustsLambda(trust) : undefined;
    if (trusted !== undefined) role.trustsLambda = trusted;
    role.suppressions.push(...r.suppressions(b));
  }
  for (const b of resources('aws_lambda_permission')) r.permission(b);
  for (const b of resources('aws_lambda_function_url')) r.url(b);
  for (const b of resources('aws_lambda_event_source_mapping')) r.mapping(b);
  for (const b of resources('aws_cloudwatch_log_group')) r.logGroup(b);
  for (const type of ['aws_iam_role_policy', 'aws_iam_role_policy_attachment'])
    for (const b of resources(type)) r.roleSuppressions(b);
}

function attr(block: Block, name: string): Expr | undefined {
  let found: Expr | undefined;
  for (const item of block.body) if (item.t === 'attribute' && item.name === name) found = item.expr;
  return found;
}

/** Nested blocks named `name`, `dynamic "name"` ones included (their content is a template). */
function nested(block: Block, name: string): Block[] {
  return block.body.filter(
    (i: BodyItem): i is Block =>
      i.t === 'block' && (i.type === name || (i.type === 'dynamic' && i.labels[0] === name)),
  );
}

class TerraformReader {
  constructor(
    private readonly draft: EstateDraft,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly split: readonly string[],
  ) {}

  place(node: { readonly range: readonly [number, number] }): ReturnType<typeof placeAt> {
    return placeAt(this.draft.file, this.lines.line(node.range[0]));
  }

  suppressions(b: Block): ReturnType<typeof commentSuppressions> {
    return commentSuppressions(this.split, this.lines.line(b.range[0]), this.draft.file);
  }

  /** A value as written: a plain string as itself, anything else as its source (without the quotes). */
  value(e: Expr): string {
    const v = hclTemplateValue(this.text, e);
    if (v.kind === 'literal') return v.value;
    const source = v.source.replace(/\s+/g, ' ').trim();
    return /^"[^"]*"$/.test(source) ? source.slice(1, -1) : source;
  }

  private opt(b: Block, name: string): string | undefined {
    const e = attr(b, name);
    return e === undefined || this.isNull(e) ? undefined : this.value(e);
  }

  private isNull(e: Expr): boolean {
    return e.t === 'scalar' && this.text.slice(e.range[0], e.range[1]).trim() === 'null';
  }

  func(b: Block): void {
    const f = this.draft.functions.get(`aws_lambda_function.${b.labels[1] ?? ''}`);
    if (!f) return;
    const role = attr(b, 'role');
    if (role) f.roleText = this.value(role);
    for (const t of nested(b, 'tracing_config')) {
      const mode = attr(t, 'mode');
      if (mode) f.tracing = this.value(mode);
      else if (t.type === 'dynamic') f.tracing = 'dynamic "tracing_config"';
    }
    for (const l of nested(b, 'logging_config')) {
      const group = attr(l, 'log_group');
      if (group) f.customLogGroup = this.value(group);
    }
    f.suppressions.push(...this.suppressions(b));
  }

  /** The terraform-aws-modules/lambda inputs the audit reads. */
  module(f: FunctionDraft, b: Block): void {
    const tracing = this.opt(b, 'tracing_mode');
    if (tracing !== undefined) f.tracing = tracing;
    const group = this.opt(b, 'logging_log_group');
    if (group !== undefined) f.customLogGroup = group;
    const createRole = this.opt(b, 'create_role');
    const lambdaRole = this.opt(b, 'lambda_role');
    if (createRole === 'false' && lambdaRole !== undefined) {
      f.roleText = lambdaRole;
      f.roleRef = lambdaRole.replace(/^(aws_iam_role\.[^.]+)\..*$/, '$1');
    } else {
      // The module makes the function's role, trusted by Lambda, with its log policy.
      const role = ensureRole(this.draft, f.id, f.place);
      role.trustsLambda = true;
      role.declared = true;
      // ... and, unless told not to, a policy for writing the function's own log group.
      if (this.opt(b, 'attach_cloudwatch_logs_policy') !== 'false') {
        const group = `arn:\${data.aws_partition.current.partition}:logs:*:*:log-group:${
          this.opt(b, 'logging_log_group') ?? `/aws/lambda/${f.name ?? this.opt(b, 'function_name') ?? f.id}`
        }`;
        role.statements.push({
          policy: '(made by the module) log writes',
          index: 0,
          effect: 'Allow',
          actionKey: 'Action',
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          resourceKey: 'Resource',
          resources: [`${group}:*`, `${group}:*:*`],
          hasCondition: false,
          place: f.place,
        });
      }
    }
    if (this.opt(b, 'create_lambda_function_url') === 'true') {
      const cors = attr(b, 'cors');
      const fields = cors ? hclObjectFields(cors) : undefined;
      const origins = fields?.get('allow_origins');
      f.url = {
        // The module's default authorization is NONE.
        authType: this.opt(b, 'authorization_type') ?? 'NONE',
        ...(origins ? { allowOrigins: this.list(origins) } : {}),
        place: this.place(attr(b, 'create_lambda_function_url') ?? b),
      };
    }
    const triggers = attr(b, 'allowed_triggers');
    for (const [, entry] of (triggers && hclObjectFields(triggers)) ?? []) {
      const t = hclObjectFields(entry);
      if (!t) continue;
      const text = (k: string): string | undefined => {
        const e = t.get(k);
        return e === undefined || this.isNull(e) ? undefined : this.value(e);
      };
      const service = text('service');
      const principal = text('principal') ?? (service ? `${service}.amazonaws.com` : '');
      const fields = {
        sourceArn: text('source_arn'),
        sourceAccount: text('source_account'),
        principalOrgId: text('principal_org_id'),
        functionUrlAuthType: text('function_url_auth_type'),
        eventSourceToken: text('event_source_token'),
      };
      f.permissions.push(
        invokePermission(principal, text('action') ?? 'lambda:InvokeFunction', fields, this.place(entry)),
      );
      // A service trigger is a configured invoker, as a SAM event is; any other principal is a grant.
      if (service || /\.amazonaws\.com$/.test(principal)) f.invokers.push(principal);
    }
    const retention = attr(b, 'cloudwatch_logs_retention_in_days');
    if (this.opt(b, 'use_existing_cloudwatch_log_group') !== 'true' && group === undefined)
      this.addLogGroup(`/aws/lambda/${f.name ?? this.opt(b, 'function_name') ?? f.id}`, retention, b);
    f.suppressions.push(...this.suppressions(b));
    f.roleRef ??= f.id;
  }

  private list(e: Expr): string[] {
    return e.t === 'tuple' ? e.items.map((i) => this.value(i)) : [this.value(e)];
  }

  /**
   * Applies `apply` to the function `function_name` names (a reference to it, or its
   * literal name) once the unit's files are all read: it may be declared in a sibling file.
   */
  private linkTo(kind: string, b: Block, apply: (f: FunctionDraft) => void): void {
    const e = attr(b, 'function_name');
    const x = e ? unwrapInterpolation(e) : undefined;
    const what = `${this.draft.file}:${this.lines.line(b.range[0])} ${kind} ${b.labels.join('.')}`;
    const address =
      x?.t === 'traversal' && (x.root === 'module' || x.root === 'aws_lambda_function')
        ? `${x.root}.${stepName(x, 0) ?? ''}`
        : undefined;
    const text = x ? this.value(x) : undefined;
    const name = x && x.t !== 'traversal' ? text : undefined;
    this.draft.pending.push({
      ...(address === undefined ? {} : { address }),
      ...(name === undefined ? {} : { name }),
      ...(text === undefined ? {} : { written: text }),
      what,
      apply: (f) => {
        apply(f);
        f.suppressions.push(...this.suppressions(b));
      },
    });
  }

  permission(b: Block): void {
    this.linkTo('permission', b, (f) => this.addPermission(f, b));
  }

  private addPermission(f: FunctionDraft, b: Block): void {
    const fields = {
      sourceArn: this.opt(b, 'source_arn'),
      sourceAccount: this.opt(b, 'source_account'),
      principalOrgId: this.opt(b, 'principal_org_id'),
      functionUrlAuthType: this.opt(b, 'function_url_auth_type'),
      eventSourceToken: this.opt(b, 'event_source_token'),
      invokedViaFunctionUrl: this.opt(b, 'invoked_via_function_url'),
    };
    f.permissions.push(
      invokePermission(this.opt(b, 'principal') ?? '', this.opt(b, 'action') ?? '', fields, this.place(b)),
    );
  }

  url(b: Block): void {
    this.linkTo('function URL', b, (f) => this.addUrl(f, b));
  }

  private addUrl(f: FunctionDraft, b: Block): void {
    const cors = nested(b, 'cors')[0];
    const origins = cors ? attr(cors, 'allow_origins') : undefined;
    f.url = {
      authType: this.opt(b, 'authorization_type') ?? '',
      ...(origins ? { allowOrigins: this.list(origins) } : {}),
      place: this.place(b),
    };
  }

  mapping(b: Block): void {
    this.linkTo('event source mapping', b, (f) => this.addMapping(f, b));
  }

  private addMapping(f: FunctionDraft, b: Block): void {
    const source = this.opt(b, 'event_source_arn');
    if (source !== undefined) f.invokers.push(source);
    for (const s of nested(b, 'self_managed_event_source')) {
      const endpoints = attr(s, 'endpoints');
      if (endpoints) f.invokers.push(this.value(endpoints));
    }
  }

  logGroup(b: Block): void {
    const name = this.opt(b, 'name') ?? `${b.labels.join('.')} (generated name)`;
    this.addLogGroup(name, attr(b, 'retention_in_days'), b);
  }

  private addLogGroup(name: string, retention: Expr | undefined, b: Block): void {
    const place = this.place(b);
    if (retention === undefined || this.isNull(retention)) {
      this.draft.logGroups.push({ name, place });
      return;
    }
    const days = Number(this.value(retention));
    // 0 is Terraform's "never expire".
    if (Number.isInteger(days) && days >= 0)
      this.draft.logGroups.push({ name, ...(days > 0 ? { retentionDays: days } : {}), place });
    else
      this.draft.skipped.push({
        what: `${this.draft.file}:${place.line} log group ${name}`,
        reason: `its retention is ${this.value(retention)}, not a number iamtrim can read`,
      });
  }

  /** An `aws_iam_role_policy(_attachment)`'s suppressions go to the role it names. */
  roleSuppressions(b: Block): void {
    const found = this.suppressions(b);
    const role = attr(b, 'role');
    const x = role ? unwrapInterpolation(role) : undefined;
    if (found.length === 0 || x?.t !== 'traversal' || x.root !== 'aws_iam_role') return;
    ensureRole(this.draft, `aws_iam_role.${stepName(x, 0) ?? ''}`, this.place(b)).suppressions.push(...found);
  }
}

import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { expression } from '../cloudformation/intrinsics.js';
import { parseTemplateDocument } from '../cloudformation/template-resources.js';
import { UNRESOLVED_MARKER } from '../lambda-facts/function-facts.js';
import { serverlessLambdaFacts } from '../lambda-facts/serverless-facts.js';
import type { ResolveContext } from '../resolve-expression.js';
import { defaultFunctionRoleName, sharedRoleName } from '../serverless/serverless-roles.js';
import { lineNumbers } from '../text/positions.js';
import { readCloudFormationResources } from './cloudformation-estate.js';
import { commentSuppressions } from './comment-suppressions.js';
import type { AuditStatement } from '../../model/audit-estate.js';
import {
  draftFunction,
  ensureRole,
  placeAt,
  type EstateDraft,
  type FilePlace,
  type FunctionDraft,
} from './estate-draft.js';
import { serverlessEventInvoker } from './event-invokers.js';
import { yamlListTexts, yamlValueText } from './yaml-value-text.js';

/**
 * Reads a Serverless Framework service for the audit: its functions (the same list, names
 * and roles as the Lambda facts reader), the provider's shared role (`provider`) unless the
 * provider names a role of its own, tracing (`functions.X.tracing`, else
 * `provider.tracing.lambda`), `logs.logGroup`, the function URL (`url: true` or
 * `{authorizer: aws_iam, cors}`), events as invokers, the log group Serverless makes for
 * each function with `logRetentionInDays`, `# iamtrim:ignore` comments above a function,
 * and the CloudFormation of `resources.Resources`.
 */
export function readServerlessService(draft: EstateDraft, text: string, ctx: ResolveContext): void {
  const root = parseTemplateDocument(text)?.contents;
  if (!isMap(root)) return;
  const lineOf = lineNumbers(text);
  const lines = text.split('\n');
  const providerNode = child(root, 'provider');
  const provider = isMap(providerNode) ? providerNode : undefined;
  const valueText = (node: unknown): string => yamlValueText(text, node, ctx.params);
  // Serverless also deploys to Cloudflare, Azure, Google, OpenWhisk...: only AWS has Lambda.
  const providerName = provider ? child(provider, 'name') : undefined;
  if (
    isScalar(providerName) &&
    typeof providerName.value === 'string' &&
    providerName.value.trim() !== 'aws'
  ) {
    draft.skipped.push({
      what: draft.file,
      reason: `the Serverless provider is ${JSON.stringify(providerName.value)}, not aws: no Lambda functions or IAM roles`,
    });
    return;
  }

  const customRole = providerRoleNode(provider);
  if (!customRole) {
    const key = root.items.find((p) => isScalar(p.key) && p.key.value === 'provider')?.key;
    const at = (isScalar(key) ? key.range?.[0] : undefined) ?? 0;
    const role = ensureRole(draft, 'provider', placeAt(draft.file, lineOf(at)));
    // `provider.iam.role.name` renames the role Serverless makes.
    const iam = provider ? child(provider, 'iam') : undefined;
    const described = isMap(iam) ? child(iam, 'role') : undefined;
    const named = isMap(described) ? child(described, 'name') : undefined;
    role.name = named === undefined ? sharedRoleName(root) : valueText(named);
    role.trustsLambda = true;
    role.declared = true;
    role.statements.push(...impliedLogStatements(`${servicePrefix(root, provider)}*`, role.place));
  }

  const functionsNode = child(root, 'functions');
  const functions = isMap(functionsNode) ? functionsNode : undefined;
  const providerTracing = provider ? child(provider, 'tracing') : undefined;
  const providerLogs = provider ? child(provider, 'logs') : undefined;
  const providerLambdaLogs = isMap(providerLogs) ? child(providerLogs, 'lambda') : undefined;
  const providerRetention = provider ? child(provider, 'logRetentionInDays') : undefined;

  for (const facts of serverlessLambdaFacts(draft.file, text, ctx)) {
    const fn = functions ? child(functions, facts.function) : undefined;
    const own = (key: string): Node | undefined => (isMap(fn) ? child(fn, key) : undefined);
    const f = draftFunction(facts.function, placeAt(draft.file, facts.line));
    const name = facts.config.FunctionName;
    if (name && !name.includes(UNRESOLVED_MARKER)) f.name = name;
    if (facts.role === 'provider' && customRole) {
      const e = expression(customRole);
      f.roleText = valueText(customRole);
      f.roleRef = e.kind === 'getatt' ? e.resource : e.kind === 'ref' ? e.name : f.roleText;
    } else {
      f.roleRef = facts.role;
      if (facts.role !== 'provider' && facts.role !== facts.function) f.roleText = facts.role;
    }
    if (facts.role === facts.function) {
      // serverless-iam-roles-per-function: the function's own role, with its log writes.
      const role = ensureRole(draft, facts.function, f.place);
      role.name = defaultFunctionRoleName(root, facts.function);
      role.trustsLambda = true;
      role.declared = true;
      const group = f.name ?? `${servicePrefix(root, provider)}-${facts.function}`;
      role.statements.push(...impliedLogStatements(group, f.place));
    }
    const tracing = own('tracing') ?? (isMap(providerTracing) ? child(providerTracing, 'lambda') : undefined);
    if (tracing !== undefined) f.tracing = tracingMode(tracing, valueText);
    const logs = own('logs');
    const group =
      (isMap(logs) ? child(logs, 'logGroup') : undefined) ??
      (isMap(providerLambdaLogs) ? child(providerLambdaLogs, 'logGroup') : undefined);
    if (group !== undefined) f.customLogGroup = valueText(group);
    const url = own('url');
    if (url !== undefined) readUrl(f, url, text, ctx, lineOf);
    const events = own('events');
    if (isSeq(events)) for (const e of events.items) readEvent(f, e, text, ctx);
    f.suppressions.push(...commentSuppressions(lines, facts.line, draft.file));
    draft.functions.set(f.id, f);

    // Serverless makes /aws/lambda/<name> for each function unless told not to.
    const disabled = own('disableLogs');
    if (group === undefined && !(isScalar(disabled) && disabled.value === true)) {
      const retention = own('logRetentionInDays') ?? providerRetention;
      const groupName = `/aws/lambda/${f.name ?? nameText(own('name'), valueText) ?? facts.function}`;
      const place = placeAt(draft.file, retention?.range ? lineOf(retention.range[0]) : facts.line);
      if (retention === undefined) draft.logGroups.push({ name: groupName, place });
      else {
        const days = Number(valueText(retention));
        if (Number.isInteger(days) && days > 0)
          draft.logGroups.push({ name: groupName, retentionDays: days, place });
        else
          draft.skipped.push({
            what: `${draft.file}:${place.line} log group of ${facts.function}`,
            reason: `logRetentionInDays is ${valueText(retention)}, not a number iamtrim can read`,
          });
      }
    }
  }
  // Serverless makes the shared role only for functions that have no role of their own.
  if ([...draft.functions.values()].every((f) => f.roleRef !== 'provider')) draft.roles.delete('provider');

  // The CloudFormation of the service, read after its functions: a permission there names a
  // function by the logical id Serverless gives it (`HelloDashworldLambdaFunction`).
  const resourcesNode = child(root, 'resources');
  const resources = isMap(resourcesNode) ? child(resourcesNode, 'Resources') : undefined;
  if (isMap(resources))
    readCloudFormationResources(draft, {
      text,
      resources,
      params: ctx.params,
      partition: ctx.partition,
      lineOf,
      functionAliases: new Map([...draft.functions.keys()].map((k) => [functionLogicalId(k), k])),
    });
}

/** The logical id Serverless gives a function's `AWS::Lambda::Function` resource. */
function functionLogicalId(key: string): string {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

/** `<service>-<stage>` as written (variables kept), the start of every function's name. */
function servicePrefix(root: YAMLMap, provider: YAMLMap | undefined): string {
  const serviceNode = child(root, 'service');
  const service = isMap(serviceNode) ? child(serviceNode, 'name') : serviceNode;
  const stage = provider ? child(provider, 'stage') : undefined;
  const text = (n: Node | undefined, fallback: string): string =>
    isScalar(n) && n.value !== null ? String(n.value) : fallback;
  return `${text(service, '<service>')}-${text(stage, 'dev')}`;
}

/**
 * The log writes Serverless puts in the roles it makes (`IamPolicyLambdaExecution`), on
 * the functions' log groups: not in the file, but in every role it deploys.
 */
function impliedLogStatements(functionName: string, place: FilePlace): AuditStatement[] {
  const group = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`;
  const base = {
    policy: '(made by Serverless) log writes',
    effect: 'Allow' as const,
    actionKey: 'Action' as const,
    resourceKey: 'Resource' as const,
    hasCondition: false,
    place,
  };
  return [
    {
      ...base,
      index: 0,
      actions: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource'],
      resources: [group],
    },
    { ...base, index: 1, actions: ['logs:PutLogEvents'], resources: [`${group}:*`] },
  ];
}

/** `provider.iam.role` or `provider.role` when it names a role rather than describing one. */
function providerRoleNode(provider: YAMLMap | undefined): Node | undefined {
  if (!provider) return undefined;
  const legacy = child(provider, 'role');
  if (legacy !== undefined && !isEmpty(legacy)) return legacy;
  const iam = child(provider, 'iam');
  const role = isMap(iam) ? child(iam, 'role') : undefined;
  return role !== undefined && !isEmpty(role) && !isMap(role) ? role : undefined;
}

/** Serverless writes `tracing: true` / `lambda: true` for Active; a mode name stays as written. */
function tracingMode(node: Node, valueText: (n: unknown) => string): string | undefined {
  if (isScalar(node) && node.value === true) return 'Active';
  if (isScalar(node) && node.value === false) return 'PassThrough';
  return valueText(node);
}

function readUrl(
  f: FunctionDraft,
  node: Node,
  text: string,
  ctx: ResolveContext,
  lineOf: (offset: number) => number,
): void {
  if (isScalar(node) && (node.value === false || node.value === null)) return;
  const place = placeAt(f.place.kind === 'file' ? f.place.file : '', lineOf(node.range?.[0] ?? 0));
  if (!isMap(node)) {
    f.url = { authType: 'NONE', place };
    return;
  }
  const authorizer = child(node, 'authorizer');
  const auth = authorizer === undefined ? 'NONE' : yamlValueText(text, authorizer, ctx.params);
  const cors = child(node, 'cors');
  let allowOrigins: string[] | undefined;
  // `cors: true` is Serverless's default CORS, which allows every origin.
  if (isScalar(cors) && cors.value === true) allowOrigins = ['*'];
  else if (isMap(cors)) {
    const origins = child(cors, 'allowedOrigins');
    allowOrigins = origins === undefined ? ['*'] : yamlListTexts(text, origins, ctx.params);
  }
  f.url = {
    authType: auth === 'aws_iam' ? 'AWS_IAM' : auth,
    ...(allowOrigins ? { allowOrigins } : {}),
    place,
  };
}

function readEvent(f: FunctionDraft, item: unknown, text: string, ctx: ResolveContext): void {
  if (!isMap(item) || item.items.length !== 1) return;
  const pair = item.items[0];
  const kind = pair && isScalar(pair.key) ? String(pair.key.value) : '';
  const invoker = serverlessEventInvoker(kind);
  if (!invoker) return;
  if (invoker.kind === 'principal') {
    f.invokers.push(invoker.principal);
    return;
  }
  const body = pair?.value as Node | undefined;
  const source = isMap(body)
    ? (child(body, 'arn') ?? child(body, 'bootstrapServers') ?? child(body, 'queue'))
    : body;
  if (source !== undefined && source !== null) f.invokers.push(...yamlListTexts(text, source, ctx.params));
}

function nameText(node: Node | undefined, valueText: (n: unknown) => string): string | undefined {
  return node === undefined ? undefined : valueText(node);
}

function isEmpty(node: Node): boolean {
  return isScalar(node) && (node.value === null || node.value === '');
}

function child(map: YAMLMap, key: string): Node | undefined {
  for (const p of map.items)
    if (isScalar(p.key) && String(p.key.value) === key) return (p.value ?? undefined) as Node | undefined;
  return undefined;
}

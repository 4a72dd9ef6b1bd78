import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { expression, keyText, scalarText } from '../cloudformation/intrinsics.js';
import { entryValue as get } from '../cloudformation/template-resources.js';
import { readTrust } from '../role-assumers.js';
import { draftFunction, ensureRole, placeAt, type EstateDraft, type FunctionDraft } from './estate-draft.js';
import { samEventInvoker } from './event-invokers.js';
import { metadataSuppressions } from './metadata-suppressions.js';
import { invokePermission } from './invoke-permission.js';
import { trustsLambda } from './trusts-lambda.js';
import { yamlListTexts, yamlResolvedText, yamlValueText } from './yaml-value-text.js';

/** What reading a `Resources` map needs besides the map. */
export interface CloudFormationSection {
  readonly text: string;
  readonly resources: YAMLMap;
  /** SAM `Globals.Function`, when the template has it. */
  readonly globals?: YAMLMap | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly partition: string;
  readonly lineOf: (offset: number) => number;
  /** Other names of the draft's functions (a serverless.yml's `<Name>LambdaFunction` logical ids). */
  readonly functionAliases?: ReadonlyMap<string, string>;
}

/**
 * Reads the audit's view of a CloudFormation/SAM `Resources` map (a template's, or a
 * serverless.yml's `resources.Resources`) into the draft: functions (`AWS::Lambda::Function`,
 * `AWS::Serverless::Function` with SAM Globals, events, URL), their invoke permissions and
 * URLs and event-source mappings, roles with their trust, log groups, and the suppressions
 * each resource declares. Role policies are not read here: `locatePolicies` reads them.
 * Functions link to roles by `roleRef` (a logical id), settled once every policy is placed.
 */
export function readCloudFormationResources(draft: EstateDraft, section: CloudFormationSection): void {
  const { resources } = section;
  const entries: { id: string; type: string; resource: YAMLMap; props: YAMLMap | undefined; line: number }[] =
    [];
  for (const pair of resources.items) {
    const id = keyText(pair);
    const resource = pair.value;
    if (!id || !isMap(resource)) continue;
    const type = scalarText(get(resource, 'Type'));
    if (!type) continue;
    const props = get(resource, 'Properties');
    const at = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    entries.push({ id, type, resource, props: isMap(props) ? props : undefined, line: section.lineOf(at) });
  }
  const reader = new ResourceReader(draft, section);
  // Functions, roles and log groups first: permissions, URLs and mappings point at them.
  for (const e of entries) {
    if (e.type === 'AWS::Serverless::Function' || e.type === 'AWS::Lambda::Function')
      reader.func(e.id, e.type === 'AWS::Serverless::Function', e.resource, e.props, e.line);
    else if (e.type === 'AWS::IAM::Role') reader.role(e.id, e.resource, e.props, e.line);
    else if (e.type === 'AWS::Logs::LogGroup') reader.logGroup(e.id, e.props, e.line);
  }
  for (const e of entries)
    if ((e.type === 'AWS::Lambda::Alias' || e.type === 'AWS::Lambda::Version') && e.props) {
      const fn = get(e.props, 'FunctionName');
      if (fn !== undefined) reader.versions.set(e.id, fn);
    }
  for (const e of entries) {
    if (e.type === 'AWS::Lambda::Permission') reader.permission(e.id, e.resource, e.props, e.line);
    else if (e.type === 'AWS::Lambda::Url') reader.url(e.id, e.resource, e.props, e.line);
    else if (e.type === 'AWS::Lambda::EventSourceMapping') reader.mapping(e.id, e.resource, e.props, e.line);
    else if (e.type === 'AWS::IAM::Policy' || e.type === 'AWS::IAM::ManagedPolicy')
      reader.policySuppressions(e.resource, e.props, e.line);
  }
}

class ResourceReader {
  private readonly file: string;
  /** Aliases and versions by logical id, with the function they are of. */
  readonly versions = new Map<string, Node>();

  constructor(
    private readonly draft: EstateDraft,
    private readonly s: CloudFormationSection,
  ) {
    this.file = draft.file;
  }

  private text(node: unknown): string {
    return yamlValueText(this.s.text, node, this.s.params);
  }

  private place(node: unknown, fallback: number): ReturnType<typeof placeAt> {
    const at = (node as Node | undefined)?.range?.[0];
    return placeAt(this.file, at === undefined ? fallback : this.s.lineOf(at));
  }

  private suppressions(resource: YAMLMap): ReturnType<typeof metadataSuppressions> {
    return metadataSuppressions(resource, this.file, this.s.lineOf);
  }

  func(id: string, sam: boolean, resource: YAMLMap, props: YAMLMap | undefined, line: number): void {
    const globals = sam ? this.s.globals : undefined;
    // SAM Globals apply where the function does not set the property itself.
    const prop = (key: string): Node | undefined =>
      (props ? get(props, key) : undefined) ?? (globals ? get(globals, key) : undefined);
    const own = (key: string): Node | undefined => (props ? get(props, key) : undefined);
    const f = draftFunction(id, placeAt(this.file, line));
    const nameNode = own('FunctionName');
    const name = nameNode === undefined ? undefined : yamlResolvedText(nameNode, this.s.params);
    if (name !== undefined) f.name = name;
    const roleNode = own('Role');
    if (roleNode !== undefined) {
      f.roleText = this.text(roleNode);
      const e = expression(roleNode);
      if (e.kind === 'ref' || e.kind === 'getatt') f.roleRef = e.kind === 'ref' ? e.name : e.resource;
    } else if (sam) {
      // SAM creates <LogicalId>Role, trusted by Lambda, with the basic execution policy
      // (and X-Ray's when tracing is Active).
      f.roleRef = `${id}Role`;
      const role = ensureRole(this.draft, f.roleRef, f.place);
      role.trustsLambda = true;
      role.managedPolicies.push({
        ref: `arn:${this.s.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
        place: f.place,
      });
    }
    if (sam) {
      const tracing = prop('Tracing');
      if (tracing !== undefined) f.tracing = this.text(tracing);
    } else {
      const config = own('TracingConfig');
      const mode = isMap(config) ? get(config, 'Mode') : config;
      if (mode !== undefined) f.tracing = this.text(mode);
    }
    if (sam && f.tracing === 'Active' && f.roleRef === `${id}Role`)
      this.draft.roles.get(f.roleRef)?.managedPolicies.push({
        ref: `arn:${this.s.partition}:iam::aws:policy/AWSXrayWriteOnlyAccess`,
        place: f.place,
      });
    const logging = prop('LoggingConfig');
    const group = isMap(logging) ? get(logging, 'LogGroup') : undefined;
    if (group !== undefined) f.customLogGroup = this.logGroupName(group);
    if (sam) {
      const url = prop('FunctionUrlConfig');
      if (isMap(url)) f.url = { ...this.functionUrl(url), place: this.keyPlace(props, url, line) };
      this.events(f, prop('Events'));
    }
    f.suppressions.push(...this.suppressions(resource));
    this.draft.functions.set(id, f);
    // A suppression on a SAM function covers the role SAM makes for it, whose policies it writes.
    if (f.roleRef === `${id}Role`) this.draft.roles.get(f.roleRef)?.suppressions.push(...f.suppressions);
  }

  /** A log group as written; `!Ref Group` of a group this template names is that name. */
  private logGroupName(node: Node): string {
    const e = expression(node);
    if (e.kind === 'ref' && !Object.hasOwn(this.s.params, e.name)) {
      const target = get(this.s.resources, e.name);
      const props = isMap(target) ? get(target, 'Properties') : undefined;
      const name = isMap(props) ? get(props, 'LogGroupName') : undefined;
      if (isScalar(name) && !name.tag && typeof name.value === 'string') return name.value;
    }
    return this.text(node);
  }

  /** Where `value` is written under its key in `map` (else in SAM Globals; else `fallback`). */
  private keyPlace(map: YAMLMap | undefined, value: Node, fallback: number): ReturnType<typeof placeAt> {
    for (const m of [map, this.s.globals])
      for (const p of m?.items ?? [])
        if (p.value === value && isScalar(p.key)) return this.place(p.key, fallback);
    return placeAt(this.file, fallback);
  }

  private functionUrl(config: YAMLMap): NonNullable<FunctionDraft['url']> {
    const auth = get(config, 'AuthType');
    const cors = get(config, 'Cors');
    const origins = isMap(cors) ? get(cors, 'AllowOrigins') : undefined;
    return {
      authType: auth === undefined ? '' : this.text(auth),
      ...(origins === undefined ? {} : { allowOrigins: yamlListTexts(this.s.text, origins, this.s.params) }),
      place: this.place(config, 0),
    };
  }

  private events(f: FunctionDraft, events: Node | undefined): void {
    if (!isMap(events)) return;
    for (const pair of events.items) {
      if (!isMap(pair.value)) continue;
      const type = scalarText(get(pair.value, 'Type'));
      const invoker = type ? samEventInvoker(type) : undefined;
      if (!invoker) continue;
      if (invoker.kind === 'principal') {
        f.invokers.push(invoker.principal);
        continue;
      }
      const props = get(pair.value, 'Properties');
      const source = isMap(props) ? get(props, invoker.key) : undefined;
      if (source !== undefined) f.invokers.push(...yamlListTexts(this.s.text, source, this.s.params));
    }
  }

  role(id: string, resource: YAMLMap, props: YAMLMap | undefined, line: number): void {
    const role = ensureRole(this.draft, id, placeAt(this.file, line));
    role.place = placeAt(this.file, line);
    role.declared = true;
    const name = props ? get(props, 'RoleName') : undefined;
    if (name !== undefined) role.name = this.text(name);
    const trust = trustsLambda(readTrust(props ? get(props, 'AssumeRolePolicyDocument') : undefined));
    if (trust !== undefined) role.trustsLambda = trust;
    role.suppressions.push(...this.suppressions(resource));
  }

  logGroup(id: string, props: YAMLMap | undefined, line: number): void {
    const nameNode = props ? get(props, 'LogGroupName') : undefined;
    const name = nameNode === undefined ? `${id} (generated name)` : this.text(nameNode);
    const retention = props ? get(props, 'RetentionInDays') : undefined;
    const place = placeAt(this.file, line);
    if (retention === undefined) {
      this.draft.logGroups.push({ name, place });
      return;
    }
    const days = Number(this.text(retention));
    if (Number.isInteger(days) && days > 0) this.draft.logGroups.push({ name, retentionDays: days, place });
    // An expression for the retention is not "never expire": the group is left to the reader.
    else
      this.draft.skipped.push({
        what: `${this.file}:${line} log group ${id}`,
        reason: `RetentionInDays is ${this.text(retention)}, not a number iamtrim can read`,
      });
  }

  /** The function of this template a `FunctionName` or `TargetFunctionArn` value names. */
  private target(node: Node | undefined, depth = 0): FunctionDraft | undefined {
    if (node === undefined) return undefined;
    const e = expression(node);
    if (e.kind === 'ref' || e.kind === 'getatt') {
      const id = e.kind === 'ref' ? e.name : e.resource;
      // SAM's `!Ref Function.Alias` / `.Version` name the function's published alias.
      const alias = this.s.functionAliases?.get(id);
      const f =
        this.draft.functions.get(id) ??
        (alias === undefined ? undefined : this.draft.functions.get(alias)) ??
        this.draft.functions.get(id.replace(/\.(?:Alias|Version)$/, ''));
      if (f) return f;
      // An alias or version of a function is that function (a chain is followed a few steps).
      const of = this.versions.get(id);
      if (of !== undefined && depth < 4) return this.target(of, depth + 1);
    }
    const text = this.text(node);
    // A name, a partial ARN (`123456789012:function:name`) or a full one, maybe with a qualifier.
    const m = /(?:^|:function:)([A-Za-z0-9_-]+)(?::[^:]+)?$/.exec(text);
    const name = m?.[1];
    return name ? [...this.draft.functions.values()].find((f) => f.name === name) : undefined;
  }

  private unmatched(kind: string, id: string, line: number, node: Node | undefined): void {
    this.draft.skipped.push({
      what: `${this.file}:${line} ${kind} ${id}`,
      reason:
        node === undefined
          ? 'it names no function'
          : `its function ${this.text(node)} is not a function of this file`,
    });
  }

  permission(id: string, resource: YAMLMap, props: YAMLMap | undefined, line: number): void {
    const fnNode = props ? get(props, 'FunctionName') : undefined;
    const f = this.target(fnNode);
    if (!f || !props) {
      this.unmatched('permission', id, line, fnNode);
      return;
    }
    const opt = (key: string): string | undefined => {
      const node = get(props, key);
      return node === undefined ? undefined : this.text(node);
    };
    const principal = get(props, 'Principal');
    const action = get(props, 'Action');
    const fields = {
      sourceArn: opt('SourceArn'),
      sourceAccount: opt('SourceAccount'),
      principalOrgId: opt('PrincipalOrgID'),
      functionUrlAuthType: opt('FunctionUrlAuthType'),
      eventSourceToken: opt('EventSourceToken'),
      invokedViaFunctionUrl: opt('InvokedViaFunctionUrl'),
    };
    f.permissions.push(
      invokePermission(
        principal === undefined ? '' : this.text(principal),
        action === undefined ? '' : this.text(action),
        fields,
        placeAt(this.file, line),
      ),
    );
    f.suppressions.push(...this.suppressions(resource));
  }

  url(id: string, resource: YAMLMap, props: YAMLMap | undefined, line: number): void {
    const fnNode = props ? get(props, 'TargetFunctionArn') : undefined;
    const f = this.target(fnNode);
    if (!f || !props) {
      this.unmatched('function URL', id, line, fnNode);
      return;
    }
    f.url = { ...this.functionUrl(props), place: placeAt(this.file, line) };
    f.suppressions.push(...this.suppressions(resource));
  }

  mapping(id: string, resource: YAMLMap, props: YAMLMap | undefined, line: number): void {
    const fnNode = props ? get(props, 'FunctionName') : undefined;
    const f = this.target(fnNode);
    if (!f || !props) {
      this.unmatched('event source mapping', id, line, fnNode);
      return;
    }
    const source = get(props, 'EventSourceArn');
    const selfManaged = get(props, 'SelfManagedEventSource');
    const endpoints = isMap(selfManaged) ? get(selfManaged, 'Endpoints') : undefined;
    const servers = isMap(endpoints) ? get(endpoints, 'KafkaBootstrapServers') : undefined;
    if (source !== undefined) f.invokers.push(this.text(source));
    else if (servers !== undefined) f.invokers.push(...yamlListTexts(this.s.text, servers, this.s.params));
    f.suppressions.push(...this.suppressions(resource));
  }

  /** A policy resource's suppressions go to the roles it is attached to. */
  policySuppressions(resource: YAMLMap, props: YAMLMap | undefined, line: number): void {
    const found = this.suppressions(resource);
    if (found.length === 0) return;
    const roles = props ? get(props, 'Roles') : undefined;
    for (const r of isSeq(roles) ? roles.items : []) {
      const e = expression(r);
      const roleId = e.kind === 'ref' ? e.name : e.kind === 'getatt' ? e.resource : undefined;
      if (roleId) ensureRole(this.draft, roleId, placeAt(this.file, line)).suppressions.push(...found);
    }
  }
}

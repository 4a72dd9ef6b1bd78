import { Composer, Parser, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, YAMLMap } from 'yaml';
import { STATEMENT_KEYS } from '../../policy/policy-json.js';
import { readIntrinsic, type IntrinsicDialect } from '../cloudformation/intrinsics.js';
import { SHORT_TAGS } from '../cloudformation/short-tags.js';
import { locateResourcePolicies, readTemplateValue } from '../cloudformation/locate-cloudformation.js';
import type { Expression, LocatedPolicy, TemplateStatement, TemplateValue } from '../template-policy.js';
import { LineIndex } from '../text/positions.js';
import { NodeExtent } from './node-extent.js';
import { unreadableTemplate, yamlErrorReason } from '../unreadable-template.js';
import {
  customProviderRole,
  defaultFunctionRoleName,
  pluginNames,
  resourceNode,
  resourceRoleName,
  ROLE_NAME,
  sharedRoleName,
  sharedRoleNote,
} from './serverless-roles.js';
import {
  hasVariable,
  isVariableString,
  serverlessParts,
  serverlessSubParts,
} from './serverless-variables.js';
import {
  collectPropTokens,
  entry,
  hasAnchorOrAlias,
  isIntrinsicTag,
  isNull,
  oneLine,
  plainString,
  type Entry,
} from './yaml-nodes.js';

/**
 * Finds the role policies of a Serverless Framework service (`serverless.yml`, v1–v3):
 *
 * - `provider.iamRoleStatements` (v1/v2) and `provider.iam.role.statements` (v3): the
 *   shared execution role, reported with role `provider`;
 * - `functions.<name>.iamRoleStatements`: a per-function role made by
 *   serverless-iam-roles-per-function (and plugins that read the same key), reported
 *   with the function's name as role;
 * - managed policies (`provider.iam.role.managedPolicies`, `provider.iamManagedPolicies`,
 *   `functions.<name>.iamManagedPolicies`), one `managed-policy` entry each;
 * - roles the file only points at (`provider.iam.role: arn:...`, `provider.role`,
 *   `functions.<name>.role`) and lists or sections that come from a variable
 *   (`${file(./iam.yml)}`), as `unsupported` with a note;
 * - but a role they point at by logical id that the service defines itself, an
 *   `AWS::IAM::Role` in `resources.Resources`, is read there with the CloudFormation
 *   locator (its `Policies`, and `AWS::IAM::Policy` resources attached to it), role named
 *   by its logical id, paths under `resources.Resources`.
 *
 * Every range is a pair of string offsets into `text` (UTF-16 code units, what
 * `text.slice` takes), so `text.slice(...range)` is exactly what the file says. A value's
 * `source` includes its quotes and its short-form tag (`!GetAtt Table.Arn`), because the
 * node without its tag would mean something else. Columns (`indent`) are 0-based.
 *
 * Serverless variables (`${self:custom.table}`, `${opt:stage, 'dev'}`) become `ref`
 * parts named by the variable's inner text as written, fallbacks and nested variables
 * included, because the contract has no shape for a fallback and a resolver needs them.
 * Never throws: YAML it cannot read comes back as one `unreadable` entry.
 */
export function locateServerlessPolicies(file: string, text: string): LocatedPolicy[] {
  const lines = new LineIndex(text);
  const tokens = Array.from(new Parser().parse(text));
  const props = collectPropTokens(tokens);
  const docs = Array.from(new Composer().compose(tokens, true, text.length));
  const broken = (offset: number | undefined, reason: string): LocatedPolicy[] => [
    unreadableTemplate(file, 'serverless', text, { offset, reason }),
  ];
  if (docs.length > 1) return broken(docs[1]?.range[0] ?? 0, 'more than one YAML document');
  const doc = docs[0];
  if (!doc) return broken(undefined, 'the file is empty');
  const error = doc.errors[0];
  if (error) return broken(error.pos[0], `not valid YAML: ${yamlErrorReason(error.message)}`);
  if (doc.contents === null) return broken(undefined, 'the file holds only comments');
  return new Locator(file, text, props, lines, doc).locate();
}

type ValueResult =
  | { readonly kind: 'value'; readonly value: TemplateValue }
  | { readonly kind: 'problem'; readonly problem: string };

// Plugins that give a function its own role from `functions.<name>.iamRoleStatements`.
const PER_FUNCTION_PLUGINS = /iam-roles-per-function|custom-roles|granular-iam/;
class Locator {
  private readonly found: LocatedPolicy[] = [];
  /** Roles of `resources.Resources` that functions run as, by logical id, with who points at them. */
  private readonly resourceRoles = new Map<string, { role: string; path: string; ref: Entry }[]>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    props: readonly number[],
    private readonly lines: LineIndex,
    private readonly doc: Document.Parsed,
  ) {
    this.extent = new NodeExtent(text, props);
  }

  private readonly extent: NodeExtent;

  locate(): LocatedPolicy[] {
    const root = this.doc.contents;
    if (!isMap(root)) return [];
    const provider = entry(root, 'provider');
    if (provider) this.provider(root, provider);
    const functions = entry(root, 'functions');
    if (functions) this.functions(root, functions);
    if (this.resourceRoles.size > 0) this.resourceRolePolicies(root);
    return this.found;
  }

  /**
   * The policies of the roles the service defines in `resources.Resources` and runs its
   * functions as, read by the CloudFormation locator with Serverless's own reading of
   * strings (`${self:custom.table}` is a variable, not text).
   */
  private resourceRolePolicies(root: YAMLMap): void {
    const doc = parseDocument(this.text, {
      keepSourceTokens: true,
      customTags: SHORT_TAGS as never,
      uniqueKeys: false,
    });
    const contents = doc.errors.length === 0 ? doc.contents : null;
    const resources = isMap(contents) ? entry(contents, 'resources')?.value : undefined;
    const cfn = isMap(resources) ? entry(resources, 'Resources')?.value : undefined;
    if (!isMap(cfn)) return;
    const located = locateResourcePolicies(this.file, this.text, cfn, {
      format: 'serverless',
      path: 'resources.Resources',
      value: (text, node) => {
        const read = this.value(node);
        return read.kind === 'value' ? read.value : readTemplateValue(text, node);
      },
    });
    const read = new Set<string>();
    for (const p of located) {
      const users = this.resourceRoles.get(p.role);
      if (!users) continue;
      read.add(p.role);
      const roleName = resourceRoleName(root, p.role);
      const note = `role defined in resources.Resources.${p.role}, used by ${users.map((u) => u.path).join(', ')}`;
      // This file's conventions: ranges end at the node's last character, indent is the list's column.
      const listRange = p.listRange ? this.trimmed(p.listRange) : undefined;
      this.found.push({
        ...p,
        statements: p.statements.map((st) => ({ ...st, range: this.trimmed(st.range) })),
        listRange,
        indent: listRange ? this.lines.column(listRange[0]) : p.indent,
        note: p.note ? `${p.note}; ${note}` : note,
        ...(roleName === undefined ? {} : { roleName }),
      });
    }
    // A role with no policy of its own in the file (only managed policies, or none) is still reported.
    for (const [logicalId, users] of this.resourceRoles)
      if (!read.has(logicalId))
        for (const u of users)
          this.unsupported(
            u.role,
            u.path,
            u.ref,
            `${u.path} is ${this.extent.source(u.ref.value)}, defined in resources.Resources.${logicalId} with no inline policy to edit`,
          );
  }

  private trimmed(range: readonly [number, number]): [number, number] {
    return [range[0], range[0] + this.text.slice(range[0], range[1]).trimEnd().length];
  }

  private provider(root: YAMLMap, provider: Entry): void {
    const node = provider.value;
    let note = sharedRoleNote(root);
    const defaultName = sharedRoleName(root);
    const custom = customProviderRole(node);
    // With a role of its own named, Serverless creates no default role to put statements in.
    if (custom) note += `; but ${custom} names an existing role, so Serverless does not use these statements`;
    if (isVariableString(node)) {
      this.unsupported('provider', 'provider', provider, `provider comes from ${this.extent.source(node)}`);
      return;
    }
    if (!isMap(node)) return;
    const legacy = entry(node, 'iamRoleStatements');
    if (legacy) this.statementList('provider', 'provider.iamRoleStatements', legacy, note, defaultName);
    const legacyManaged = entry(node, 'iamManagedPolicies');
    if (legacyManaged) this.managedPolicies('provider', 'provider.iamManagedPolicies', legacyManaged);
    const legacyRole = entry(node, 'role');
    if (legacyRole) this.roleReference('provider', 'provider.role', legacyRole, root);

    const iam = entry(node, 'iam');
    if (!iam) return;
    if (isVariableString(iam.value)) {
      this.unsupported(
        'provider',
        'provider.iam',
        iam,
        `provider.iam comes from ${this.extent.source(iam.value)}`,
      );
      return;
    }
    if (!isMap(iam.value)) return;
    const role = entry(iam.value, 'role');
    if (!role) return;
    if (!isMap(role.value)) {
      if (!isNull(role.value)) this.roleReference('provider', 'provider.iam.role', role, root);
      return;
    }
    const customName = entry(role.value, 'name');
    const named = customName && isScalar(customName.value);
    const roleNote = named
      ? `shared role of every function without its own, named ${this.extent.source(customName.value)}`
      : note;
    const statements = entry(role.value, 'statements');
    if (statements)
      this.statementList(
        'provider',
        'provider.iam.role.statements',
        statements,
        roleNote,
        // A literal `name` is the deployed role's name (statementList drops one with variables).
        named ? plainString(customName.value) : defaultName,
      );
    const managed = entry(role.value, 'managedPolicies');
    if (managed) this.managedPolicies('provider', 'provider.iam.role.managedPolicies', managed);
  }

  private functions(root: YAMLMap, functions: Entry): void {
    const node = functions.value;
    if (isVariableString(node)) {
      this.unsupported(
        'functions',
        'functions',
        functions,
        `functions come from ${this.extent.source(node)}; per-function statements there are not located`,
      );
      return;
    }
    const perFunctionPlugin = pluginNames(root).some((name) => PER_FUNCTION_PLUGINS.test(name));
    if (isMap(node)) this.functionGroup(root, 'functions', node, perFunctionPlugin);
    // v1 also accepted a list of function maps (often `${file(...)}` includes).
    else if (isSeq(node)) {
      (node.items as (YamlNode | null)[]).forEach((item, index) => {
        const prefix = `functions[${index}]`;
        if (isMap(item)) this.functionGroup(root, prefix, item, perFunctionPlugin);
        else if (item !== null && isVariableString(item))
          this.unsupported(
            'functions',
            prefix,
            { key: item, value: item },
            `functions come from ${this.extent.source(item)}`,
          );
      });
    }
  }

  private functionGroup(root: YAMLMap, prefix: string, map: YAMLMap, perFunctionPlugin: boolean): void {
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const fnEntry: Entry = { key: pair.key, value: (pair.value ?? null) as YamlNode | null };
      const path = `${prefix}.${name}`;
      if (isVariableString(fnEntry.value)) {
        this.unsupported(
          name,
          path,
          fnEntry,
          `function ${name} comes from ${this.extent.source(fnEntry.value)}`,
        );
        continue;
      }
      if (!isMap(fnEntry.value)) continue;
      const fn = fnEntry.value;
      const statements = entry(fn, 'iamRoleStatements');
      if (statements) {
        const notes = [`own role for function ${name} (serverless-iam-roles-per-function)`];
        const custom = entry(fn, 'iamRoleStatementsName');
        const defaultName =
          custom && isScalar(custom.value) ? undefined : defaultFunctionRoleName(root, name);
        if (defaultName === undefined) notes.push(`named ${this.extent.source(custom?.value ?? null)}`);
        else notes.push(`default name ${defaultName}`);
        const inherit = entry(fn, 'iamRoleStatementsInherit');
        if (inherit && isScalar(inherit.value) && inherit.value.value === true)
          notes.push('also inherits the provider statements (iamRoleStatementsInherit)');
        if (!perFunctionPlugin)
          notes.push(
            'plugins names no per-function IAM plugin, so Serverless itself ignores these statements',
          );
        this.statementList(name, `${path}.iamRoleStatements`, statements, notes.join('; '), defaultName);
      }
      const managed = entry(fn, 'iamManagedPolicies');
      if (managed) this.managedPolicies(name, `${path}.iamManagedPolicies`, managed);
      const role = entry(fn, 'role');
      if (role) this.roleReference(name, `${path}.role`, role, root);
    }
  }

  /** A statement list: editable when every item is a statement iamtrim can read and write back. */
  private statementList(
    role: string,
    path: string,
    list: Entry,
    note: string,
    defaultName: string | undefined,
  ): void {
    // The deployed role's name, when Serverless names it and it is a valid role name.
    const roleName =
      defaultName !== undefined && ROLE_NAME.test(defaultName) ? { roleName: defaultName } : {};
    const node = list.value;
    if (isNull(node)) {
      this.push({
        role,
        path,
        key: list.key,
        kind: 'statements',
        statements: [],
        indent: this.column(list.key),
        note: `${note}; the list is empty`,
        ...roleName,
      });
      return;
    }
    if (isAlias(node)) {
      this.unsupported(
        role,
        path,
        list,
        `the list is the alias ${this.extent.source(node)}; edit it where it is anchored`,
      );
      return;
    }
    if (!isSeq(node)) {
      const why = isVariableString(node)
        ? `the statements come from ${this.extent.source(node)}`
        : 'expected a list of statements';
      this.unsupported(role, path, list, why);
      return;
    }
    const problems: string[] = [];
    if (node.anchor || hasAnchorOrAlias(node))
      problems.push('anchors or aliases inside the list tie it to other parts of the file');
    const statements: TemplateStatement[] = [];
    node.items.forEach((item, index) => {
      const result = this.statement(item as YamlNode | null);
      if (result.statement) statements.push(result.statement);
      for (const p of result.problems) problems.push(`statement ${index + 1}: ${p}`);
    });
    const range = this.extent.range(node);
    this.push({
      role,
      path,
      key: list.key,
      kind: problems.length === 0 ? 'statements' : 'unsupported',
      statements,
      listRange: problems.length === 0 ? range : undefined,
      indent: this.column(node),
      note: problems.length === 0 ? note : `${problems.join('; ')} (${note})`,
      ...roleName,
    });
  }

  private statement(node: YamlNode | null): { statement?: TemplateStatement; problems: string[] } {
    if (isVariableString(node)) return { problems: [`comes from ${this.extent.source(node)}`] };
    if (!isMap(node) || node.tag !== undefined) return { problems: ['expected a statement (a mapping)'] };
    const problems: string[] = [];
    const fields = new Map<string, YamlNode | null>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !STATEMENT_KEYS.has(key)) {
        problems.push(`unexpected key ${key ?? this.extent.source(pair.key as YamlNode)}`);
        continue;
      }
      fields.set(key, pair.value as YamlNode | null);
    }
    let sid: string | undefined;
    const sidNode = fields.get('Sid');
    if (sidNode !== undefined) {
      // Kept as written, variables and all: it is written back unchanged.
      if (isScalar(sidNode) && sidNode.tag === undefined && typeof sidNode.value === 'string')
        sid = sidNode.value;
      else problems.push(`Sid ${this.extent.source(sidNode)} is not a string`);
    }
    const effectNode = fields.get('Effect');
    const effect =
      isScalar(effectNode) &&
      effectNode.tag === undefined &&
      (effectNode.value === 'Allow' || effectNode.value === 'Deny')
        ? effectNode.value
        : undefined;
    if (!effect)
      problems.push(
        effectNode === undefined
          ? 'no Effect'
          : `Effect ${this.extent.source(effectNode)} is not Allow or Deny`,
      );
    const actions = this.valueList(fields, 'Action', 'NotAction', problems);
    const resources = this.valueList(fields, 'Resource', 'NotResource', problems);
    const condition = fields.get('Condition');
    if (condition !== undefined && !isMap(condition))
      problems.push(`Condition ${this.extent.source(condition)} is not a mapping`);
    if (problems.length > 0 || !effect || !actions || !resources) return { problems };
    return {
      statement: {
        sid,
        effect,
        actionKey: actions.key as 'Action' | 'NotAction',
        actions: actions.values,
        resourceKey: resources.key as 'Resource' | 'NotResource',
        resources: resources.values,
        conditionSource: condition ? this.extent.source(condition) : undefined,
        range: this.extent.range(node),
      },
      problems,
    };
  }

  private valueList(
    fields: ReadonlyMap<string, YamlNode | null>,
    positive: string,
    negative: string,
    problems: string[],
  ): { key: string; values: TemplateValue[] } | undefined {
    const present = [positive, negative].filter((k) => fields.has(k));
    if (present.length !== 1) {
      problems.push(
        present.length === 0 ? `no ${positive} or ${negative}` : `both ${positive} and ${negative}`,
      );
      return undefined;
    }
    const key = present[0] as string;
    const node = fields.get(key) ?? null;
    const items = isSeq(node) && node.tag === undefined ? (node.items as (YamlNode | null)[]) : [node];
    if (items.length === 0) {
      problems.push(`${key} is an empty list`);
      return undefined;
    }
    const values: TemplateValue[] = [];
    for (const item of items) {
      const result = this.value(item);
      if (result.kind === 'value') values.push(result.value);
      else problems.push(`${key} ${result.problem}`);
    }
    return values.length === items.length ? { key, values } : undefined;
  }

  /** One Action or Resource value: a string, a string with variables, or an intrinsic function. */
  private value(node: YamlNode | null): ValueResult {
    if (node === null || isNull(node)) return { kind: 'problem', problem: 'has an empty value' };
    if (isAlias(node)) return { kind: 'problem', problem: `is the alias ${this.extent.source(node)}` };
    const source = this.extent.source(node);
    if (isScalar(node) && !isIntrinsicTag(node.tag)) {
      if (typeof node.value !== 'string') return { kind: 'problem', problem: `${source} is not a string` };
      const parts = serverlessParts(node.value);
      if (parts.every((p) => typeof p === 'string'))
        return { kind: 'value', value: { kind: 'literal', value: node.value, source } };
      return { kind: 'value', value: { kind: 'expression', expression: { kind: 'sub', parts }, source } };
    }
    const expression = this.expression(node);
    if (!expression)
      return { kind: 'problem', problem: `${source} is not a string or an intrinsic function` };
    return { kind: 'value', value: { kind: 'expression', expression, source } };
  }

  /** CloudFormation intrinsics as Serverless passes them on: `${...}` variables are its own. */
  private readonly intrinsics: IntrinsicDialect = {
    isFunctionTag: isIntrinsicTag,
    extraKeys: ['Condition'],
    opaque: (name, node) => ({
      kind: 'opaque',
      description: `${name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`} ${oneLine(this.extent.source(node as YamlNode))}`,
    }),
    part: (node) => this.part(node as YamlNode | null),
    isName: (text) => !hasVariable(text),
    subParts: serverlessSubParts,
  };

  /**
   * A CloudFormation intrinsic, long (`Fn::GetAtt: [Table, Arn]`) or short (`!GetAtt
   * Table.Arn`) form; `undefined` when the node is not one.
   */
  private expression(node: YamlNode): Expression | undefined {
    return readIntrinsic(node, this.intrinsics);
  }

  /** A piece of a Join or a Sub variable: a string (Serverless variables become a `sub`) or an intrinsic. */
  private part(node: YamlNode | null): string | Expression | undefined {
    const text = plainString(node);
    if (text !== undefined) {
      const parts = serverlessParts(text);
      return parts.every((p) => typeof p === 'string') ? text : { kind: 'sub', parts };
    }
    if (node === null || isAlias(node)) return undefined;
    return this.expression(node);
  }

  private managedPolicies(role: string, path: string, list: Entry): void {
    const node = list.value;
    const items = isSeq(node) ? (node.items as (YamlNode | null)[]) : [node];
    items.forEach((item, index) => {
      if (item === null || isNull(item)) return;
      const itemPath = isSeq(node) ? `${path}[${index}]` : path;
      this.push({
        role,
        path: itemPath,
        key: item,
        kind: 'managed-policy',
        statements: [],
        indent: this.column(item),
        note: `managed policy ${this.extent.source(item)}`,
        managedPolicyRef: plainString(item) ?? this.extent.source(item),
      });
    });
  }

  /** A role the file names rather than defines: an ARN, a logical id in `resources`, an intrinsic. */
  private roleReference(role: string, path: string, ref: Entry, root: YAMLMap): void {
    if (ref.value === null || isNull(ref.value)) return;
    const source = this.extent.source(ref.value);
    const name = plainString(ref.value);
    let note = `${path} is ${source}: an existing role whose policies are not in this list`;
    // `!Ref Role`, `!GetAtt Role.Arn`, `{ Ref: Role }` and a bare logical id all name it.
    const expression = isMap(ref.value) || ref.value.tag ? this.expression(ref.value) : undefined;
    const logicalId =
      expression?.kind === 'ref'
        ? expression.name
        : expression?.kind === 'getatt'
          ? expression.resource
          : name;
    if (logicalId !== undefined && !logicalId.startsWith('arn:') && !hasVariable(logicalId)) {
      const resource = resourceNode(root, logicalId);
      const type = isMap(resource) ? plainString(entry(resource, 'Type')?.value ?? null) : undefined;
      if (type === 'AWS::IAM::Role') {
        // Its policies are located where the service defines them (resourceRolePolicies).
        this.resourceRoles.set(logicalId, [
          ...(this.resourceRoles.get(logicalId) ?? []),
          { role, path, ref },
        ]);
        return;
      }
      if (resource !== undefined && isVariableString(resource ?? null))
        note = `${path} is ${source}, defined in resources.Resources.${logicalId} by ${this.extent.source(resource ?? null)}, which is not read`;
      else if (resource !== undefined)
        note = `${path} is ${source}, defined in resources.Resources.${logicalId} (not an AWS::IAM::Role)`;
    }
    this.unsupported(role, path, ref, note);
  }

  private unsupported(role: string, path: string, at: Entry, note: string): void {
    this.push({
      role,
      path,
      key: at.key,
      kind: 'unsupported',
      statements: [],
      indent: this.column(at.value ?? at.key),
      note,
    });
  }

  private push(p: {
    role: string;
    path: string;
    key: YamlNode;
    kind: LocatedPolicy['kind'];
    statements: TemplateStatement[];
    listRange?: readonly [number, number];
    indent: number;
    note?: string;
    roleName?: string;
    managedPolicyRef?: string;
  }): void {
    this.found.push({
      file: this.file,
      format: 'serverless',
      role: p.role,
      path: p.path,
      line: this.lines.line(this.extent.start(p.key)),
      kind: p.kind,
      statements: p.statements,
      listRange: p.listRange,
      indent: p.indent,
      ...(p.note === undefined ? {} : { note: p.note }),
      ...(p.roleName === undefined ? {} : { roleName: p.roleName }),
      ...(p.managedPolicyRef === undefined ? {} : { managedPolicyRef: p.managedPolicyRef }),
    });
  }

  private column(node: YamlNode): number {
    return this.lines.column(this.extent.start(node));
  }
}

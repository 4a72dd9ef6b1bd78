import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { cutRange } from './cut-item.js';
import { expression, keyText, scalarText } from './intrinsics.js';
import { columnOf, lineNumbers } from '../text/positions.js';
import { unreadableTemplate, yamlErrorReason } from '../unreadable-template.js';
import type { LocatedPolicy, TemplateStatement, TemplateValue } from '../template-policy.js';
import { SHORT_TAGS } from './short-tags.js';
import { entryValue as get } from './template-resources.js';

/**
 * Finds the role policies of a CloudFormation or SAM template, YAML or JSON:
 * `AWS::IAM::Role` Policies, `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` documents (the
 * CDK's DefaultPolicy among them), and `AWS::Serverless::Function` Policies (inline
 * documents, SAM policy templates, managed policy names and ARNs). Works on the parsed
 * nodes so that every statement comes with its exact byte range.
 */
export function locateCloudFormationPolicies(file: string, text: string): LocatedPolicy[] {
  const doc = parseDocument(text, {
    keepSourceTokens: true,
    customTags: SHORT_TAGS as never,
    uniqueKeys: false,
  });
  const unreadable = unreadableDocument(file, text, doc);
  if (unreadable || !isMap(doc.contents)) return unreadable ? [unreadable] : [];
  const resources = get(doc.contents, 'Resources');
  if (!isMap(resources)) return [];
  return locateResourcePolicies(file, text, resources, { format: 'cloudformation', path: 'Resources' });
}

/** Where a CloudFormation `Resources` map sits in its file, and how its values read. */
export interface ResourceSection {
  /** The format the located policies report (the file's own). */
  readonly format: LocatedPolicy['format'];
  /** The dotted path of the map: `Resources`, or `resources.Resources` in a serverless.yml. */
  readonly path: string;
  /** Reads one Action or Resource value; CloudFormation's own reading when not given. */
  readonly value?: ValueReader;
}

/** Reads one Action or Resource value node of a template's text. */
export type ValueReader = (text: string, node: Node) => TemplateValue;

/**
 * The role policies of a CloudFormation `Resources` map, wherever it sits in a YAML file
 * (a template's top level, a serverless.yml's `resources.Resources`). Ranges are offsets
 * into `text`, the whole file.
 */
export function locateResourcePolicies(
  file: string,
  text: string,
  resources: YAMLMap,
  section: ResourceSection,
): LocatedPolicy[] {
  const out: LocatedPolicy[] = [];
  const lineOf = lineNumbers(text);
  const read = section.value ?? readTemplateValue;
  const format = section.format;
  for (const pair of resources.items) {
    const logicalId = keyText(pair);
    const resource = pair.value;
    if (!logicalId || !isMap(resource)) continue;
    const type = scalarText(get(resource, 'Type'));
    const props = get(resource, 'Properties');
    const base = `${section.path}.${logicalId}.Properties`;
    if (type === 'AWS::IAM::Role' && isMap(props)) {
      const policies = get(props, 'Policies');
      if (isSeq(policies)) {
        policies.items.forEach((p, i) => {
          if (!isMap(p)) return;
          const located = documentPolicy(
            file,
            text,
            undefined,
            get(p, 'PolicyDocument'),
            logicalId,
            `${base}.Policies[${i}].PolicyDocument`,
            lineOf,
            undefined,
            format,
            read,
          );
          const whole = policyEntryRange(text, props, policies, p);
          out.push(whole ? { ...located, entryRange: whole } : located);
        });
      }
      const managed = get(props, 'ManagedPolicyArns');
      if (isSeq(managed))
        for (const m of managed.items)
          out.push(managedPolicy(file, text, m, logicalId, `${base}.ManagedPolicyArns`, lineOf, format));
    } else if ((type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') && isMap(props)) {
      const roles = get(props, 'Roles');
      const roleNames = isSeq(roles) ? roles.items.map((r) => refName(r) ?? sourceOf(text, r)) : [];
      for (const role of roleNames.length ? roleNames : [`(${logicalId}: no Roles)`]) {
        out.push(
          documentPolicy(
            file,
            text,
            undefined,
            get(props, 'PolicyDocument'),
            role,
            `${base}.PolicyDocument`,
            lineOf,
            `policy ${logicalId}`,
            format,
            read,
          ),
        );
      }
    } else if (type === 'AWS::Serverless::Function' && isMap(props)) {
      const policies = get(props, 'Policies');
      // SAM creates <LogicalId>Role for a function that does not name its own Role.
      const role = refName(get(props, 'Role')) ?? `${logicalId}Role`;
      const path = `${base}.Policies`;
      const items = isSeq(policies) ? policies.items : policies ? [policies] : [];
      items.forEach((item, i) => {
        const where = isSeq(policies) ? `${path}[${i}]` : path;
        if (isScalar(item) && typeof item.value === 'string')
          out.push(managedPolicy(file, text, item, role, where, lineOf, format));
        else if (isMap(item) && get(item, 'Statement') !== undefined) {
          const located = documentPolicy(
            file,
            text,
            undefined,
            item,
            role,
            where,
            lineOf,
            undefined,
            format,
            read,
          );
          // A single document (`Policies: {Statement: ...}`) goes with its key.
          const whole = isSeq(policies)
            ? policyEntryRange(text, props, policies, item)
            : cutRange(text, [{ parent: props, index: props.items.findIndex((p) => p.value === item) }]);
          out.push(whole ? { ...located, entryRange: whole } : located);
        } else if (isMap(item)) {
          const entry = isSeq(policies) && item.items.length === 1 ? entryRange(text, item) : undefined;
          for (const tp of item.items)
            out.push({ ...samTemplate(file, text, tp, role, where, lineOf, entry), format });
        } else if (item)
          out.push(
            unsupported(
              file,
              text,
              item as Node,
              role,
              where,
              lineOf,
              'a Policies entry iamtrim does not read',
              format,
            ),
          );
      });
    }
  }
  return out;
}

/**
 * The `unreadable` entry of a YAML or JSON document that did not parse, holds nothing but
 * comments, or is not a map; undefined when it is a map that parsed.
 */
export function unreadableDocument(
  file: string,
  text: string,
  doc: Document.Parsed,
  format: LocatedPolicy['format'] = 'cloudformation',
): LocatedPolicy | undefined {
  const error = doc.errors[0];
  const what = text.trimStart().startsWith('{') ? 'JSON' : 'YAML';
  if (error)
    return unreadableTemplate(file, format, text, {
      offset: error.pos[0],
      reason: `not valid ${what}: ${yamlErrorReason(error.message)}`,
    });
  if (doc.contents === null)
    return unreadableTemplate(file, format, text, { reason: 'the file holds only comments' });
  if (!isMap(doc.contents))
    return unreadableTemplate(file, format, text, {
      offset: doc.contents.range?.[0] ?? 0,
      reason: `not a template: the document is not a map of sections`,
    });
  return undefined;
}

export function documentPolicy(
  file: string,
  text: string,
  _doc: Document | undefined,
  document: unknown,
  role: string,
  path: string,
  lineOf: (offset: number) => number,
  note?: string,
  format: LocatedPolicy['format'] = 'cloudformation',
  read: ValueReader = readTemplateValue,
): LocatedPolicy {
  const node = document as Node | undefined;
  const statementNode = isMap(node) ? get(node, 'Statement') : undefined;
  const at = (node as Node | undefined)?.range?.[0] ?? 0;
  if (!isMap(node) || statementNode === undefined) {
    return unsupported(
      file,
      text,
      node,
      role,
      path,
      lineOf,
      'the policy document is not a literal map with a Statement (an expression or a reference)',
      format,
    );
  }
  const items = isSeq(statementNode) ? statementNode.items : [statementNode];
  const statements: TemplateStatement[] = [];
  for (const item of items) {
    const st = isMap(item) ? readStatement(text, item, read) : undefined;
    if (!st) {
      return unsupported(
        file,
        text,
        node,
        role,
        `${path}.Statement`,
        lineOf,
        'a statement iamtrim cannot read safely (not a literal map, or it has a Principal)',
        format,
      );
    }
    statements.push(st);
  }
  const range = statementNode.range;
  return {
    file,
    format,
    role,
    path: `${path}.Statement`,
    line: lineOf(range?.[0] ?? at),
    kind: 'statements',
    statements,
    listRange: range ? [range[0], range[1]] : undefined,
    indent: columnOf(
      text,
      isSeq(statementNode) && statementNode.items[0]
        ? ((statementNode.items[0] as Node).range?.[0] ?? 0)
        : (range?.[0] ?? 0),
    ),
    ...(note ? { note } : {}),
  };
}

function readStatement(text: string, node: YAMLMap, read: ValueReader): TemplateStatement | undefined {
  let sid: string | undefined;
  let effect: 'Allow' | 'Deny' | undefined;
  let actionKey: 'Action' | 'NotAction' | undefined;
  let resourceKey: 'Resource' | 'NotResource' | undefined;
  let actions: TemplateValue[] = [];
  let resources: TemplateValue[] = [];
  let conditionSource: string | undefined;
  let conditionOffset: number | undefined;
  for (const pair of node.items) {
    const key = keyText(pair);
    const value = pair.value as Node | null;
    switch (key) {
      case 'Sid':
        sid = scalarText(value);
        break;
      case 'Effect': {
        const e = scalarText(value);
        if (e !== 'Allow' && e !== 'Deny') return undefined;
        effect = e;
        break;
      }
      case 'Action':
      case 'NotAction':
        actionKey = key;
        actions = values(text, value, read);
        break;
      case 'Resource':
      case 'NotResource':
        resourceKey = key;
        resources = values(text, value, read);
        break;
      case 'Condition':
        conditionSource = sourceOf(text, value);
        conditionOffset = value?.range ? startOf(text, value) : undefined;
        break;
      default:
        return undefined;
    }
  }
  const range = node.range;
  if (!effect || !actionKey || !resourceKey || !range) return undefined;
  return {
    sid,
    effect,
    actionKey,
    actions,
    resourceKey,
    resources,
    conditionSource,
    ...(conditionOffset !== undefined ? { conditionOffset } : {}),
    range: [range[0], range[1]],
  };
}

/** Action or Resource: one value or a list of them (a tagged sequence is one expression). */
function values(text: string, node: Node | null, read: ValueReader): TemplateValue[] {
  if (!node) return [];
  if (isSeq(node) && !node.tag) return node.items.map((i) => read(text, i as Node));
  return [read(text, node)];
}

/** CloudFormation's reading of a value: a plain scalar is literal text, a tagged one an intrinsic. */
export function readTemplateValue(text: string, node: Node): TemplateValue {
  const source = sourceOf(text, node);
  const offset = node.range ? startOf(text, node) : undefined;
  if (isScalar(node) && !node.tag)
    return {
      kind: 'literal',
      value: String(node.value),
      source,
      ...(offset !== undefined ? { offset } : {}),
    };
  return {
    kind: 'expression',
    expression: expression(node),
    source,
    ...(offset !== undefined ? { offset } : {}),
  };
}

function managedPolicy(
  file: string,
  text: string,
  node: unknown,
  role: string,
  path: string,
  lineOf: (n: number) => number,
  format: LocatedPolicy['format'] = 'cloudformation',
): LocatedPolicy {
  const n = node as Node;
  return {
    file,
    format,
    role,
    path,
    line: lineOf(n.range?.[0] ?? 0),
    kind: 'managed-policy',
    statements: [],
    listRange: undefined,
    indent: columnOf(text, n.range?.[0] ?? 0),
    note: `managed policy ${sourceOf(text, n)}: not editable here; attach a tightened customer-managed policy instead`,
    managedPolicyRef: isScalar(n) && !n.tag ? String(n.value) : sourceOf(text, n),
  };
}

/**
 * What to cut to remove one `Policies` entry of a role or function: the entry, or the whole
 * `Policies` key when it is the only one (CloudFormation rejects an empty list). Block YAML
 * loses whole lines; flow YAML and JSON lose the entry with its comma.
 */
function policyEntryRange(
  text: string,
  props: YAMLMap,
  policies: Node,
  entry: Node,
): readonly [number, number] | undefined {
  if (!isSeq(policies)) return undefined;
  const index = policies.items.indexOf(entry);
  const key = props.items.findIndex((p) => keyText(p) === 'Policies');
  if (index < 0 || key < 0) return undefined;
  return cutRange(text, [
    { parent: policies, index },
    { parent: props, index: key },
  ]);
}

/** A block-list entry's whole lines: from its line's start (the "-") through the end of its last line. */
function entryRange(text: string, item: Node): readonly [number, number] | undefined {
  const r = item.range;
  if (!r) return undefined;
  const lineStart = text.lastIndexOf('\n', r[0] - 1) + 1;
  if (!/^\s*-\s+$/.test(text.slice(lineStart, r[0]))) return undefined;
  const end = r[0] + text.slice(r[0], r[1]).replace(/\s+$/, '').length;
  const nl = text.indexOf('\n', end);
  return [lineStart, nl < 0 ? text.length : nl + 1];
}

function samTemplate(
  file: string,
  text: string,
  pair: Pair,
  role: string,
  path: string,
  lineOf: (n: number) => number,
  entry?: readonly [number, number],
): LocatedPolicy {
  const name = keyText(pair) ?? '?';
  // Keyed by template text: `__proto__:` must be a parameter, not the object's prototype.
  const params: Record<string, TemplateValue> = Object.create(null) as Record<string, TemplateValue>;
  if (isMap(pair.value))
    for (const p of pair.value.items) params[keyText(p) ?? ''] = readTemplateValue(text, p.value as Node);
  const start = (pair.key as Node | null)?.range?.[0] ?? 0;
  return {
    file,
    format: 'cloudformation',
    role,
    path: `${path}.${name}`,
    line: lineOf(start),
    kind: 'sam-template',
    statements: [],
    listRange: undefined,
    indent: columnOf(text, start),
    samTemplate: {
      name,
      parameters: params,
      ...((pair.key as Node | null)?.range
        ? { keyRange: [start, (pair.key as Node).range?.[1] ?? start] as const }
        : {}),
      ...(entry ? { entryRange: entry } : {}),
    },
  };
}

function unsupported(
  file: string,
  text: string,
  node: unknown,
  role: string,
  path: string,
  lineOf: (n: number) => number,
  note: string,
  format: LocatedPolicy['format'] = 'cloudformation',
): LocatedPolicy {
  const at = (node as Node | undefined)?.range?.[0] ?? 0;
  return {
    file,
    format,
    role,
    path,
    line: lineOf(at),
    kind: 'unsupported',
    statements: [],
    listRange: undefined,
    indent: columnOf(text, at),
    note,
  };
}

function refName(node: unknown): string | undefined {
  const e = node ? expression(node) : undefined;
  return e?.kind === 'ref' ? e.name : e?.kind === 'getatt' ? e.resource : undefined;
}

export function sourceOf(text: string, node: unknown): string {
  const r = (node as Node | undefined)?.range;
  return r ? text.slice(startOf(text, node), r[1]).replace(/\s+$/, '') : '';
}

/**
 * Where a node's text starts. The parser's range leaves out a node's tag (`!GetAtt`), which
 * belongs to the value when it is copied back.
 */
function startOf(text: string, node: unknown): number {
  const n = node as Node | undefined;
  const start = n?.range?.[0] ?? 0;
  const tag = (n as { tag?: string } | undefined)?.tag;
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return start;
  let i = start;
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--;
  return text.slice(i - tag.length, i) === tag ? i - tag.length : start;
}

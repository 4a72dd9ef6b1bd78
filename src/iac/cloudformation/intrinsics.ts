/**
 * CloudFormation intrinsic functions (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`) read from
 * YAML nodes, in short (`!GetAtt Table.Arn`) and long (`Fn::GetAtt: [Table, Arn]`) form.
 * CloudFormation templates and Serverless services share this one reader; what differs
 * between them (Serverless variables inside strings, how an unread function is described)
 * is an {@link IntrinsicDialect}.
 */
import { isMap, isPair, isScalar, isSeq, type Pair } from 'yaml';
import type { Expression } from '../template-policy.js';

/** What a template language adds to CloudFormation's reading of intrinsics. */
export interface IntrinsicDialect {
  /** True when a node's tag names a function (CloudFormation: any tag, short tags being declared). */
  readonly isFunctionTag: (tag: string) => boolean;
  /** Long-form keys that name a function besides `Ref` and `Fn::...`. */
  readonly extraKeys: readonly string[];
  /** The expression for a function iamtrim does not evaluate, or whose argument it cannot read. */
  readonly opaque: (name: string, node: unknown) => Expression;
  /**
   * An item of a `Fn::Join` list or the value of a `Fn::Sub` variable; undefined makes the
   * whole function opaque.
   */
  readonly part: (node: unknown, use: 'join' | 'sub-variable') => string | Expression | undefined;
  /** True when text may name a resource or parameter (Serverless: no `${...}` variable in it). */
  readonly isName: (text: string) => boolean;
  /** Splits a `Fn::Sub` template (Serverless first takes out its own variables). */
  readonly subParts: (
    template: string,
    variables: ReadonlyMap<string, string | Expression>,
  ) => (string | Expression)[];
}

/**
 * Reads the intrinsic function `node` is, or undefined when it is not one (a plain value, a
 * map with other keys).
 */
export function readIntrinsic(node: unknown, dialect: IntrinsicDialect): Expression | undefined {
  if ((isScalar(node) || isSeq(node) || isMap(node)) && node.tag) {
    if (!dialect.isFunctionTag(node.tag)) return undefined;
    // The short form's argument is the tagged node itself, read without its tag.
    return readFunction(node.tag.slice(1), node, node, dialect);
  }
  if (isMap(node) && node.items.length === 1) {
    const pair = node.items[0] as Pair;
    const key = keyText(pair);
    if (key === 'Ref' || (key !== undefined && dialect.extraKeys.includes(key)))
      return readFunction(key, pair.value, node, dialect);
    if (key?.startsWith('Fn::')) return readFunction(key.slice(4), pair.value, node, dialect);
  }
  return undefined;
}

function readFunction(name: string, arg: unknown, node: unknown, dialect: IntrinsicDialect): Expression {
  const raw = isScalar(arg) ? arg.value : arg;
  const opaque = (): Expression => dialect.opaque(name, node);
  switch (name) {
    case 'Ref':
      return typeof raw === 'string' && dialect.isName(raw) ? { kind: 'ref', name: raw } : opaque();
    case 'GetAtt': {
      let resource: string | undefined;
      let attribute: string | undefined;
      if (typeof raw === 'string' && raw.includes('.')) {
        const dot = raw.indexOf('.');
        [resource, attribute] = [raw.slice(0, dot), raw.slice(dot + 1)];
      } else if (isSeq(arg) && arg.items.length === 2) {
        [resource, attribute] = arg.items.map((i) => scalarText(i));
        if (!resource || !attribute) return opaque();
      }
      if (resource === undefined || attribute === undefined) return opaque();
      if (!dialect.isName(resource) || !dialect.isName(attribute)) return opaque();
      return { kind: 'getatt', resource, attribute };
    }
    case 'Sub': {
      if (typeof raw === 'string') return { kind: 'sub', parts: dialect.subParts(raw, new Map()) };
      if (!isSeq(arg) || arg.items.length !== 2) return opaque();
      const template = scalarText(arg.items[0]);
      const varsNode = arg.items[1];
      const variables = new Map<string, string | Expression>();
      if (isMap(varsNode))
        for (const p of varsNode.items) {
          const value = dialect.part(p.value, 'sub-variable');
          if (value === undefined) return opaque();
          variables.set(keyText(p) ?? '', value);
        }
      return template === undefined
        ? opaque()
        : { kind: 'sub', parts: dialect.subParts(template, variables) };
    }
    case 'Join': {
      if (!isSeq(arg) || arg.items.length !== 2 || !isSeq(arg.items[1])) return opaque();
      const delimiter = scalarText(arg.items[0]) ?? '';
      const parts: (string | Expression)[] = [];
      for (const item of (arg.items[1] as { items: unknown[] }).items) {
        const part = dialect.part(item, 'join');
        if (part === undefined) return opaque();
        parts.push(part);
      }
      return { kind: 'join', delimiter, parts };
    }
    default:
      return opaque();
  }
}

/**
 * Fn::Sub: `${AWS::Region}` and `${Param}` are refs, `${Table.Arn}` a GetAtt, `${!x}` the
 * text `${x}`; a name bound by the variables map takes its value.
 */
export function subParts(
  template: string,
  variables: ReadonlyMap<string, string | Expression>,
): (string | Expression)[] {
  const parts: (string | Expression)[] = [];
  const pushText = (s: string): void => {
    if (s === '') return;
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + s;
    else parts.push(s);
  };
  // ${!Literal} is the literal text ${Literal}: left in the text between placeholders.
  const text = (from: number, to?: number): string => template.slice(from, to).replace(/\$\{!/g, '${');
  let last = 0;
  const re = /\$\{([^}]+)\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const name = m[1] as string;
    if (name.startsWith('!')) continue;
    pushText(text(last, m.index));
    const v = variables.get(name);
    if (typeof v === 'string') pushText(v);
    else if (v) parts.push(v);
    else if (name.includes('.')) {
      const dot = name.indexOf('.');
      parts.push({ kind: 'getatt', resource: name.slice(0, dot), attribute: name.slice(dot + 1) });
    } else parts.push({ kind: 'ref', name });
    last = re.lastIndex;
  }
  pushText(text(last));
  return parts;
}

/** The key of a map entry as text. */
export function keyText(pair: Pair | unknown): string | undefined {
  if (!isPair(pair)) return undefined;
  const k = pair.key;
  return isScalar(k) ? String(k.value) : undefined;
}

/** A string or number scalar as text. */
export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
    ? String(node.value)
    : undefined;
}

/** CloudFormation itself: every tag is a function, every string plain text. */
export const cloudFormationDialect: IntrinsicDialect = {
  isFunctionTag: () => true,
  extraKeys: [],
  opaque: (name) => ({ kind: 'opaque', description: `Fn::${name}` }),
  part: (node, use) =>
    use === 'join' && isScalar(node) && !node.tag ? String(node.value) : expression(node),
  isName: () => true,
  subParts,
};

/**
 * A CloudFormation value as an expression: an intrinsic function, a plain value as a `sub`
 * of its text, anything else opaque.
 */
export function expression(node: unknown): Expression {
  const intrinsic = readIntrinsic(node, cloudFormationDialect);
  if (intrinsic) return intrinsic;
  if (isScalar(node)) return { kind: 'sub', parts: [String(node.value)] };
  return { kind: 'opaque', description: 'a structure iamtrim does not evaluate' };
}

/**
 * A template value's meaning as plain JSON, whatever way it was written: short tags
 * (`!Sub [...]`) and long keys (`Fn::Sub: [...]`) read the same, as do flow and block
 * styles, quoting and indentation. Two values with equal canonical forms evaluate equally
 * in CloudFormation; so a rewritten statement that keeps each value's canonical form keeps
 * its meaning.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { SHORT_TAGS } from '../cloudformation/short-tags.js';

/** A value's canonical JSON text; the source with its whitespace taken out when it is not YAML. */
export function canonicalValue(source: string): string {
  const doc = parseDocument(source, { customTags: SHORT_TAGS as never, uniqueKeys: false });
  if (doc.errors.length > 0) return JSON.stringify({ unparsed: source.replace(/\s+/g, '') });
  return JSON.stringify(canonicalNode(doc.contents));
}

function canonicalNode(node: unknown): unknown {
  const n = node as Node | null;
  if (n === null || n === undefined) return null;
  const tag = (n as { tag?: string }).tag;
  if (tag?.startsWith('!') && !tag.startsWith('!!')) {
    const name = tag.slice(1);
    const arg = untagged(n);
    return name === 'Ref' ? { Ref: arg } : { [`Fn::${name}`]: longArgument(name, arg) };
  }
  return untagged(n);
}

/** The node's value with its own tag ignored (its children keep theirs). */
function untagged(n: Node): unknown {
  if (isScalar(n)) return n.value === null ? null : String(n.value);
  if (isSeq(n)) return n.items.map(canonicalNode);
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const p of n.items) {
      const key = isScalar(p.key) ? String(p.key.value) : JSON.stringify(canonicalNode(p.key));
      const value = canonicalNode(p.value);
      // Own keys only: a key named `__proto__` must stay data.
      Object.defineProperty(out, key, {
        value: key === 'Fn::GetAtt' ? getAttList(value) : value,
        enumerable: true,
      });
    }
    return out;
  }
  return null;
}

/** `!GetAtt Table.Arn` is `Fn::GetAtt: [Table, Arn]`; other functions take their argument as is. */
function longArgument(name: string, arg: unknown): unknown {
  return name === 'GetAtt' ? getAttList(arg) : arg;
}

function getAttList(arg: unknown): unknown {
  if (typeof arg !== 'string') return arg;
  const dot = arg.indexOf('.');
  return dot < 0 ? arg : [arg.slice(0, dot), arg.slice(dot + 1)];
}

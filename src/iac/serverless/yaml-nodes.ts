/** Small readers of the YAML nodes and tokens of a Serverless service. */
import { InvariantError } from '../../errors/iamtrim-error.js';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';

/** A map entry: its key node and its value (null when empty). */
export interface Entry {
  readonly key: YamlNode;
  readonly value: YamlNode | null;
}

/** The entry of a map under `key`, with its key node. */
export function entry(map: YAMLMap, key: string): Entry | undefined {
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === key)
      return { key: pair.key, value: (pair.value ?? null) as YamlNode | null };
  }
  return undefined;
}

/** A node's range as the composer gives it (after its tag and anchor). */
export function nodeRange(node: YamlNode): readonly [number, number] {
  const range = node.range;
  // The composer gives every node it builds a range; one without is a bug in the reading.
  if (!range) throw new InvariantError('a parsed YAML node has no range');
  return [range[0], range[1]];
}

/** An empty value (`key:` or `~`). */
export function isNull(node: YamlNode | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** The text of an untagged string scalar. */
export function plainString(node: YamlNode | null): string | undefined {
  return isScalar(node) && !isIntrinsicTag(node.tag) && typeof node.value === 'string'
    ? node.value
    : undefined;
}

/** `!GetAtt`, `!Ref`, `!Sub` ...: a local tag (one `!`), which CloudFormation reads as a function. */
export function isIntrinsicTag(tag: string | undefined): boolean {
  return tag !== undefined && /^![A-Za-z]+$/.test(tag);
}

/** True when a list holds an anchor or alias anywhere, which ties it to other parts of the file. */
export function hasAnchorOrAlias(node: YAMLSeq): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || n === null || typeof n !== 'object') return;
    if (isAlias(n)) {
      found = true;
      return;
    }
    if (isPair(n)) {
      visit(n.key);
      visit(n.value);
      return;
    }
    if (isScalar(n) || isMap(n) || isSeq(n)) {
      if (n.anchor !== undefined) found = true;
      if (isMap(n) || isSeq(n)) for (const item of n.items) visit(item);
    }
  };
  for (const item of node.items) visit(item);
  return found;
}

/** Offsets of every tag and anchor token, sorted, to find where a tagged node really starts. */
export function collectPropTokens(tokens: readonly unknown[]): number[] {
  const offsets: number[] = [];
  const visit = (t: unknown): void => {
    if (Array.isArray(t)) {
      for (const x of t) visit(x);
      return;
    }
    if (t === null || typeof t !== 'object') return;
    const token = t as Record<string, unknown>;
    if ((token.type === 'tag' || token.type === 'anchor') && typeof token.offset === 'number') {
      offsets.push(token.offset);
      return;
    }
    for (const key of ['start', 'key', 'sep', 'value', 'items', 'props', 'end']) visit(token[key]);
  };
  visit(tokens);
  return offsets.sort((a, b) => a - b);
}

/** A source on one line, for notes. */
export function oneLine(source: string): string {
  return source.replace(/\s+/g, ' ').trim();
}

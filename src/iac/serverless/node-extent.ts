import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { isNull, nodeRange } from './yaml-nodes.js';

/**
 * Where a node of a Serverless service really starts and ends in its text: the composer's
 * ranges start after a node's tag and anchor, and run a block collection on over trailing
 * comments up to the next key, which an edit must neither miss nor eat.
 */
export class NodeExtent {
  constructor(
    private readonly text: string,
    /** Offsets of every tag and anchor token, sorted (the composer drops them from ranges). */
    private readonly props: readonly number[],
  ) {}

  /** A node's exact text. */
  source(node: YamlNode | null): string {
    if (node === null) return '';
    const [start, end] = this.range(node);
    return this.text.slice(start, end);
  }

  range(node: YamlNode): [number, number] {
    return [this.start(node), this.end(node)];
  }

  /** Where a node starts, its tag and anchor included (the parser's range begins after them). */
  start(node: YamlNode): number {
    const begin = nodeRange(node)[0];
    let wanted = (node.tag !== undefined && !isAlias(node) ? 1 : 0) + (node.anchor !== undefined ? 1 : 0);
    if (wanted === 0) return begin;
    let lo = 0;
    let hi = this.props.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.props[mid] as number) < begin) lo = mid + 1;
      else hi = mid;
    }
    let start = begin;
    for (let i = lo - 1; i >= 0 && wanted > 0; i--, wanted--) start = this.props[i] as number;
    return start;
  }

  /**
   * Where a node's own text ends. The parser's range for a block collection runs on over
   * trailing comments and indentation up to the next key, which an edit must not eat.
   */
  end(node: YamlNode): number {
    if (isAlias(node) || (!isMap(node) && !isSeq(node))) {
      const [start, end] = nodeRange(node);
      if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'))
        return start + this.text.slice(start, end).trimEnd().length;
      return end;
    }
    if (node.flow) return nodeRange(node)[1];
    if (isSeq(node)) {
      const last = node.items[node.items.length - 1] as YamlNode | null | undefined;
      return last ? this.end(last) : nodeRange(node)[1];
    }
    const last = node.items[node.items.length - 1];
    if (!last) return nodeRange(node)[1];
    const value = last.value as YamlNode | null;
    if (value !== null && !(isNull(value) && value.tag === undefined && value.anchor === undefined))
      return this.end(value);
    // `Key:` with nothing after it: end after the colon.
    const keyEnd = this.end(last.key as YamlNode);
    const colon = this.text.indexOf(':', keyEnd);
    return colon >= 0 && this.text.slice(keyEnd, colon).trim() === '' ? colon + 1 : keyEnd;
  }
}

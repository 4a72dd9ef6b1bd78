import { isMap, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/** One step of a removal: item `index` of a list, or pair `index` of a map. */
export interface CutStep {
  readonly parent: YAMLSeq | YAMLMap;
  readonly index: number;
}

/**
 * The text range whose deletion removes the innermost item of `steps` and leaves a valid
 * document: when that item is the only one of its collection, the collection's own entry (the
 * next step out) goes instead, since CloudFormation rejects an empty list. Block YAML loses
 * whole lines; flow YAML and JSON lose the item with one of its commas. Undefined when no step
 * can be cut cleanly (the outermost collection would be left empty, or the layout is unusual).
 */
export function cutRange(text: string, steps: readonly CutStep[]): readonly [number, number] | undefined {
  for (const [i, step] of steps.entries()) {
    if (step.parent.items.length > 1 || i === steps.length - 1)
      return step.parent.items.length > 1 ? itemRange(text, step) : undefined;
  }
  return undefined;
}

/** The range of one item of a collection with more than one item. */
function itemRange(text: string, { parent, index }: CutStep): readonly [number, number] | undefined {
  return parent.flow ? flowItemRange(text, parent, index) : blockItemRange(text, parent, index);
}

/** Flow YAML or JSON: the item up to the next one's start, or the last one from the previous one's end. */
function flowItemRange(
  text: string,
  parent: YAMLSeq | YAMLMap,
  index: number,
): readonly [number, number] | undefined {
  const n = parent.items.length;
  if (index + 1 < n) {
    const start = itemStart(text, parent, index);
    const next = itemStart(text, parent, index + 1);
    return start !== undefined && next !== undefined ? [start, next] : undefined;
  }
  const previousEnd = itemEnd(parent, index - 1);
  const end = itemEnd(parent, index);
  return previousEnd !== undefined && end !== undefined ? [previousEnd, end] : undefined;
}

/** Block YAML: the item's whole lines, when nothing else shares them. */
function blockItemRange(
  text: string,
  parent: YAMLSeq | YAMLMap,
  index: number,
): readonly [number, number] | undefined {
  const start = itemStart(text, parent, index);
  const end = itemEnd(parent, index);
  if (start === undefined || end === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  if (!(isSeq(parent) ? /^\s*-\s+$/ : /^\s*$/).test(before)) return undefined;
  const last = start + text.slice(start, end).replace(/\s+$/, '').length;
  const nl = text.indexOf('\n', last);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  // A comment may follow on the last line; anything else would be cut with it.
  if (!/^\s*(#.*)?$/.test(text.slice(last, lineEnd).replace(/\r?\n$/, ''))) return undefined;
  return [lineStart, lineEnd];
}

function itemStart(text: string, parent: YAMLSeq | YAMLMap, index: number): number | undefined {
  const item = parent.items[index] as Node | Pair | undefined;
  const node = isMap(parent) ? ((item as Pair | undefined)?.key as Node | null | undefined) : (item as Node);
  return node?.range ? startWithTag(text, node) : undefined;
}

function itemEnd(parent: YAMLSeq | YAMLMap, index: number): number | undefined {
  const item = parent.items[index] as Node | Pair | undefined;
  const node = isMap(parent)
    ? (((item as Pair | undefined)?.value ?? (item as Pair | undefined)?.key) as Node | null | undefined)
    : (item as Node);
  return node?.range?.[1];
}

/** A node's start including its short-form tag (`!Ref`), which the parser's range leaves out. */
function startWithTag(text: string, node: Node): number {
  const start = node.range?.[0] ?? 0;
  const tag = node.tag;
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return start;
  let i = start;
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--;
  return text.slice(i - tag.length, i) === tag ? i - tag.length : start;
}

/**
 * The ranges that remove several items of one collection at once (`indices`, ascending): a run
 * of neighbours is one cut in flow YAML and JSON, so no comma is left dangling; when every item
 * goes, the collection's own entry goes instead (`outer`, as in `cutRange`).
 */
export function cutItems(
  text: string,
  parent: YAMLSeq | YAMLMap,
  indices: readonly number[],
  outer: readonly CutStep[],
): (readonly [number, number])[] | undefined {
  if (indices.length === parent.items.length) {
    const whole = cutRange(text, outer);
    return whole ? [whole] : undefined;
  }
  if (!parent.flow) {
    const ranges = indices.map((index) => blockItemRange(text, parent, index));
    return ranges.every((r) => r !== undefined) ? (ranges as (readonly [number, number])[]) : undefined;
  }
  const out: (readonly [number, number])[] = [];
  for (let k = 0; k < indices.length;) {
    let last = k;
    while (last + 1 < indices.length && indices[last + 1] === (indices[last] as number) + 1) last++;
    const first = indices[k] as number;
    const end = indices[last] as number;
    const range =
      end + 1 < parent.items.length
        ? [itemStart(text, parent, first), itemStart(text, parent, end + 1)]
        : [itemEnd(parent, first - 1), itemEnd(parent, end)];
    if (range[0] === undefined || range[1] === undefined) return undefined;
    out.push([range[0], range[1]]);
    k = last + 1;
  }
  return out;
}

/**
 * JSON structure with the offset of every node, for editing JSON in place (heredocs in
 * Terraform). Values are not decoded: a node keeps only its range.
 */

type Range = readonly [number, number];

export type JsonNode =
  | { readonly t: 'object'; readonly range: Range; readonly entries: readonly JsonEntry[] }
  | { readonly t: 'array'; readonly range: Range; readonly items: readonly JsonNode[] }
  | { readonly t: 'string'; readonly range: Range }
  | { readonly t: 'other'; readonly range: Range };

export interface JsonEntry {
  readonly key: string;
  readonly value: JsonNode;
  readonly range: Range;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Reads JSON structure with offsets into `src`, which may be a window of a larger text. */
export function parseJsonWithOffsets(src: string, from: number, to: number): JsonNode {
  let pos = from;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, pos);
  };
  const ws = (): void => {
    while (pos < to && /[ \t\r\n]/.test(src[pos] ?? '')) pos++;
  };
  const string = (): Range => {
    const start = pos;
    pos++;
    while (pos < to && src[pos] !== '"') {
      if (src[pos] === '\n') fail('a JSON string is not closed on its line');
      pos += src[pos] === '\\' ? 2 : 1;
    }
    if (pos >= to) fail('a JSON string is not closed');
    pos++;
    return [start, pos];
  };
  const value = (): JsonNode => {
    ws();
    const start = pos;
    const c = src[pos];
    if (pos >= to) fail('expected a JSON value');
    if (c === '"') return { t: 'string', range: string() };
    if (c === '{') {
      pos++;
      const entries: JsonEntry[] = [];
      ws();
      if (src[pos] === '}') pos++;
      else
        for (;;) {
          ws();
          if (src[pos] !== '"') fail('expected a JSON object key');
          const keyRange = string();
          const key = JSON.parse(src.slice(keyRange[0], keyRange[1])) as string;
          ws();
          if (src[pos] !== ':') fail('expected ":"');
          pos++;
          const v = value();
          entries.push({ key, value: v, range: [keyRange[0], v.range[1]] });
          ws();
          if (src[pos] === ',') pos++;
          else if (src[pos] === '}') {
            pos++;
            break;
          } else fail('expected "," or "}"');
        }
      return { t: 'object', entries, range: [start, pos] };
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (src[pos] === ']') pos++;
      else
        for (;;) {
          items.push(value());
          ws();
          if (src[pos] === ',') pos++;
          else if (src[pos] === ']') {
            pos++;
            break;
          } else fail('expected "," or "]"');
        }
      return { t: 'array', items, range: [start, pos] };
    }
    const m = /^(?:-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(
      src.slice(pos, Math.min(to, pos + 64)),
    );
    if (!m) return fail('expected a JSON value');
    pos += m[0].length;
    return { t: 'other', range: [start, pos] };
  };
  const root = value();
  ws();
  if (pos < to) fail('unexpected text after the JSON value');
  return root;
}

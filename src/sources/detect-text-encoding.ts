/** What the first bytes of a text file say about its encoding. */
export type TextEncodingGuess =
  { readonly kind: 'utf8'; readonly bomBytes: number } | { readonly kind: 'utf16'; readonly reason: string };

/** Why a UTF-16 file is refused, with the fix. */
export const UTF16_REASON = 'UTF-16 encoded text: convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)';

/**
 * Looks at a file's first bytes: a UTF-8 byte order mark is skipped (editors on Windows
 * write one), UTF-16 (with a BOM, or JSON whose ASCII bytes alternate with zeros) is
 * named as such, since JSON.parse would only say "Unexpected token".
 */
export function detectTextEncoding(head: Uint8Array): TextEncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { kind: 'utf8', bomBytes: 3 };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    return { kind: 'utf16', reason: UTF16_REASON };
  // Without a BOM: `{` or `[` next to a zero byte, in either byte order.
  const opener = (b: number | undefined): boolean => b === 0x7b || b === 0x5b;
  if (head.length >= 2 && ((opener(head[0]) && head[1] === 0) || (head[0] === 0 && opener(head[1]))))
    return { kind: 'utf16', reason: UTF16_REASON };
  return { kind: 'utf8', bomBytes: 0 };
}

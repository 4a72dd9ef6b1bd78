/** The longest line any report writes: long lists and prose wrap to stay under it. */
export const MAX_LINE = 200;

/**
 * Wraps already-escaped words into lines no longer than `width`: the first line starts with
 * `first`, the others with `rest` (indentation that keeps a list item together). A word too
 * long for any line is cut, because the limit matters more than where one giant name breaks.
 * A prefix that does not end in a space is followed by one.
 */
export function wrapWords(
  words: readonly string[],
  first: string,
  rest: string,
  width: number = MAX_LINE,
): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const flush = (): void => {
    lines.push(line.trimEnd());
    line = rest;
    empty = true;
  };
  for (const word of words) {
    if (word === '') continue;
    // A prefix such as `- Sources:` is followed by a space; an indent is not.
    const sep = empty ? (line === '' || /\s$/.test(line) ? '' : ' ') : ' ';
    if (line.length + sep.length + word.length <= width) {
      line += sep + word;
      empty = false;
      continue;
    }
    if (!empty) flush();
    let w = word;
    // Still too long on a line of its own: cut it into pieces that fit.
    while (line.length + w.length > width) {
      const room = Math.max(1, width - line.length);
      const cut = cutAt(w, room);
      line += w.slice(0, cut);
      w = w.slice(cut);
      flush();
    }
    if (w) {
      line += w;
      empty = false;
    }
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

// What a cut may not split: a backslash escape (its character would be live on the next line),
// an entity, the comment after `@`, a code tag, a surrogate pair (each half alone is invalid).
const ATOM = /\\[\s\S]|&#?[A-Za-z0-9]{1,8};|<!---->|<\/?code>|[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g;

/** The longest prefix of `word`, at most `room` long (at least one atom), that splits no atom. */
function cutAt(word: string, room: number): number {
  let cut = 0;
  for (const m of word.matchAll(ATOM)) {
    const end = cut + m[0].length;
    if (end > room && cut > 0) break;
    cut = end;
    if (cut >= room) break;
  }
  return cut;
}

/** Wraps escaped prose (split at spaces) into lines no longer than `width`. */
export function wrapText(text: string, first: string, rest: string, width: number = MAX_LINE): string[] {
  return wrapWords(text.split(' '), first, rest, width);
}

/** Wraps a list of escaped items, comma-separated, into lines no longer than `width`. */
export function wrapList(
  items: readonly string[],
  first: string,
  rest: string,
  width: number = MAX_LINE,
): string[] {
  return wrapWords(
    items.map((item, i) => (i < items.length - 1 ? `${item},` : item)),
    first,
    rest,
    width,
  );
}

import type { FindingEvidence } from '../model/finding.js';
import { md, mdCode } from './markdown-escape.js';
import { wrapList as wrapListRaw, wrapText as wrapTextRaw } from './wrap-text.js';

// What would start a block (heading, quote, list, fence, setext underline, thematic break) at the
// start of a line: `mdCode` leaves `#`, `-` and digits as they are and `md` leaves `=`, so a
// wrapped line that begins with one of them would turn input into structure.
const BLOCK_START = /^([#>+*=_~`-]|\d{1,9}(?=[.)]))/;

/**
 * The lines of a wrapped paragraph with every line after the first made unable to start a
 * block: its first character is backslash-escaped (inside `<code>` too, whose content is still
 * Markdown). The first line starts with the caller's own prefix.
 */
export function unblock(lines: readonly string[], rest: string): string[] {
  return lines.map((line, i) => {
    if (i === 0 || !line.startsWith(rest)) return line;
    const text = line.slice(rest.length);
    const m = BLOCK_START.exec(text);
    if (!m) return line;
    // `1.` is escaped at its dot, the rest at the character itself.
    const at = /^\d/.test(m[0]) ? m[0].length : 0;
    return `${rest}${text.slice(0, at)}\\${text.slice(at)}`;
  });
}

/** As wrap-text's, with {@link unblock}; a list item's `- ` belongs in `first`, so no line is a bare `-`. */
export function wrapMarkdownText(text: string, first: string, rest: string): string[] {
  return unblock(wrapTextRaw(text, first, rest), rest);
}

/** As wrap-text's `wrapList`, with {@link unblock}. */
export function wrapMarkdownList(items: readonly string[], first: string, rest: string): string[] {
  return unblock(wrapListRaw(items, first, rest), rest);
}

/** One finding's evidence item: where it comes from, what it says, and its counts, times and caller. */
export function evidenceItemMarkdown(e: FindingEvidence): string {
  const facts = [
    ...(e.count !== undefined ? [`count ${e.count}`] : []),
    ...(e.firstSeen !== undefined || e.lastSeen !== undefined
      ? [
          e.firstSeen !== undefined && e.lastSeen !== undefined && e.firstSeen !== e.lastSeen
            ? `${md(e.firstSeen)} → ${md(e.lastSeen)}`
            : md(e.lastSeen ?? e.firstSeen ?? ''),
        ]
      : []),
    ...(e.actor !== undefined ? [`by ${mdCode(e.actor)}`] : []),
    ...(e.eventId !== undefined ? [`event ${mdCode(e.eventId)}`] : []),
  ];
  return `${md(e.source)}: ${md(e.detail)}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

/** The first `max` items and a count of the rest. */
export function cutList(items: readonly string[], max: number): string[] {
  return items.length <= max ? [...items] : [...items.slice(0, max), `and ${items.length - max} more`];
}

/** The characters the lines take once joined (one line feed each, one more than joined text has). */
export function linesSize(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/** How many of the blocks (a line or lines each), from the first, fit in `room` characters. */
export function blocksFitting(blocks: readonly (string | readonly string[])[], room: number): number {
  let used = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as string | readonly string[];
    used += linesSize(typeof b === 'string' ? [b] : b);
    if (used > room) return i;
  }
  return blocks.length;
}

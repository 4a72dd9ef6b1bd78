import { replaceHiddenCharacters } from '../model/hidden-characters.js';

/**
 * The escaping rule for a terminal (stdout and stderr that a person reads). Log fields,
 * templates and arguments are attacker-controlled: an ESC starts a sequence that clears the
 * screen or writes an OSC 8 hyperlink, BEL rings, CR overwrites a line, bidi controls
 * reorder it and zero-width characters hide in it. Every such character (the set is
 * src/model/hidden-characters.ts) is shown as a visible escape — `\u001b`, `\u202e`, and
 * `\u{e0041}` beyond the BMP — never dropped, so a reader sees that something is there.
 */
export function terminalSafe(text: string): string {
  return replaceHiddenCharacters(text, visibleEscape);
}

/**
 * {@link terminalSafe} for a whole text of several lines (a diff, a stack trace): line feeds
 * and tabs are its layout and stay; every other hidden character is escaped.
 */
export function terminalSafeText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.split('\t').map(terminalSafe).join('\t'))
    .join('\n');
}

function visibleEscape(codePoint: number): string {
  const hex = codePoint.toString(16);
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

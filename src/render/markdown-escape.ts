import { replaceHiddenCharacters } from '../model/hidden-characters.js';
import { jsonText } from './json-text.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * The escaping rule for Markdown (the `suggest --format markdown` report and the PR body),
 * including inside table cells. Log fields, templates and policies are attacker-controlled,
 * so every field from outside goes through here:
 *
 * - Hidden characters (controls, bidi, zero-width: src/model/hidden-characters.ts) are shown
 *   as the terminal shows them, `\u202e`, so a reviewer sees that something is there.
 * - HTML is neutralised (`&`, `<`, `>` as entities) and Markdown syntax is backslash-escaped;
 *   no line break is left, so a field cannot start a new block. `=` is escaped too: a
 *   wrapped line of only `=` would turn the line above it into a heading.
 * - `@name` and `#123` are followed by an empty HTML comment (`@<!---->name`). GitHub links
 *   mentions and issue references after rendering, so a backslash (`\@`) and an entity
 *   (`&#64;`) both still ping; the comment splits the text node the mention would be found
 *   in, renders as nothing and is not a zero-width character that would hide in a copy.
 */
export function md(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-=.!|~@]/g, (c) =>
      c === '@' ? '@<!---->' : c === '#' ? '\\#<!---->' : `\\${c}`,
    );
}

/**
 * A value shown as code. Backslash escapes do not work inside code spans, so no span is used:
 * `<code>` with the same escapes. GitHub finds no mention or reference inside `<code>`; `@` is
 * written `&#64;` all the same, so the source never shows a live-looking mention.
 */
export function mdCode(text: string): string {
  return `<code>${visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\|/g, '&#124;')
    .replace(/([\\`*_[\]])/g, '\\$1')}</code>`;
}

/**
 * JSON for a fenced block, one string per line: hidden characters as `\u` escapes (valid JSON,
 * so a copy still parses to the same value). The caller picks a fence no line can close.
 */
export function mdJsonLines(value: unknown): string[] {
  return jsonText(value).split('\n');
}

/** Hidden characters as the terminal shows them; the backslash is escaped with the rest. */
function visible(text: string): string {
  return replaceHiddenCharacters(text, (cp) => terminalSafe(String.fromCodePoint(cp)));
}

/**
 * A value shown as code in a fenced block, one string per line, each prefixed by `indent`
 * (the indentation that keeps it inside a list item): for text with real line breaks, such
 * as a multi-line template expression, which a code span would show as `\u000a`. Nothing is
 * live inside a fence (no HTML, no mention), so only hidden characters are made visible; the
 * fence is longer than any run of backticks in the text, so no line can close it.
 */
export function mdCodeBlock(text: string, indent = ''): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(visible);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, ...lines, fence].map((l) => `${indent}${l}`.trimEnd());
}

import { terminalSafe } from './terminal-safe.js';

const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The escaping rule for the HTML reports, for text and for quoted attribute values alike.
 * Log fields, templates and policies are attacker-controlled: `&`, `<`, `>`, `"` and `'`
 * become entities, so no input can open a tag, close `<script>` or leave an attribute; hidden
 * characters (controls, bidi overrides, zero-width: src/model/hidden-characters.ts) are shown
 * as the terminal shows them, `\u202e`, so a reader sees that something is there instead of
 * text reordered by the browser.
 */
export function html(text: string): string {
  return terminalSafe(text).replace(/[&<>"']/g, (c) => ENTITY[c] ?? c);
}

/** Text cut to `max` characters (code points) with an ellipsis, before escaping (which can lengthen it). */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** {@link html} for a text of several lines (JSON in a `<pre>`): its line feeds are layout and stay. */
export function htmlLines(text: string): string {
  return text.split('\n').map(html).join('\n');
}

// Control characters, line separators, and the bidi overrides and isolates that reorder
// text so a reviewer reads something other than what is there.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes text for Markdown, including inside table cells. Log fields are
 * attacker-controlled (eventName, userAgent, resource names), so everything from the
 * evidence goes through here: HTML is neutralized, Markdown syntax is backslash-escaped,
 * and line breaks and control characters cannot start a new block.
 */
export function md(text: string): string {
  return (
    text
      .replace(HIDDEN, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
      // `@name` would notify a GitHub user or team from a pull request. Last, so that the
      // entity's `#` is not escaped.
      .replace(/@/g, '&#64;')
  );
}

/** A value shown as code; backslash escapes do not work inside code spans, so no span is used. */
export function mdCode(text: string): string {
  return `<code>${text
    .replace(HIDDEN, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\|/g, '&#124;')
    .replace(/([\\`*_[\]])/g, '\\$1')}</code>`;
}

/**
 * Escapes text for Markdown, including inside table cells. Log fields are
 * attacker-controlled (eventName, userAgent, resource names), so everything from the
 * evidence goes through here: HTML is neutralized, Markdown syntax is backslash-escaped,
 * and line breaks and control characters cannot start a new block.
 */
export function md(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
  );
}

/** A value shown as code; backslash escapes do not work inside code spans, so no span is used. */
export function mdCode(text: string): string {
  return `<code>${text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/([\\`*_[\]])/g, '\\$1')}</code>`;
}

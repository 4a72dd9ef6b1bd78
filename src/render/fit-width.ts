import stringWidth from 'string-width';

const ELLIPSIS = '…';

/** The columns `text` takes on a terminal (wide CJK characters take two, combining marks none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * `text` cut to at most `width` terminal columns, ending in an ellipsis when something was
 * cut. A line that wraps breaks tables and, for the progress line, stacks a new line at
 * every refresh, so a terminal's output is cut rather than wrapped. Undefined width: as is.
 */
export function truncateToWidth(text: string, width: number | undefined): string {
  if (width === undefined || displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + ELLIPSIS;
}

/**
 * Replacements of ranges of a text, the one way iamtrim changes a template: every other
 * character of the file stays as it was. Offsets are string indices (UTF-16 code units).
 */
import { InvariantError } from '../../errors/iamtrim-error.js';

/** A replacement of one range of a file. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies non-overlapping edits to a text, last first so offsets stay valid. New lines follow
 * the file's own line endings (a CRLF file stays CRLF), whatever the renderer wrote.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  const crlf = usesCrlf(text);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new InvariantError('overlapping edits');
    const inserted = crlf ? e.text.replace(/\r?\n/g, '\r\n') : e.text;
    out = out.slice(0, e.start) + inserted + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Whether a text's line breaks are CRLF, judged by its first one. */
export function usesCrlf(text: string): boolean {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r';
}

/**
 * The characters no output of iamtrim carries raw when they came from outside (log fields,
 * templates, policies, arguments): each output kind (terminal, Markdown, YAML/JSON/HCL)
 * writes them as a visible escape instead, so a reader sees that something is there.
 *
 * - `Cc`: C0 controls (ESC, BEL, CR, …), DEL and the C1 controls, which drive a terminal
 *   (clear screen, OSC 8 hyperlinks, window titles) or overwrite a line.
 * - `Cf`: format characters, among them the bidi embeddings, overrides and isolates
 *   (U+202A–202E, U+2066–2069), the marks U+200E, U+200F and U+061C, the zero-width
 *   characters U+200B–200D, U+2060 and U+FEFF, the soft hyphen and the tag characters:
 *   all reorder or hide text, so a reviewer reads something other than what is there.
 * - `Zl`, `Zp`: U+2028 and U+2029, line breaks to some readers and not to others.
 * - `Cs`: a lone surrogate, which no UTF-8 output can carry and would become U+FFFD.
 * - The Hangul fillers, letters that draw nothing, and all of U+2060–206F and of the tags
 *   block U+E0000–E007F, whose unassigned code points are as invisible as the assigned ones.
 */
export const HIDDEN_CHARACTER =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115f\u1160\u3164\uffa0\u2060-\u206f\u{e0000}-\u{e007f}]/gu;

// A quick first look, about ten times faster than the property classes on a large text (a
// 27 MB usage report): every BMP character HIDDEN_CHARACTER matches, and every surrogate
// (where the astral ones, such as the tag characters, live). A test checks it covers the set.
// The second leaves out tab, line feed and carriage return, the layout of indented JSON.
const MAYBE_HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff]/;
const MAYBE_HIDDEN_BESIDES_LAYOUT = new RegExp(
  MAYBE_HIDDEN.source.replace('\\u0000-\\u001f', '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f'),
);

/** For the test that checks the quick look covers {@link HIDDEN_CHARACTER}. */
export const MAYBE_HIDDEN_SOURCE = MAYBE_HIDDEN.source;

/** True when the text holds a character of {@link HIDDEN_CHARACTER}. */
export function hasHiddenCharacter(text: string): boolean {
  return new RegExp(HIDDEN_CHARACTER.source, 'u').test(text);
}

/**
 * Replaces each hidden character by what `escape` makes of its code point. Callers supply the
 * escape of their output kind (`\u001b` on a terminal, `\e` in YAML, …).
 */
export function replaceHiddenCharacters(text: string, escape: (codePoint: number) => string): string {
  if (!MAYBE_HIDDEN.test(text)) return text;
  return text.replace(HIDDEN_CHARACTER, (c) => escape(c.codePointAt(0) as number));
}

/**
 * `\uXXXX` for each UTF-16 unit of the code point (a surrogate pair beyond the BMP): the escape
 * JSON, YAML double-quoted scalars and JavaScript read back as the same string.
 */
export function utf16Escape(codePoint: number): string {
  return String.fromCodePoint(codePoint)
    .split('')
    .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
}

/**
 * JSON text with every hidden character written as a `\u` escape. `JSON.stringify` escapes
 * C0 controls and lone surrogates itself but writes DEL, C1, bidi and zero-width characters
 * raw; they only ever occur inside strings, where the escape parses back to the same text.
 * The text must come from `JSON.stringify`.
 */
export function escapeHiddenInJson(json: string): string {
  // Line feeds and indentation are the layout of `JSON.stringify(v, null, 2)`: inside a string
  // it has written them as `\n` and `\t` already.
  if (!MAYBE_HIDDEN_BESIDES_LAYOUT.test(json)) return json;
  return replaceHiddenCharacters(json, (cp) =>
    cp === 0x0a || cp === 0x09 || cp === 0x0d ? String.fromCodePoint(cp) : utf16Escape(cp),
  );
}

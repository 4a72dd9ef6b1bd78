import fc from 'fast-check';

const ESC = '\u001b';
const BEL = '\u0007';

/** Pieces an attacker puts in a log field, a secret name or a template value. */
export const HOSTILE_PIECES: readonly string[] = [
  `${ESC}[2J`,
  `${ESC}[31m`,
  `${ESC}]8;;https://evil.example/${BEL}click${ESC}]8;;${BEL}`,
  `${ESC}]0;title${ESC}\\`,
  BEL,
  '\u0000',
  '\b',
  '\f',
  '\r',
  '\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00ad',
  // Bidi controls and marks.
  ...['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'],
  ...['\u200e', '\u200f', '\u061c'],
  // Zero-width characters.
  ...['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'],
  '\u2028',
  '\u2029',
  '\u{e0041}',
  '\ud800',
  '\u3164',
  // Markdown, HTML and GitHub references.
  '@octocat',
  '@org/team',
  '#123',
  'GH-1',
  '`',
  '```',
  '*bold*',
  '_u_',
  '[x](https://evil.example)',
  '![i](x)',
  '<img src=x onerror=alert(1)>',
  '<!--',
  '&amp;',
  '&#64;',
  '|',
  '\\',
  '# heading',
  '- item',
  '1. item',
  '> quote',
  '~~',
  '$x$',
  // Template syntax.
  '${aws:username}',
  '%{if x}',
  '$${',
  '"',
  "'",
  ': ',
  ' #',
  '{a: b}',
  '- ',
  'null',
  'true',
  '!Ref x',
  '&anchor',
  '*alias',
  'é',
  '中文',
  '😀',
  'arn:aws:secretsmanager:us-east-1:1:secret:db',
];

/** Strings built from hostile pieces and arbitrary text, the unit of every escaping property. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** The code points no escaped output may carry (the brief's list, independent of src/). */
export const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\u3164\u{e0000}-\u{e007f}]|\p{Cs}/u;

/** {@link FORBIDDEN} for a text of lines: the line feed that ends a line is allowed. */
export const FORBIDDEN_IN_TEXT =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\u3164\u{e0000}-\u{e007f}]|\p{Cs}/u;

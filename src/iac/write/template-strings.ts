/**
 * The escaping rule for strings iamtrim writes into a template (`patch --write`): one quoting
 * function per syntax. Values come from logs and policies and are attacker-controlled; a
 * hidden character (controls such as ESC and BEL, bidi and zero-width characters: the set is
 * src/model/hidden-characters.ts) is written as an escape of the syntax, so the template never
 * holds the raw byte, a reviewer of the diff sees it, and a parser reads back the same string.
 */
import {
  escapeHiddenInJson,
  hasHiddenCharacter,
  replaceHiddenCharacters,
} from '../../model/hidden-characters.js';

/** The quoting function of one template syntax. */
export type QuoteString = (text: string) => string;

/** A JSON string: `JSON.stringify`, with the characters it leaves raw written as `\u` escapes. */
export const jsonString: QuoteString = (text) => escapeHiddenInJson(JSON.stringify(text));

/**
 * A string in a Terraform heredoc that holds JSON: the heredoc keeps backslashes, so JSON reads
 * the escapes; `$${` and `%%{` keep IAM variables (`${aws:username}`) from being interpolated.
 */
export const heredocJsonString: QuoteString = (text) => templateLiteral(jsonString(text));

/**
 * An HCL quoted string. HCL knows only `\n \r \t \" \\ \uNNNN \UNNNNNNNN` (not JSON's `\b` or
 * `\f`), and interpolates `${` and `%{` unless doubled.
 */
export const hclString: QuoteString = (text) => {
  const body = replaceHiddenCharacters(
    text.replace(/[\\"]/g, (c) => `\\${c}`),
    (cp) => {
      if (cp === 0x0a) return '\\n';
      if (cp === 0x0d) return '\\r';
      if (cp === 0x09) return '\\t';
      const hex = cp.toString(16);
      return cp > 0xffff ? `\\U${hex.padStart(8, '0')}` : `\\u${hex.padStart(4, '0')}`;
    },
  );
  return `"${templateLiteral(body)}"`;
};

/**
 * A YAML double-quoted scalar: `\\`, `"` and every hidden character escaped (`\x1b`,
 * `\u202e`, `\U000e0041`), which YAML 1.1 and 1.2 parsers read back the same.
 */
export const yamlDoubleQuoted: QuoteString = (text) =>
  `"${replaceHiddenCharacters(
    text.replace(/[\\"]/g, (c) => `\\${c}`),
    (cp) => {
      const hex = cp.toString(16);
      if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
      return cp > 0xffff ? `\\U${hex.padStart(8, '0')}` : `\\u${hex.padStart(4, '0')}`;
    },
  )}"`;

/**
 * A YAML scalar for block YAML: plain when YAML reads it back unchanged, single-quoted when it
 * needs quoting, double-quoted (with escapes) when it holds a hidden character, which a
 * single-quoted scalar could only carry raw.
 */
export const yamlString: QuoteString = (text) => {
  if (
    // A digit first could read as a number, a date or YAML 1.1's base 60 (`1:20`); a colon
    // last, as a key; y, n, yes, on, … as booleans in YAML 1.1.
    /^[A-Za-z/$][A-Za-z0-9:/._*?${}@+=,()-]*$/.test(text) &&
    !/: |#|:$/.test(text) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(text)
  )
    return text;
  if (hasHiddenCharacter(text)) return yamlDoubleQuoted(text);
  return `'${text.replace(/'/g, "''")}'`;
};

function templateLiteral(quoted: string): string {
  // A function, not '$${': in a replacement string `$$` is itself one `$`.
  return quoted.replace(/([$%])\{/g, (_, sign: string) => `${sign}${sign}{`);
}

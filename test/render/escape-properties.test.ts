import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md, mdCode, mdJsonLines } from '../../src/render/markdown-escape.js';
import { terminalSafe, terminalSafeText } from '../../src/render/terminal-safe.js';
import { FORBIDDEN, hostileString } from '../support/hostile-strings.js';

// One escaping rule per output kind, over generated hostile strings (controls, OSC 8, bidi,
// zero-width, Markdown and HTML syntax, mentions). Templates: test/iac/template-strings.test.ts.

/** Reads the terminal's visible escapes back (`\u001b`, `\u{e0041}`). */
function unescapeTerminal(text: string): string {
  return text.replace(/\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})/g, (_, long: string, short: string) =>
    String.fromCodePoint(parseInt(long ?? short, 16)),
  );
}

/** What a CommonMark reader shows for md()'s output: comments, escapes and entities resolved. */
function readMarkdown(text: string): string {
  return text
    .replace(/<!---->/g, '')
    .replace(/&(amp|lt|gt|#64|#124);|\\([!-/:-@[-`{-~])/g, (_, entity: string, escaped: string) =>
      escaped !== undefined
        ? escaped
        : ({ amp: '&', lt: '<', gt: '>', '#64': '@', '#124': '|' } as Record<string, string>)[entity]!,
    );
}

describe('terminal: terminalSafe', () => {
  it('leaves no control, bidi or zero-width character, and shows each one (it reads back)', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const out = terminalSafe(s);
        expect(out).not.toMatch(FORBIDDEN);
        // Without a backslash in the input, every escape in the output stands for a character.
        if (!s.includes('\\')) expect(unescapeTerminal(out)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('a text of several lines keeps its line feeds and tabs, and nothing else raw', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const out = terminalSafeText(s);
        expect(out.replace(/[\n\t]/g, '')).not.toMatch(FORBIDDEN);
        expect(out.split('\n')).toHaveLength(s.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['clear screen', '\u001b[2J', '\\u001b[2J'],
    ['OSC 8 link and BEL', '\u001b]8;;http://x\u0007y', '\\u001b]8;;http://x\\u0007y'],
    ['right-to-left override', 'a\u202eb', 'a\\u202eb'],
    ['left-to-right mark', '\u200e', '\\u200e'],
    ['right-to-left mark', '\u200f', '\\u200f'],
    ['Arabic letter mark', '\u061c', '\\u061c'],
    ['zero-width space', 'a\u200bb', 'a\\u200bb'],
    ['word joiner', '\u2060', '\\u2060'],
    ['byte order mark', '\ufeff', '\\ufeff'],
    ['DEL', '\u007f', '\\u007f'],
    ['C1 CSI', '\u009b', '\\u009b'],
    ['tag character', '\u{e0041}', '\\u{e0041}'],
  ])('%s is shown as an escape', (_, input, shown) => {
    expect(terminalSafe(input)).toBe(shown);
  });
});

describe('Markdown: md', () => {
  it('leaves no hidden character, no live mention or reference, no HTML, no unescaped syntax', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const out = md(s);
        expect(out).not.toMatch(FORBIDDEN);
        // Every `@` and `#` is followed by the empty comment that stops GitHub's autolinking.
        expect(out).not.toMatch(/@(?!<!---->)/);
        expect(out).not.toMatch(/#(?!<!---->)/);
        const bare = out
          .replace(/<!---->/g, '')
          .replace(/&(amp|lt|gt);/g, '')
          .replace(/\\./g, '');
        expect(bare).not.toMatch(/[<>&\\`*_{}[\]()#+\-.!|~]/);
        // A reader sees the input, hidden characters shown as the terminal shows them.
        expect(readMarkdown(out)).toBe(terminalSafe(s));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a mention', '@octocat', '@<!---->octocat'],
    ['a team mention', '@org/team', '@<!---->org/team'],
    ['an issue reference', '#12', '\\#<!---->12'],
    ['a right-to-left override', 'a\u202eb', 'a\\\\u202eb'],
    ['a zero-width space', 'a\u200bb', 'a\\\\u200bb'],
  ])('%s is neutralised', (_, input, written) => {
    expect(md(input)).toBe(written);
  });
});

describe('Markdown: mdCode', () => {
  it('leaves no hidden character, no pipe, backtick or HTML that could end the cell or the code', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const out = mdCode(s);
        expect(out).not.toMatch(FORBIDDEN);
        const inner = out.slice('<code>'.length, -'</code>'.length);
        const bare = inner.replace(/&(amp|lt|gt|#64|#124);/g, '').replace(/\\./g, '');
        expect(bare).not.toMatch(/[<>&|`@\\]/);
        expect(readMarkdown(inner)).toBe(terminalSafe(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Markdown: JSON in a fenced block', () => {
  it('parses back to the same value and carries no hidden character', () => {
    fc.assert(
      fc.property(fc.array(hostileString, { maxLength: 4 }), hostileString, (values, key) => {
        const value = { [key]: values, Resource: values[0] ?? '' };
        const lines = mdJsonLines(value);
        for (const l of lines) expect(l).not.toMatch(FORBIDDEN);
        expect(JSON.parse(lines.join('\n'))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});

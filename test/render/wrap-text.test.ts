import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapList, wrapWords } from '../../src/render/wrap-text.js';

describe('wrapWords', () => {
  it('keeps every line within the width and loses no character', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1, maxLength: 300, size: 'max' }).filter((w) => !/\s/.test(w)),
          { maxLength: 60 },
        ),
        fc.integer({ min: 20, max: 200 }),
        (words, width) => {
          const lines = wrapWords(words, '- ', '  ', width);
          for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
          const strip = (s: string): string => s.replace(/\s/g, '');
          expect(strip(lines.map((l, i) => (i === 0 ? l.replace(/^- ?/, '') : l)).join(''))).toBe(
            strip(words.join('')),
          );
        },
      ),
    );
  });

  it('starts continuation lines with the indent, and separates a prefix from the first word', () => {
    const lines = wrapList(['aaaa', 'bbbb', 'cccc'], '- x:', '  ', 12);
    expect(lines).toEqual(['- x: aaaa,', '  bbbb, cccc']);
  });

  it('cuts a long word between escapes, entities, comments and surrogate pairs, never inside one', () => {
    const atoms = ['\\*', '\\\\', '&amp;', '&#124;', '@<!---->', '<code>', '😀', 'a'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...atoms), { minLength: 30, maxLength: 120 }),
        fc.integer({ min: 20, max: 60 }),
        (parts, width) => {
          const word = parts.join('');
          const lines = wrapWords([word], '', '', width);
          expect(lines.join('')).toBe(word);
          for (const l of lines) {
            // No line ends in an odd run of backslashes (which would escape the next line's start).
            expect((/\\*$/.exec(l)?.[0].length ?? 0) % 2).toBe(0);
            expect(l).not.toMatch(/&#?[A-Za-z0-9]*$|<!?-*$|<\/?c?o?d?e?$/);
            expect(l).not.toMatch(/\p{Cs}/u);
          }
        },
      ),
    );
  });
});

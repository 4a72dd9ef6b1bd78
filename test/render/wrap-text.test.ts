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
});

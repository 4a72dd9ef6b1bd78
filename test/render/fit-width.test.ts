import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, truncateToWidth } from '../../src/render/fit-width.js';

describe('truncateToWidth', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven chars', 10, 'eleven ch…'],
    // Wide characters take two columns each: four of them fill eight.
    ['日本語のテキスト', 9, '日本語の…'],
    ['abc', 1, '…'],
    ['abc', 0, ''],
  ])('%j in %i columns is %j', (text, width, expected) => {
    expect(truncateToWidth(text, width)).toBe(expected);
  });

  it('returns the text as is without a width', () => {
    expect(truncateToWidth('x'.repeat(500), undefined)).toBe('x'.repeat(500));
  });

  it('never exceeds the width, and keeps a prefix of the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.integer({ min: 1, max: 100 }),
        (text, width) => {
          const cut = truncateToWidth(text, width);
          expect(displayWidth(cut)).toBeLessThanOrEqual(width);
          if (cut === text) return;
          expect(cut.endsWith('…')).toBe(true);
          expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});

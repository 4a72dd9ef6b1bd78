import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/fit-width.js';
import { renderSuggestTable } from '../../src/render/suggest-table.js';
import { broadReport } from './broad-report.js';

describe('renderSuggestTable at a terminal width', () => {
  const many = { ...broadReport, functions: Array.from({ length: 25 }, (_, i) => `orders-fn-${i}`) };

  it('fits every line to the width, and wraps (never cuts) the function list', () => {
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 200 }), (width) => {
        const text = renderSuggestTable(many, width);
        for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        for (const f of many.functions) expect(text).toContain(f);
      }),
    );
  });

  it('is unchanged when everything already fits', () => {
    expect(renderSuggestTable(broadReport, 1000)).toBe(renderSuggestTable(broadReport));
  });
});

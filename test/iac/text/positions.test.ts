import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnOf, LineIndex, lineNumbers } from '../../../src/iac/text/positions.js';

// The oracle counts by hand: the line is one more than the newlines before the offset, the
// column the characters since the last of them.
function expected(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length };
}

const texts = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '-', 'é') });

describe('positions', () => {
  it('LineIndex, lineNumbers and columnOf agree with counting newlines, at every offset', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const index = new LineIndex(text);
        const lineOf = lineNumbers(text);
        for (let offset = 0; offset <= text.length; offset++) {
          const want = expected(text, offset);
          expect({ line: index.line(offset), column: index.column(offset) }).toEqual(want);
          expect(lineOf(offset)).toBe(want.line);
          expect(columnOf(text, offset)).toBe(want.column);
        }
      }),
    );
  });
});

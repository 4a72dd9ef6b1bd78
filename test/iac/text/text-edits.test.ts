import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../../src/errors/iamtrim-error.js';
import { applyEdits } from '../../../src/iac/text/text-edits.js';

describe('applyEdits', () => {
  it('applies edits given in any order against the original offsets', () => {
    const text = 'Action: [a, b, c]';
    expect(
      applyEdits(text, [
        { start: 15, end: 16, text: 'z' },
        { start: 9, end: 10, text: 'x' },
      ]),
    ).toBe('Action: [x, b, z]');
  });

  it('refuses overlapping edits as a broken invariant', () => {
    const edits = [
      { start: 2, end: 6, text: 'x' },
      { start: 4, end: 8, text: 'y' },
    ];
    expect(() => applyEdits('0123456789', edits)).toThrow(InvariantError);
  });
});

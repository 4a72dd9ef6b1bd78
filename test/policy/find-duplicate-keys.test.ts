import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from '../../src/policy/find-duplicate-keys.js';

describe('findDuplicateKeys', () => {
  it('finds nothing in any text JSON.stringify writes (its objects cannot repeat a key)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(findDuplicateKeys(JSON.stringify(value, null, pretty ? 2 : undefined))).toEqual([]);
      }),
    );
  });

  it('finds a key repeated in any object, at its path, whatever the strings around it hold', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.jsonValue(), (key, other, value) => {
        fc.pre(key !== other);
        const inner = `{${JSON.stringify(other)}:${JSON.stringify(value)},${JSON.stringify(key)}:1,${JSON.stringify(key)}:2}`;
        const text = `{"a":[0,${inner}]}`;
        const found = findDuplicateKeys(text);
        expect(found.map((d) => d.key)).toEqual([key]);
        expect(found[0]?.path.startsWith('$.a[1]')).toBe(true);
      }),
    );
  });
});

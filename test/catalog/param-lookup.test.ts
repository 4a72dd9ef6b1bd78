import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupParam, lookupStrings } from '../../src/catalog/param-lookup.js';

/** The definition `lookupParam` must keep: exact key first, else the first key equal ignoring case. */
function lookupBySpec(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const raw of path.split('.')) {
    const segment = raw.endsWith('[]') ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
        const rec = item as Record<string, unknown>;
        const key = Object.hasOwn(rec, segment)
          ? segment
          : Object.keys(rec).find((k) => k.toLowerCase() === segment.toLowerCase());
        const found = key === undefined ? undefined : rec[key];
        if (found === undefined || found === null) continue;
        if (Array.isArray(found)) next.push(...found);
        else next.push(found);
      }
    }
    current = next;
    if (current.length === 0) return current;
  }
  return current;
}

// Keys that collide case-insensitively, differ in length, or lower-case to ASCII from
// non-ASCII letters (U+212A KELVIN SIGN → k, U+0130 → i̇ which changes length).
const key = fc.constantFrom(
  'tableName',
  'TableName',
  'TABLENAME',
  'name',
  'Name',
  '\u212Aey',
  'key',
  'KEY',
  'İd',
  'İD',
  'id',
  'items',
  'Items',
  '__proto__',
  'constructor',
);
const params = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 3 }),
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).object;
const path = fc
  .array(fc.tuple(key, fc.boolean()), { minLength: 1, maxLength: 3 })
  .map((segments) => segments.map(([k, fan]) => (fan ? `${k}[]` : k)).join('.'));

describe('lookupParam', () => {
  it('finds what an exact-then-case-insensitive search of every key finds', () => {
    fc.assert(
      fc.property(params, path, (root, p) => {
        expect(lookupParam(root, p)).toEqual(lookupBySpec(root, p));
      }),
      { numRuns: 3000 },
    );
  });

  it('lookupStrings keeps, in the same order, the non-empty strings and the numbers lookupParam finds', () => {
    fc.assert(
      fc.property(params, path, (root, p) => {
        const expected = lookupBySpec(root, p).flatMap((v) =>
          typeof v === 'string' && v.length > 0 ? [v] : typeof v === 'number' ? [String(v)] : [],
        );
        expect(lookupStrings(root, p)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

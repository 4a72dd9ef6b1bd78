import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrailTime } from '../../src/sources/parse-trail-time.js';

const at = (s: string): number => parseTrailTime(`xx${s}yy`, 2, 2 + s.length);

/** Two decimal digits, sometimes out of range or not digits at all. */
const field = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0')),
    fc.constantFrom('00', '24', '29', '30', '31', '32', '60', '99', '1a', ' 1', '-1'),
  );

describe('parseTrailTime', () => {
  it('equals Date.parse on CloudTrail-shaped times, in range or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1960, max: 2100 }).map(String), fc.constantFrom('0000', '20a4', '99999')),
        field(12),
        field(31),
        field(23),
        field(59),
        field(59),
        fc.constantFrom('Z', 'z', '+'),
        (y, mo, d, h, mi, s, z) => {
          const text = `${y}-${mo}-${d}T${h}:${mi}:${s}${z}`;
          expect(Object.is(at(text), Date.parse(text))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    '2024-05-03T19:50:12Z',
    '2024-02-29T23:59:59Z',
    '2024-02-31T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-05-03T19:50:12.123Z',
    '2024-05-03 19:50:12Z',
    'not a time',
    '',
  ])('equals Date.parse on %j', (text) => {
    expect(Object.is(at(text), Date.parse(text))).toBe(true);
  });

  it('reads only its own span of the text', () => {
    expect(parseTrailTime('"2024-05-03T19:50:12Z","x"', 1, 21)).toBe(Date.UTC(2024, 4, 3, 19, 50, 12));
  });
});

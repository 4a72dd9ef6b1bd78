import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventTime } from '../../src/normalize/parse-event-time.js';

// Two digits in 00..99 (so out-of-range months, days and times are generated too).
const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const fourDigits = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));

/** CloudTrail's shape, `YYYY-MM-DDTHH:MM:SSZ`, with any digits in each field. */
const cloudTrailShaped = fc
  .tuple(fourDigits, twoDigits, twoDigits, twoDigits, twoDigits, twoDigits)
  .map(([y, mo, d, h, mi, s]) => `${y}-${mo}-${d}T${h}:${mi}:${s}Z`);

/** Real instants across the years CloudTrail and the tests use, written as CloudTrail does. */
const realTimes = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => `${d.toISOString().slice(0, 19)}Z`);

/** One character of a valid time replaced by anything. */
const mangled = fc
  .tuple(realTimes, fc.nat({ max: 19 }), fc.string({ minLength: 0, maxLength: 2, unit: 'binary' }))
  .map(([t, i, s]) => t.slice(0, i) + s + t.slice(i + 1));

// Same-length texts that break the shape or hold a non-digit where a digit belongs.
const odd = fc.constantFrom(
  '2024-02-30T00:00:00Z',
  '2023-02-29T12:00:00Z',
  '2024-02-29T12:00:00Z',
  '2100-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T23:60:00Z',
  '2024-01-01T23:59:60Z',
  '2024-01-01t00:00:00Z',
  '2024-01-01T00:00:00z',
  '0000-01-01T00:00:00Z',
  '2024-1a-01T00:00:00Z',
  '2024-01-01T0 :00:00Z',
  '２０２４-01-01T00:00:00Z',
  '2024-01-01T00:00:00.123Z',
  '2024-01-01T00:00:00+01:00',
  '2024-01-01',
  '',
);

describe('parseEventTime', () => {
  it('is exactly Date.parse on CloudTrail-shaped texts, in range or not', () => {
    fc.assert(
      fc.property(cloudTrailShaped, (text) => {
        expect(parseEventTime(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('is exactly Date.parse on real times and on one-character corruptions of them', () => {
    fc.assert(
      fc.property(fc.oneof(realTimes, mangled, odd, fc.string()), (text) => {
        expect(parseEventTime(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the time CloudTrail wrote', () => {
    const text = '2024-05-03T19:43:24Z';
    expect(new Date(parseEventTime(text)).toISOString()).toBe('2024-05-03T19:43:24.000Z');
  });

  it('reads a time in place in a longer text, equal to parsing the cut-out text', () => {
    fc.assert(
      fc.property(fc.oneof(realTimes, mangled, odd), fc.string(), fc.string(), (time, before, after) => {
        const text = before + time + after;
        const at = before.length;
        expect(parseEventTime(text, at, at + time.length)).toBe(Date.parse(time));
      }),
      { numRuns: 2000 },
    );
  });
});

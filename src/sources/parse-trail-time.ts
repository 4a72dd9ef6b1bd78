/**
 * `Date.parse` of a CloudTrail `eventTime`, quicker for the form CloudTrail writes
 * (`2024-05-03T19:50:12Z`): the digits are read in place. Any other text, and any value
 * where V8's lenient reading could differ from plain arithmetic (a day past the 28th, an
 * hour of 24), is left to `Date.parse`, so the result always equals it.
 */
export function parseTrailTime(text: string, start: number, end: number): number {
  if (
    end - start === 20 &&
    text.charCodeAt(start + 4) === 0x2d &&
    text.charCodeAt(start + 7) === 0x2d &&
    text.charCodeAt(start + 10) === 0x54 &&
    text.charCodeAt(start + 13) === 0x3a &&
    text.charCodeAt(start + 16) === 0x3a &&
    text.charCodeAt(start + 19) === 0x5a
  ) {
    const year = digits(text, start, 4);
    const month = digits(text, start + 5, 2);
    const day = digits(text, start + 8, 2);
    const hour = digits(text, start + 11, 2);
    const minute = digits(text, start + 14, 2);
    const second = digits(text, start + 17, 2);
    if (
      year >= 1970 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 28 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59
    )
      return Date.UTC(year, month - 1, day, hour, minute, second);
  }
  return Date.parse(text.slice(start, end));
}

/** The number written by `n` decimal digits at `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(at + i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

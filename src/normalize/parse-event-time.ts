/**
 * `Date.parse` for a record's time. CloudTrail writes every eventTime as
 * `YYYY-MM-DDTHH:MM:SSZ`; that shape, with every field in range, is read here digit by
 * digit (about twice as fast as `Date.parse`, which runs once per record). Anything else,
 * including out-of-range fields that `Date.parse` rolls over or rejects, goes to
 * `Date.parse` itself, so the result is always exactly `Date.parse(text)`. With `start` and
 * `end`, the time written there in a longer text (the byte prefilter reads it in place).
 */
export function parseEventTime(text: string, start = 0, end = text.length): number {
  if (
    end - start !== 20 ||
    text.charCodeAt(start + 4) !== DASH ||
    text.charCodeAt(start + 7) !== DASH ||
    text.charCodeAt(start + 10) !== UPPER_T ||
    text.charCodeAt(start + 13) !== COLON ||
    text.charCodeAt(start + 16) !== COLON ||
    text.charCodeAt(start + 19) !== UPPER_Z
  )
    return Date.parse(whole(text, start, end));
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  const second = digits(text, start + 17, 2);
  // A non-digit makes `digits` negative, so every check below also rejects it.
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return Date.parse(whole(text, start, end));
  return (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000;
}

function whole(text: string, start: number, end: number): string {
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const DASH = 0x2d;
const COLON = 0x3a;
const UPPER_T = 0x54;
const UPPER_Z = 0x5a;

/** The decimal number in `text[start, start + count)`, or -1 if a character is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1] as number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

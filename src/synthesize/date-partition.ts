// Calendar pieces, strict enough that ordinary numbers (`img-0999`, `v2`) are not dates.
const YEAR = '(?:19|20)\\d\\d';
const MONTH = '(?:0[1-9]|1[0-2])';
const DAY = '(?:0[1-9]|[12]\\d|3[01])';
const TIME = '(?:[T _-]?[0-2]\\d(?::?[0-5]\\d){0,2}(?:\\.\\d+)?Z?)?';
const BARE_YEAR = new RegExp(`^${YEAR}$`);
// 2026-09, 2026-09-01, 2026-09-01T13:00Z, 2026_09_01
const DASHED_DATE = new RegExp(`^${YEAR}([-_])${MONTH}(?:\\1${DAY}${TIME})?$`);
// 20260901, 2026090113
const COMPACT_DATE = new RegExp(`^${YEAR}${MONTH}${DAY}(?:\\d\\d){0,3}$`);
// Hive-style `name=value` partitions.
const HIVE = /^([A-Za-z][A-Za-z0-9_-]*)=(.+)$/;
// Partition names that mean a unit of time, whose values are plain numbers (`hour=13`).
const TIME_UNIT_NAMES = new Set([
  'year',
  'yyyy',
  'yr',
  'month',
  'mm',
  'mon',
  'day',
  'dd',
  'hour',
  'hh',
  'hr',
  'minute',
  'min',
  'week',
  'quarter',
  'dt',
  'ds',
  'date',
]);

/**
 * Whether one `/`-separated segment of an S3 key is a date partition: a bare year
 * directory (`2026/`), a date (`2026-09-01`, `20260901`), or a Hive partition whose value
 * is a date or whose name is a unit of time (`dt=2026-09-01`, `year=2026`, `hour=13`).
 * A bare year counts only as a directory, so a file called `2026` is just a name.
 */
export function isDatePartition(segment: string, isLast: boolean): boolean {
  if (BARE_YEAR.test(segment)) return !isLast;
  if (isDate(segment)) return true;
  const hive = HIVE.exec(segment);
  if (!hive) return false;
  const value = hive[2] as string;
  if (isDate(value) || BARE_YEAR.test(value)) return true;
  return TIME_UNIT_NAMES.has((hive[1] as string).toLowerCase()) && /^\d{1,8}$/.test(value);
}

/**
 * Where the first date partition of an S3 key starts, as a character offset (the start
 * of its segment), or -1 when the key has none: `landing/2026/09/01/x.json` → 8.
 */
export function datePartitionStart(key: string): number {
  const segments = key.split('/');
  let offset = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (isDatePartition(segment, i === segments.length - 1)) return offset;
    offset += segment.length + 1;
  }
  return -1;
}

function isDate(value: string): boolean {
  return DASHED_DATE.test(value) || COMPACT_DATE.test(value);
}

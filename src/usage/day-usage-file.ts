import { InputError } from '../errors/iamtrim-error.js';
import { DRIFT_STATE_VERSION, type DayUsageFile } from '../model/drift-state.js';
import type { UsageAccumulator } from './usage-accumulator.js';
import {
  usageAccumulatorFromJson,
  usageAccumulatorToJson,
  type UsageAccumulatorJson,
} from './usage-accumulator-json.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One day of usage as the drift state stores it. */
export function toDayUsageFile(day: string, acc: UsageAccumulator): DayUsageFile {
  return { formatVersion: DRIFT_STATE_VERSION, day, usage: usageAccumulatorToJson(acc) };
}

/**
 * The accumulator of a stored day file. `name` (the store key or path) is named in every
 * error; a file from a newer iamtrim is refused, never read as empty.
 */
export function fromDayUsageFile(doc: unknown, name: string): { day: string; usage: UsageAccumulator } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new InputError('not a drift day file: expected an object', name);
  const file = doc as Partial<DayUsageFile>;
  if (typeof file.formatVersion !== 'number')
    throw new InputError('not a drift day file: no formatVersion', name);
  if (file.formatVersion > DRIFT_STATE_VERSION)
    throw new InputError(
      `drift day file format ${file.formatVersion} is newer than this iamtrim reads (${DRIFT_STATE_VERSION}): use a newer iamtrim`,
      name,
    );
  if (typeof file.day !== 'string' || !DAY.test(file.day))
    throw new InputError('not a drift day file: day is not YYYY-MM-DD', name);
  try {
    return { day: file.day, usage: usageAccumulatorFromJson(file.usage as UsageAccumulatorJson) };
  } catch (e) {
    throw new InputError(`damaged drift day file: ${(e as Error).message}`, name, { cause: e });
  }
}

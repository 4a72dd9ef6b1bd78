import { decodeText } from './decode-text.js';
import type { ProjectedRecords } from './inflate-native.js';

/** How every document CloudTrail delivers to S3 begins. */
export const DELIVERY_HEAD_TEXT = '{"Records":';
const DELIVERY_HEAD = Buffer.from(DELIVERY_HEAD_TEXT);
const RECORDS_KEY = Buffer.from('"Records"');

/**
 * The `Records` array of a document in the shape CloudTrail delivers, `{"Records":[...]}`,
 * parsed on its own; undefined when the document is not of that shape or the array is not
 * valid JSON. Parsing the array alone gives what parsing the whole document gives when it
 * has that one key, and fails when a second `Records` array follows: so the search for a
 * second key (a pass over every byte) is needed only for other documents.
 */
export function parseDeliveryArray(buf: Buffer): unknown[] | undefined {
  if (!buf.subarray(0, DELIVERY_HEAD.length).equals(DELIVERY_HEAD)) return undefined;
  return parseDeliveryText(decodeText(buf));
}

/** `parseDeliveryArray` for the document's text. */
export function parseDeliveryText(text: string): unknown[] | undefined {
  if (!text.startsWith(DELIVERY_HEAD_TEXT)) return undefined;
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (text.charCodeAt(end - 1) !== 0x7d) return undefined; // }
  try {
    const value: unknown = JSON.parse(text.slice(DELIVERY_HEAD_TEXT.length, end - 1));
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** True when `"Records"` occurs twice: rare, and then the document may hold two arrays. */
export function hasSecondRecordsKey(buf: Buffer): boolean {
  const first = buf.indexOf(RECORDS_KEY);
  return first >= 0 && buf.indexOf(RECORDS_KEY, first + RECORDS_KEY.length) >= 0;
}

/**
 * The records of a document the native inflate projected (`gunzipRecordsNative`), each
 * identity parsed once and put back in its records; undefined when anything does not hold
 * (the document is then read anew, the ordinary way).
 */
export function projectedRecords(projected: ProjectedRecords): unknown[] | undefined {
  const { identityOf } = projected;
  const records: unknown[] = [];
  let identities: unknown[];
  try {
    // The arrays hold the document's records, cut where records meet: they parse when the
    // document's `Records` array does, to the same records.
    for (const text of projected.texts) {
      const part: unknown = JSON.parse(text);
      if (!Array.isArray(part)) return undefined;
      for (const r of part) records.push(r);
    }
    // An identity's text parses alone only when it is exactly the identity object.
    identities = projected.identities.map((t) => JSON.parse(t) as unknown);
  } catch {
    return undefined;
  }
  if (records.length !== identityOf.length) return undefined;
  for (let i = 0; i < records.length; i++) {
    const id = identityOf[i] as number;
    if (id < 0) continue;
    const record = records[i] as { userIdentity?: unknown } | null;
    if (typeof record !== 'object' || record === null || record.userIdentity !== id) return undefined;
    // One object for every record of the session: nothing downstream changes a record.
    record.userIdentity = identities[id];
  }
  return records;
}

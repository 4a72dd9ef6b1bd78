import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeNativeInflate,
  gunzipNative,
  gunzipRecordsNative,
} from '../../src/sources/inflate-native.js';
import {
  ABSENT,
  AT_EVENT_CATEGORY,
  AT_EVENT_TYPE,
  AT_FLAGS,
  AT_MANAGEMENT_EVENT,
  AT_START,
  AT_STOP,
  FLAG_ESCAPED,
  FLAG_MAY_MATCH,
  FLAG_RECORDS,
  INDEX_STRIDE,
  indexRecords,
  TWICE,
} from '../../src/sources/record-index.js';
import { loadCases } from '../support/case-loader.js';

interface IndexCase {
  text: string;
  groups: string[][];
  /** Each record as its text, flag names and the text of each key's value up to `,` or `}`. */
  expect: ReadableRecord[] | null;
}

interface ReadableRecord {
  record: string;
  flags: string[];
  eventType: string;
  managementEvent: string;
  eventCategory: string;
}

/** An index in words, so a case file says what it expects and a failure reads plainly. */
function readable(text: string, index: Int32Array | undefined): ReadableRecord[] | null {
  if (!index) return null;
  const value = (at: number): string => {
    if (at === ABSENT) return 'absent';
    if (at === TWICE) return 'twice';
    const end = text.slice(at).search(/[,}]/);
    return text.slice(at, end < 0 ? undefined : at + end);
  };
  const out: ReadableRecord[] = [];
  for (let i = 0; i < index.length; i += INDEX_STRIDE) {
    const flags = index[i + AT_FLAGS] as number;
    out.push({
      record: text.slice(index[i + AT_START], index[i + AT_STOP]),
      flags: [
        ...(flags & FLAG_ESCAPED ? ['escaped'] : []),
        ...(flags & FLAG_MAY_MATCH ? ['may-match'] : []),
        ...(flags & FLAG_RECORDS ? ['records'] : []),
      ],
      eventType: value(index[i + AT_EVENT_TYPE] as number),
      managementEvent: value(index[i + AT_MANAGEMENT_EVENT] as number),
      eventCategory: value(index[i + AT_EVENT_CATEGORY] as number),
    });
  }
  return out;
}

const built = describeNativeInflate().kind === 'native';
const MiB = 1024 * 1024;

describe('record index', () => {
  for (const c of loadCases<IndexCase>('record-index')) {
    it(`${c.file}: ${c.description}`, () => {
      expect(readable(c.data.text, indexRecords(c.data.text, c.data.groups))).toEqual(c.data.expect);
    });
  }

  it.skipIf(!built)(
    'property: output that is not all ASCII comes back as bytes; damage as nothing, like gunzip',
    () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 400, unit: 'binary' }),
          fc.constantFrom('intact', 'cut', 'two members'),
          (s, shape) => {
            const data = Buffer.from(s);
            let gz = gzipSync(data);
            if (shape === 'cut') gz = gz.subarray(0, Math.max(0, gz.length - 3));
            if (shape === 'two members') gz = Buffer.concat([gz, gzipSync('x')]);
            const native = gunzipRecordsNative(gz, MiB);
            const bytes = gunzipNative(gz, MiB);
            if (bytes === undefined) expect(native).toBeUndefined();
            else if (bytes.every((b) => b < 0x80)) {
              expect(native).not.toBeInstanceOf(Buffer);
              expect((native as { text: string }).text).toBe(bytes.toString('latin1'));
            } else expect(native).toEqual(bytes);
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});

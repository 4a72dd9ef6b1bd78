import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseListResult, type ListPage } from '../../src/sources/s3-list-result.js';
import { loadCases } from '../support/case-loader.js';

interface ListCase {
  xml: string;
  /** The page, or null: not a whole ListBucketResult, so the SDK is asked instead. */
  expect: ListPage | null;
}

describe('parseListResult', () => {
  for (const { file, description, data } of loadCases<ListCase>('s3-list-result')) {
    it(`${file}: ${description}`, () => {
      const page = parseListResult(data.xml);
      if (data.expect === null) expect(page).toBeUndefined();
      else expect(page).toEqual({ ...data.expect, nextToken: data.expect.nextToken ?? undefined });
    });
  }

  it('reads back any keys, sizes and token as S3 writes them', () => {
    // S3 escapes the five XML characters, and control characters as numeric references.
    const named: Record<string, string> = {
      '&': '&amp;',
      '<': '&lt;',
      '>': '&gt;',
      '"': '&quot;',
      "'": '&apos;',
    };
    const escape = (s: string): string =>
      [...s].map((c) => named[c] ?? (c.charCodeAt(0) < 0x20 ? `&#${c.charCodeAt(0)};` : c)).join('');
    const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ key, size: fc.nat() }), { maxLength: 20 }),
        fc.array(key, { maxLength: 5 }),
        fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), { nil: undefined }),
        (objects, prefixes, nextToken) => {
          const xml =
            '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
            `<Name>b</Name><Prefix></Prefix><KeyCount>${objects.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
            `<IsTruncated>${nextToken !== undefined}</IsTruncated>` +
            objects
              .map(
                (o) =>
                  `<Contents><Key>${escape(o.key)}</Key><ETag>&quot;x&quot;</ETag><Size>${o.size}</Size></Contents>`,
              )
              .join('') +
            prefixes.map((p) => `<CommonPrefixes><Prefix>${escape(p)}</Prefix></CommonPrefixes>`).join('') +
            (nextToken !== undefined
              ? `<NextContinuationToken>${escape(nextToken)}</NextContinuationToken>`
              : '') +
            '</ListBucketResult>';
          expect(parseListResult(xml)).toEqual({ objects, prefixes, nextToken });
        },
      ),
    );
  });
});

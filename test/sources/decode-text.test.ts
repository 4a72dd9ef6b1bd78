import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/sources/decode-text.js';

describe('decodeText', () => {
  it('gives the UTF-8 decoding of any bytes, ASCII or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(decodeText(buf)).toBe(buf.toString('utf8'));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(decodeText(Buffer.from(text))).toBe(Buffer.from(text).toString('utf8'));
      }),
    );
  });

  it('keeps a multi-byte character after an ASCII run intact', () => {
    const text = `${'a'.repeat(1000)}caf\u00e9 \u{1f600}`;
    expect(decodeText(Buffer.from(text))).toBe(text);
  });
});

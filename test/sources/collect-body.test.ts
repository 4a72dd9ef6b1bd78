import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectBody } from '../../src/sources/collect-body.js';

const chunks = (...parts: string[]): Readable => Readable.from(parts.map((p) => Buffer.from(p)));

describe('collectBody', () => {
  it('joins every chunk into one buffer of its own', async () => {
    const got = await collectBody(chunks('ab', 'cd', 'e'));
    expect(got.error).toBeUndefined();
    expect(Buffer.from(got.bytes).toString()).toBe('abcde');
    expect(got.bytes.byteOffset).toBe(0);
    expect(got.bytes.buffer.byteLength).toBe(5);
  });

  it('stops past maxBytes with an error, keeping the chunks before it', async () => {
    const got = await collectBody(chunks('ab', 'cd', 'ef'), 4);
    expect(String(got.error)).toContain('over 4 bytes');
    expect(Buffer.from(got.bytes).toString()).toBe('abcd');
  });

  it('keeps what came before a stream error, and the error', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from('xy'));
    setImmediate(() => body.destroy(new Error('socket hang up')));
    const got = await collectBody(body);
    expect(String(got.error)).toContain('socket hang up');
    expect(Buffer.from(got.bytes).toString()).toBe('xy');
  });
});

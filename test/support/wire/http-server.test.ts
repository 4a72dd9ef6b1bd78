import { afterEach, describe, expect, it } from 'vitest';
import { startHttpWireServer, type HttpWireServer } from './http-server.js';

// The shared core under every wire server: what all of them rely on.
describe('startHttpWireServer', () => {
  let server: HttpWireServer<string> | undefined;
  afterEach(async () => server?.close());

  it('reads each request whole, records what the protocol keeps, numbers it, and answers', async () => {
    server = await startHttpWireServer<string>((req, record) => {
      const n = record(`${req.method} ${req.path} ${req.query.get('q') ?? ''} ${req.body.toString('utf8')}`);
      return { status: 201, headers: { 'x-n': String(n) }, body: 'héllo' };
    });
    const first = await fetch(`${server.url}/a?q=1`, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(first.status).toBe(201);
    expect(first.headers.get('x-n')).toBe('1');
    expect(first.headers.get('content-length')).toBe(String(Buffer.byteLength('héllo')));
    expect(await first.text()).toBe('héllo');
    const second = await fetch(`${server.url}/b`);
    expect(second.headers.get('x-n')).toBe('2');
    expect(server.requests).toEqual([`POST /a 1 ${'x'.repeat(100_000)}`, 'GET /b  ']);
  });

  it('sends a HEAD answer without its body but with its length', async () => {
    server = await startHttpWireServer<string>(() => ({ status: 200, body: Buffer.alloc(42) }));
    const head = await fetch(server.url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('42');
    expect(await head.text()).toBe('');
  });

  it('answers a respond that throws or rejects with onError', async () => {
    let calls = 0;
    server = await startHttpWireServer<string>(
      () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        return Promise.reject(new Error('later'));
      },
      (e) => ({ status: 503, body: (e as Error).message }),
    );
    const thrown = await fetch(server.url);
    expect([thrown.status, await thrown.text()]).toEqual([503, 'boom']);
    const rejected = await fetch(server.url);
    expect([rejected.status, await rejected.text()]).toEqual([503, 'later']);
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP plumbing every local AWS stand-in shares: listen on 127.0.0.1, read each request
 * whole, keep what the protocol wants recorded, answer, and close. Each protocol's own file
 * (query, JSON 1.1, S3 REST) decides what a request means and what the answer looks like.
 * Test-only.
 */

/** One request, read whole. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** An answer. `content-length` is added from the body; a HEAD request gets the headers only. */
export interface HttpReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/**
 * Answers one request. `record` keeps what the protocol wants tests to see of it and
 * returns its 1-based number among the recorded ones (for injected faults).
 */
export type HttpRespond<R> = (req: HttpRequest, record: (r: R) => number) => HttpReply | Promise<HttpReply>;

export interface HttpWireServer<R> {
  /** `http://127.0.0.1:<port>`, for the SDK's endpoint setting. */
  readonly url: string;
  /** Everything `record` was given, in order. */
  readonly requests: R[];
  /** Stops listening and drops kept-alive connections, so a test run can end. */
  close(): Promise<void>;
}

/**
 * Starts a server on a free port of 127.0.0.1. A `respond` that throws (or rejects) is
 * answered with `onError`'s reply, by default a plain 500 naming the error.
 */
export async function startHttpWireServer<R>(
  respond: HttpRespond<R>,
  onError: (e: unknown) => HttpReply = (e) => ({ status: 500, body: String(e) }),
): Promise<HttpWireServer<R>> {
  const requests: R[] = [];
  const record = (r: R): number => requests.push(r);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: HttpRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const send = (reply: HttpReply): void => {
        res.writeHead(reply.status, {
          'content-length': String(Buffer.byteLength(reply.body)),
          ...reply.headers,
        });
        // Node sends no body on a HEAD response, whatever is passed here.
        res.end(reply.body);
      };
      let answer: HttpReply | Promise<HttpReply>;
      try {
        answer = respond(request, record);
      } catch (e) {
        answer = onError(e);
      }
      void Promise.resolve(answer).then(send, (e: unknown) => send(onError(e)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

import type { IncomingMessage } from 'node:http';
import { startHttpWireServer } from './http-server.js';

/**
 * A local stand-in for one AWS endpoint, speaking its real wire protocol so the real SDK
 * client (signing, serialization, parsing, retries, paginators) runs end to end. Test-only.
 */

/** One request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Form fields for query-protocol services (IAM, STS, CloudFormation); empty otherwise. */
  readonly form: URLSearchParams;
  /** `Action` for query protocols, `METHOD path` for REST. */
  readonly operation: string;
}

export interface WireResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

/** A failure to answer with on chosen requests, counted from 1 over all requests. */
export interface InjectedFault {
  /** Request numbers (1-based, across all operations) that get the fault instead. */
  readonly onRequests: readonly number[];
  readonly response: WireResponse;
}

export interface WireServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests by operation, e.g. `count('GetRolePolicy')`. */
  count(operation: string): number;
  close(): Promise<void>;
}

export type WireHandler = (req: RecordedRequest) => WireResponse;

/** The operation of a query-protocol request (IAM, STS, CloudFormation): its `Action` field. */
export function queryOperation(_method: string, _path: string, form: URLSearchParams): string {
  return form.get('Action') ?? '?';
}

export async function startWireServer(
  handler: WireHandler,
  operationOf: (method: string, path: string, form: URLSearchParams) => string,
  faults: readonly InjectedFault[] = [],
): Promise<WireServer> {
  const server = await startHttpWireServer<RecordedRequest>((req, record) => {
    const body = req.body.toString('utf8');
    const isForm = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = new URLSearchParams(isForm ? body : '');
    const recorded: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      body,
      form,
      operation: operationOf(req.method, req.path, form),
    };
    const n = record(recorded);
    let out: WireResponse;
    const fault = faults.find((f) => f.onRequests.includes(n));
    try {
      out = fault ? fault.response : handler(recorded);
    } catch (err) {
      out = { status: 500, body: String(err) };
    }
    return { ...out, headers: { 'x-amzn-requestid': `req-${n}`, ...out.headers } };
  });
  const { requests } = server;
  return {
    url: server.url,
    requests,
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    close: server.close,
  };
}

/** XML text escaping for element content. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Serializes a value the way the query protocols do: objects as elements, arrays as
 * `<member>` lists, undefined omitted.
 */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

/** A query-protocol success response: `<XResponse xmlns=...><XResult>...</XResult>...`. */
export function queryResponse(
  action: string,
  xmlns: string,
  result: unknown,
  requestId = 'rid',
): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${xmlns}">` +
      `<${action}Result>${toXml(result)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** A query-protocol error: `<ErrorResponse><Error><Type>..<Code>..<Message>..`. */
export function queryError(status: number, code: string, message: string, type = 'Sender'): WireResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${type}</Type>` +
      `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
      `<RequestId>err-rid</RequestId></ErrorResponse>`,
  };
}

/** Query-protocol throttling, as IAM and CloudFormation send it. */
export const queryThrottling: WireResponse = queryError(400, 'Throttling', 'Rate exceeded');

/** One page of `items` from `marker` (an opaque `m<offset>`; null for the first page). */
export function page<T>(
  items: readonly T[],
  marker: string | null,
  pageSize: number,
): { items: T[]; next: string | undefined } {
  const start = marker ? Number(marker.replace(/^m/, '')) : 0;
  const slice = items.slice(start, start + pageSize);
  const end = start + slice.length;
  return { items: slice, next: end < items.length ? `m${end}` : undefined };
}

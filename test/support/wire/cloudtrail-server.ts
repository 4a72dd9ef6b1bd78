import type { IncomingMessage } from 'node:http';
import { startHttpWireServer, type HttpReply } from './http-server.js';

// The SDK sends `CloudTrail_20131101.<Op>`; the API reference also shows the
// `com.amazonaws.cloudtrail.v20131101.` prefix. Both end in `.<Op>`.
const TARGET_SERVICE = /^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;

/** One request as the server saw it, for assertions. */
export interface RecordedRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
}

/** What a handler answers: a JSON body, or a JSON 1.1 error. */
export type WireReply =
  | { readonly kind: 'ok'; readonly body: unknown }
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly message: string };

export type WireHandler = (body: Record<string, unknown>, requestNumber: number) => WireReply;

/** A fake event as LookupEvents returns it; `cloudTrailEvent` is an object or a raw (possibly broken) string. */
export interface FakeLookupEvent {
  readonly eventId?: string;
  readonly eventName?: string;
  /** ISO time; also decides the StartTime/EndTime filter. */
  readonly eventTime: string;
  readonly username?: string;
  readonly cloudTrailEvent: Record<string, unknown> | string;
}

export interface LookupEventsBehaviour {
  readonly events: readonly FakeLookupEvent[];
  /** Events per page. Default 2. */
  readonly pageSize?: number;
  /** 1-based LookupEvents request numbers answered with ThrottlingException. */
  readonly throttle?: readonly number[];
  /** 1-based LookupEvents request numbers answered with a non-retryable error. */
  readonly fail?: readonly number[];
  /** Send the error type in `x-amzn-ErrorType` instead of the body's `__type`. */
  readonly errorTypeInHeader?: boolean;
}

export interface CloudTrailWireServer {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Requests for one operation, e.g. 'LookupEvents'. */
  requestsFor(operation: string): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A CloudTrail endpoint on 127.0.0.1 speaking the JSON 1.1 protocol the SDK uses, so
 * tests exercise the real client: serialization, pagination, error parsing, retries.
 * Handlers are a map from operation name to a function; `lookupEventsHandler` is the
 * data-driven one for LookupEvents, and other operations (DescribeTrails, GetTrail,
 * GetEventSelectors, ...) can be given as `fixtureHandler`s.
 */
export async function startCloudTrailServer(
  handlers: Readonly<Record<string, WireHandler>>,
  options: { readonly errorTypeInHeader?: boolean } = {},
): Promise<CloudTrailWireServer> {
  const counts = new Map<string, number>();
  const server = await startHttpWireServer<RecordedRequest>((req, record) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = TARGET_SERVICE.exec(target)?.[2] ?? target;
    let body: Record<string, unknown>;
    try {
      const text = req.body.toString('utf8');
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return reply({ kind: 'error', status: 400, type: 'SerializationException', message: 'bad JSON' });
    }
    record({ operation, body, headers: req.headers });
    const n = (counts.get(operation) ?? 0) + 1;
    counts.set(operation, n);
    const handler = handlers[operation];
    if (req.method !== 'POST' || !handler) {
      return reply({
        kind: 'error',
        status: 400,
        type: 'UnknownOperationException',
        message: `no handler for ${operation || '(no X-Amz-Target)'}`,
      });
    }
    return reply(handler(body, n), options.errorTypeInHeader);
  });
  const { requests } = server;
  return {
    endpoint: server.url,
    requests,
    requestsFor: (operation) => requests.filter((r) => r.operation === operation),
    close: server.close,
  };
}

function reply(r: WireReply, typeInHeader = false): HttpReply {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': `req-${Math.random().toString(16).slice(2)}`,
  };
  if (r.kind === 'ok') return { status: 200, headers, body: JSON.stringify(r.body) };
  if (typeInHeader) headers['x-amzn-errortype'] = `${r.type}:http://internal.amazon.com/coral/`;
  const body = typeInHeader ? { message: r.message } : { __type: r.type, message: r.message };
  return { status: r.status, headers, body: JSON.stringify(body) };
}

/** Answers with the same fixture JSON every time (DescribeTrails, GetEventSelectors, ...). */
export function fixtureHandler(body: unknown): WireHandler {
  return () => ({ kind: 'ok', body });
}

/**
 * LookupEvents over a fixed list of events: honours StartTime/EndTime and a Username
 * LookupAttribute, returns newest first like CloudTrail, pages with an opaque NextToken
 * (an offset, checked against the query it was issued for), and throttles or fails the
 * request numbers it is told to.
 */
export function lookupEventsHandler(behaviour: LookupEventsBehaviour): WireHandler {
  const pageSize = behaviour.pageSize ?? 2;
  return (body, n) => {
    if (behaviour.throttle?.includes(n)) {
      return { kind: 'error', status: 400, type: 'ThrottlingException', message: 'Rate exceeded' };
    }
    if (behaviour.fail?.includes(n)) {
      return { kind: 'error', status: 400, type: 'InvalidNextTokenException', message: 'injected failure' };
    }
    const start = typeof body.StartTime === 'number' ? body.StartTime * 1000 : -Infinity;
    const end = typeof body.EndTime === 'number' ? body.EndTime * 1000 : Infinity;
    const attrs = (body.LookupAttributes ?? []) as { AttributeKey: string; AttributeValue: string }[];
    const user = attrs.find((a) => a.AttributeKey === 'Username')?.AttributeValue;
    const matching = behaviour.events
      .filter((e) => {
        const t = Date.parse(e.eventTime);
        return t >= start && t <= end && (user === undefined || e.username === user);
      })
      .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
    const queryId = JSON.stringify([body.StartTime, body.EndTime, attrs]);
    let offset = 0;
    if (typeof body.NextToken === 'string') {
      const [id, at] = JSON.parse(Buffer.from(body.NextToken, 'base64').toString('utf8')) as [string, number];
      if (id !== queryId) {
        return {
          kind: 'error',
          status: 400,
          type: 'InvalidNextTokenException',
          message: 'token for another query',
        };
      }
      offset = at;
    }
    const page = matching.slice(offset, offset + pageSize);
    const more = offset + pageSize < matching.length;
    return {
      kind: 'ok',
      body: {
        Events: page.map((e, i) => ({
          EventId: e.eventId ?? `event-${offset + i}`,
          EventName: e.eventName ?? 'GetItem',
          EventTime: Date.parse(e.eventTime) / 1000,
          Username: e.username,
          ReadOnly: 'true',
          CloudTrailEvent:
            typeof e.cloudTrailEvent === 'string' ? e.cloudTrailEvent : JSON.stringify(e.cloudTrailEvent),
        })),
        ...(more
          ? { NextToken: Buffer.from(JSON.stringify([queryId, offset + pageSize])).toString('base64') }
          : {}),
      },
    };
  };
}

import type { IncomingMessage } from 'node:http';
import { startHttpWireServer, type HttpReply } from './http-server.js';

/**
 * CloudWatch Logs on 127.0.0.1, speaking the JSON 1.1 protocol the SDK uses
 * (`X-Amz-Target: Logs_20140328.<Op>`, `application/x-amz-json-1.1`, errors as `__type`),
 * so tests run the real client's serialization, paginator, error parsing and retries.
 * Test-only; it knows DescribeLogGroups.
 */

/** A log group as DescribeLogGroups returns it (camelCase, `arn` ending in `:*`). */
export interface FakeLogGroup {
  readonly logGroupName: string;
  readonly retentionInDays?: number;
  readonly arn?: string;
  readonly logGroupArn?: string;
  readonly creationTime?: number;
  readonly storedBytes?: number;
}

export interface LogsBehaviour {
  readonly logGroups: readonly FakeLogGroup[];
  /** Groups per page when the request has no `limit`. Default 50, the service's own. */
  readonly pageSize?: number;
  /** Operations answered with AccessDeniedException. */
  readonly deny?: readonly string[];
  /** 1-based request numbers (all operations) answered with ThrottlingException. */
  readonly throttle?: readonly number[];
}

/** One request as the server saw it. */
export interface LogsRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
}

export interface LogsWireServer {
  readonly url: string;
  readonly requests: LogsRequest[];
  count(operation: string): number;
  close(): Promise<void>;
}

const TARGET = /^Logs_20140328\.(\w+)$/;

export async function startLogsServer(behaviour: LogsBehaviour): Promise<LogsWireServer> {
  const server = await startHttpWireServer<LogsRequest>((req, record) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = TARGET.exec(target)?.[1] ?? target;
    let body: Record<string, unknown>;
    try {
      const text = req.body.toString('utf8');
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return error(400, 'SerializationException', 'bad JSON');
    }
    const n = record({ operation, body, headers: req.headers });
    if (
      req.method !== 'POST' ||
      !String(req.headers['content-type']).startsWith('application/x-amz-json-1.1')
    )
      return error(400, 'SerializationException', 'expected a JSON 1.1 POST');
    if (behaviour.throttle?.includes(n)) return error(400, 'ThrottlingException', 'Rate exceeded');
    if (behaviour.deny?.includes(operation))
      return error(
        400,
        'AccessDeniedException',
        `User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: logs:${operation}`,
      );
    if (operation !== 'DescribeLogGroups')
      return error(400, 'UnknownOperationException', `no handler for ${operation || '(no X-Amz-Target)'}`);
    return describeLogGroups(behaviour, body);
  });
  const { requests } = server;
  return {
    url: server.url,
    requests,
    count: (operation) => requests.filter((r) => r.operation === operation).length,
    close: server.close,
  };
}

/**
 * Filters by `logGroupNamePrefix`, sorts by name (ASCII, as the service does), and pages
 * with an opaque `nextToken` tied to the prefix it was issued for.
 */
function describeLogGroups(behaviour: LogsBehaviour, body: Record<string, unknown>): HttpReply {
  const prefix = typeof body.logGroupNamePrefix === 'string' ? body.logGroupNamePrefix : '';
  const limit = typeof body.limit === 'number' ? body.limit : (behaviour.pageSize ?? 50);
  const matching = behaviour.logGroups
    .filter((g) => g.logGroupName.startsWith(prefix))
    .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  let offset = 0;
  if (typeof body.nextToken === 'string') {
    const [forPrefix, at] = JSON.parse(Buffer.from(body.nextToken, 'base64').toString('utf8')) as [
      string,
      number,
    ];
    if (forPrefix !== prefix)
      return error(400, 'InvalidParameterException', 'The specified nextToken is invalid.');
    offset = at;
  }
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length;
  return ok({
    logGroups: page,
    ...(next ? { nextToken: Buffer.from(JSON.stringify([prefix, offset + limit])).toString('base64') } : {}),
  });
}

function ok(body: unknown): HttpReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  };
}

function error(status: number, type: string, message: string): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ __type: type, message }),
  };
}

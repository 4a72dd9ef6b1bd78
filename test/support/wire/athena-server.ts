import { startHttpWireServer, type HttpReply, type HttpRequest } from './http-server.js';

/** A cell is a string, or null for SQL NULL (sent as `{}` like Athena does). */
export type WireRow = readonly (string | null)[];

export interface AthenaServerOptions {
  /** Column names (the header row). */
  readonly columns: readonly string[];
  readonly rows: readonly WireRow[];
  /** Data rows per GetQueryResults page; the header shares the first page. Default 1000. */
  readonly pageSize?: number;
  /** States GetQueryExecution reports before the final one. Default QUEUED, RUNNING. */
  readonly pending?: readonly string[];
  /** Default SUCCEEDED. */
  readonly finalState?: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly stateChangeReason?: string;
  /** 1-based request numbers answered with a 400 ThrottlingException. */
  readonly throttle?: readonly number[];
}

export interface AthenaServer {
  readonly endpoint: string;
  /** Every QueryString StartQueryExecution received. */
  readonly sql: string[];
  /** Every request's X-Amz-Target action, in order, throttled ones included. */
  readonly requests: string[];
  /** Parsed bodies of StartQueryExecution. */
  readonly starts: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A local stand-in for Athena's JSON 1.1 wire protocol (`POST /`, `X-Amz-Target:
 * AmazonAthena.<Op>`), enough for the real AthenaClient to start, poll and page a query.
 */
export async function startAthenaServer(options: AthenaServerOptions): Promise<AthenaServer> {
  const sql: string[] = [];
  const starts: Record<string, unknown>[] = [];
  const pending = options.pending ?? ['QUEUED', 'RUNNING'];
  const pageSize = options.pageSize ?? 1000;
  let polls = 0;

  const handle = (req: HttpRequest, record: (action: string) => number): HttpReply => {
    const body = (req.body.length ? JSON.parse(req.body.toString('utf8')) : {}) as Record<string, unknown>;
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.replace(/^AmazonAthena\./, '');
    const n = record(action);
    if (options.throttle?.includes(n)) {
      return send(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    }
    switch (action) {
      case 'StartQueryExecution':
        sql.push(String(body.QueryString));
        starts.push(body);
        return send(200, { QueryExecutionId: `q-${sql.length}` });
      case 'GetQueryExecution': {
        const state = polls < pending.length ? pending[polls] : (options.finalState ?? 'SUCCEEDED');
        polls++;
        return send(200, {
          QueryExecution: {
            QueryExecutionId: body.QueryExecutionId,
            Status: {
              State: state,
              ...(options.stateChangeReason ? { StateChangeReason: options.stateChangeReason } : {}),
            },
            Statistics: { DataScannedInBytes: 1234 },
          },
        });
      }
      case 'GetQueryResults': {
        const page = body.NextToken ? Number(body.NextToken) : 0;
        // The header is row 0 of the first page, as in Athena.
        const first = page === 0;
        const from = page * pageSize;
        const slice = options.rows.slice(from, from + pageSize);
        const more = from + pageSize < options.rows.length;
        const cells = (row: readonly (string | null)[]): { Data: object[] } => ({
          Data: row.map((v) => (v === null ? {} : { VarCharValue: v })),
        });
        return send(200, {
          ResultSet: {
            Rows: [...(first ? [cells(options.columns)] : []), ...slice.map(cells)],
            ResultSetMetadata: {
              ColumnInfo: options.columns.map((Name) => ({ Name, Type: 'varchar' })),
            },
          },
          ...(more ? { NextToken: String(page + 1) } : {}),
        });
      }
      default:
        return send(400, { __type: 'InvalidRequestException', message: `unknown target ${target}` });
    }
  };

  const server = await startHttpWireServer<string>(handle, (e) =>
    send(500, { __type: 'InternalServerException', message: String(e) }),
  );
  return { endpoint: server.url, sql, requests: server.requests, starts, close: server.close };
}

function send(status: number, body: unknown): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'wire-test' },
    body: JSON.stringify(body),
  };
}

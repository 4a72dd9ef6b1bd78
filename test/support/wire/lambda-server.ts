import {
  page,
  startWireServer,
  type InjectedFault,
  type WireResponse,
  type WireServer,
} from './wire-server.js';

/** Lambda's REST-JSON API (2015-03-31), from fixtures. Test-only. */

export interface LambdaFixtures {
  /** `GetFunctionConfiguration` shapes, as Lambda returns them (PascalCase). */
  readonly functions: readonly Record<string, unknown>[];
  readonly eventSourceMappings?: readonly Record<string, unknown>[];
  readonly pageSize?: number;
  /** Operations (e.g. `ListFunctions`) answered with AccessDeniedException. */
  readonly deny?: readonly string[];
  /** GetPolicy: each function's resource-based policy by name (serialized as Lambda does, a JSON string). */
  readonly policies?: Readonly<Record<string, unknown>>;
  /** GetFunctionUrlConfig: each function's URL configuration by name (PascalCase, as Lambda returns it). */
  readonly urls?: Readonly<Record<string, Record<string, unknown>>>;
  /** Operation → function names answered with AccessDeniedException for that function only. */
  readonly denyFor?: Readonly<Record<string, readonly string[]>>;
}

/** What Lambda sends when a caller is over its rate. */
export const lambdaThrottling: WireResponse = lambdaError(429, 'TooManyRequestsException', 'Rate exceeded');

function lambdaError(status: number, type: string, message: string): WireResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.lambda/`,
    },
    body: JSON.stringify({ Type: 'User', message }),
  };
}

function json(body: unknown): WireResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function operationOf(method: string, path: string): string {
  if (method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(path)) return 'ListFunctions';
  if (method === 'GET' && /^\/2015-03-31\/functions\/[^/]+\/configuration$/.test(path))
    return 'GetFunctionConfiguration';
  if (method === 'GET' && /^\/2015-03-31\/event-source-mappings\/?$/.test(path))
    return 'ListEventSourceMappings';
  if (method === 'GET' && /^\/2015-03-31\/functions\/[^/]+\/policy$/.test(path)) return 'GetPolicy';
  if (method === 'GET' && /^\/2021-10-31\/functions\/[^/]+\/url$/.test(path)) return 'GetFunctionUrlConfig';
  return `${method} ${path}`;
}

function notFound(): WireResponse {
  return lambdaError(404, 'ResourceNotFoundException', 'The resource you requested does not exist.');
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The function name a `/functions/<name or ARN>/...` path is about, by name. */
function functionOf(path: string, functions: readonly Record<string, unknown>[]): string | undefined {
  const m = /\/functions\/([^/]+)/.exec(path);
  if (!m) return undefined;
  const ref = decodeURIComponent(m[1]!);
  const fn = functions.find((f) => f.FunctionName === ref || f.FunctionArn === ref);
  return typeof fn?.FunctionName === 'string' ? fn.FunctionName : undefined;
}

export function startLambdaServer(
  fixtures: LambdaFixtures,
  faults: InjectedFault[] = [],
): Promise<WireServer> {
  const pageSize = fixtures.pageSize ?? 50;
  return startWireServer(
    (req) => {
      if (fixtures.deny?.includes(req.operation)) {
        return lambdaError(
          403,
          'AccessDeniedException',
          `User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: lambda:${req.operation}`,
        );
      }
      const target = functionOf(req.path, fixtures.functions);
      if (target && fixtures.denyFor?.[req.operation]?.includes(target)) {
        return lambdaError(
          403,
          'AccessDeniedException',
          `User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: lambda:${req.operation} on resource: ${target}`,
        );
      }
      switch (req.operation) {
        case 'GetPolicy': {
          // Lambda answers 404 both for a missing function and for a function without a policy.
          const policy = target === undefined ? undefined : own(fixtures.policies, target);
          if (policy === undefined) return notFound();
          return json({
            Policy: typeof policy === 'string' ? policy : JSON.stringify(policy),
            RevisionId: 'rev-1',
          });
        }
        case 'GetFunctionUrlConfig': {
          const url = target === undefined ? undefined : own(fixtures.urls, target);
          if (url === undefined) return notFound();
          return json({
            FunctionUrl: `https://${target}.lambda-url.us-east-1.on.aws/`,
            FunctionArn: fixtures.functions.find((f) => f.FunctionName === target)?.FunctionArn,
            CreationTime: '2024-05-06T07:08:09.000Z',
            LastModifiedTime: '2024-05-06T07:08:09.000Z',
            InvokeMode: 'BUFFERED',
            ...url,
          });
        }
        case 'ListFunctions': {
          const p = page(fixtures.functions, req.query.get('Marker'), pageSize);
          return json({ Functions: p.items, NextMarker: p.next ?? null });
        }
        case 'GetFunctionConfiguration': {
          const name = decodeURIComponent(req.path.split('/')[3] ?? '');
          const fn = fixtures.functions.find((f) => f.FunctionName === name || f.FunctionArn === name);
          if (!fn) return lambdaError(404, 'ResourceNotFoundException', `Function not found: ${name}`);
          return json(fn);
        }
        case 'ListEventSourceMappings': {
          const name = req.query.get('FunctionName');
          const all = (fixtures.eventSourceMappings ?? []).filter(
            (m) => !name || String(m.FunctionArn).split(':')[6] === name || m.FunctionArn === name,
          );
          const p = page(all, req.query.get('Marker'), pageSize);
          return json({ EventSourceMappings: p.items, NextMarker: p.next });
        }
        default:
          return lambdaError(404, 'UnknownOperationException', `no route for ${req.operation}`);
      }
    },
    operationOf,
    faults,
  );
}

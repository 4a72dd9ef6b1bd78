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
  return `${method} ${path}`;
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
      switch (req.operation) {
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

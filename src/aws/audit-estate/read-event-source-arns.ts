import type { LambdaClient } from '@aws-sdk/client-lambda';
import { readPart, type PartReading } from './part-reading.js';
import { sdk } from '../../sdk/require-sdk.js';

/**
 * Every event source mapping of a region (one paginated listing rather than one per function),
 * as function ARN → its event source ARNs, sorted and each once. A mapping on an alias or
 * version (`...:function:name:live`) counts for the function: the same code and role run.
 */
export async function readEventSourceArns(
  client: LambdaClient,
  region: string,
): Promise<PartReading<Map<string, string[]>>> {
  const { paginateListEventSourceMappings } = sdk('@aws-sdk/client-lambda');
  return readPart(
    'lambda:ListEventSourceMappings',
    region,
    async () => {
      const byFunction = new Map<string, Set<string>>();
      for await (const page of paginateListEventSourceMappings({ client }, {}))
        for (const m of page.EventSourceMappings ?? []) {
          if (!m.EventSourceArn || !m.FunctionArn) continue;
          const fn = unqualified(m.FunctionArn);
          byFunction.set(fn, (byFunction.get(fn) ?? new Set()).add(m.EventSourceArn));
        }
      return new Map(
        [...byFunction].map(([fn, arns]) => [fn, [...arns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))]),
      );
    },
    () => new Map(),
  );
}

/** `arn:aws:lambda:r:a:function:name[:qualifier]` without the qualifier. */
function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}

import { paginateListEventSourceMappings, type LambdaClient } from '@aws-sdk/client-lambda';
import { readPart, type PartReading } from './part-reading.js';

/** The event source ARNs of a function's event source mappings (all pages), sorted, each once. */
export async function readEventSourceArns(
  client: LambdaClient,
  functionArn: string,
  functionName: string,
): Promise<PartReading<string[]>> {
  return readPart(
    'lambda:ListEventSourceMappings',
    functionName,
    async () => {
      const arns = new Set<string>();
      for await (const page of paginateListEventSourceMappings({ client }, { FunctionName: functionArn }))
        for (const m of page.EventSourceMappings ?? []) if (m.EventSourceArn) arns.add(m.EventSourceArn);
      return [...arns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    },
    () => [],
  );
}

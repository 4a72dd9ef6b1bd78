import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { EventSourceMappingJson, FunctionConfigurationJson } from '../catalog/lambda-needs.js';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/**
 * The same two documents `--function-config` and `--event-source-mappings` read from files
 * (`aws lambda get-function-configuration` and `list-event-source-mappings` output), so the
 * live path and the file path feed the coverage model identically.
 */
export interface LiveFunctionConfig {
  readonly configuration: FunctionConfigurationJson & Record<string, unknown>;
  readonly eventSourceMappings: { readonly EventSourceMappings: EventSourceMappingJson[] };
}

export async function readFunctionConfig(
  client: LambdaClient,
  functionName: string,
): Promise<LiveFunctionConfig> {
  const { GetFunctionConfigurationCommand, paginateListEventSourceMappings } = sdk('@aws-sdk/client-lambda');
  const config = await awsCall(
    'GetFunctionConfigurationCommand',
    () => client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })),
    functionName,
  );
  const mappings: EventSourceMappingJson[] = [];
  await awsCall(
    'ListEventSourceMappingsCommand',
    async () => {
      for await (const page of paginateListEventSourceMappings({ client }, { FunctionName: functionName }))
        for (const m of page.EventSourceMappings ?? []) mappings.push(asCliJson(m) as EventSourceMappingJson);
    },
    functionName,
  );
  return {
    configuration: asCliJson(config) as FunctionConfigurationJson & Record<string, unknown>,
    eventSourceMappings: { EventSourceMappings: mappings },
  };
}

/**
 * What the AWS CLI would print: the SDK's `$metadata` dropped and Dates as ISO strings (the
 * CLI prints timestamps as strings too), so the value survives a JSON round trip unchanged.
 */
function asCliJson(value: object): Record<string, unknown> {
  const { $metadata: _drop, ...rest } = value as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

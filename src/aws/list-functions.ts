import type { DeployedFunction } from '../model/role-functions.js';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsError } from '../errors/iamtrim-error.js';
import { awsCall, toAwsError } from './access-denied.js';
import type { AwsClientConfig } from './aws-config.js';
import { sdk } from '../sdk/require-sdk.js';

/** One deployed function and the role it runs as. */
export type { DeployedFunction } from '../model/role-functions.js';

/** Lets tests hand in a client pointed elsewhere; the CLI uses the default. */
export type LambdaClientFactory = (region: string) => LambdaClient;

export interface ListFunctionsOptions {
  /**
   * Called with a region's failure instead of throwing it, and the scan goes on. For
   * `--regions all`: opt-in regions not enabled reject the credentials, and an SCP that
   * limits regions denies them; both mean "no functions there", to be reported, not fatal.
   */
  readonly onRegionError?: (region: string, error: AwsError) => void;
}

/**
 * Every function in each region, following NextMarker to the end. Regions run one after
 * another: ListFunctions is cheap and parallel calls only invite throttling. A region that
 * fails partway contributes nothing, so a skipped region is never half-listed.
 */
export async function listFunctions(
  regions: readonly string[],
  config: Partial<AwsClientConfig>,
  makeClient?: LambdaClientFactory,
  options: ListFunctionsOptions = {},
): Promise<DeployedFunction[]> {
  const { LambdaClient } = sdk('@aws-sdk/client-lambda');
  const clientFor = makeClient ?? ((region: string) => new LambdaClient({ ...config, region }));
  const out: DeployedFunction[] = [];
  for (const region of regions) {
    try {
      out.push(...(await listRegion(clientFor(region), region)));
    } catch (err) {
      if (!options.onRegionError) throw err;
      options.onRegionError(region, toAwsError(err, 'ListFunctionsCommand', region));
    }
  }
  return out;
}

async function listRegion(client: LambdaClient, region: string): Promise<DeployedFunction[]> {
  const { paginateListFunctions } = sdk('@aws-sdk/client-lambda');
  const out: DeployedFunction[] = [];
  await awsCall(
    'ListFunctionsCommand',
    async () => {
      for await (const page of paginateListFunctions({ client }, {})) {
        for (const f of page.Functions ?? []) {
          if (!f.FunctionName || !f.FunctionArn || !f.Role) continue;
          out.push({
            region,
            functionName: f.FunctionName,
            functionArn: f.FunctionArn,
            roleArn: f.Role,
            runtime: f.Runtime,
            packageType: f.PackageType,
            lastModified: f.LastModified,
            ...(f.TracingConfig?.Mode ? { tracingMode: f.TracingConfig.Mode } : {}),
            ...(f.LoggingConfig?.LogGroup ? { logGroup: f.LoggingConfig.LogGroup } : {}),
          });
        }
      }
    },
    region,
  );
  return out;
}

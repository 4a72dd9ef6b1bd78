import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { awsCall } from './access-denied.js';
import type { AwsClientConfig } from './aws-config.js';

/** One deployed function and the role it runs as. */
export interface DeployedFunction {
  readonly region: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly runtime: string | undefined;
  readonly packageType: string | undefined;
  readonly lastModified: string | undefined;
}

/** Lets tests hand in a client pointed elsewhere; the CLI uses the default. */
export type LambdaClientFactory = (region: string) => LambdaClient;

/**
 * Every function in each region, following NextMarker to the end. Regions run one after
 * another: ListFunctions is cheap and parallel calls only invite throttling.
 */
export async function listFunctions(
  regions: readonly string[],
  config: Partial<AwsClientConfig>,
  makeClient: LambdaClientFactory = (region) => new LambdaClient({ ...config, region }),
): Promise<DeployedFunction[]> {
  const out: DeployedFunction[] = [];
  for (const region of regions) {
    const client = makeClient(region);
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
            });
          }
        }
      },
      region,
    );
  }
  return out;
}

import { readFunctionConfig } from '../aws/read-function-config.js';
import { readTrailConfig } from '../aws/read-trail-config.js';
import { lambdaRequirements, type LambdaNeedsData } from '../catalog/lambda-needs.js';
import type { TrailConfigJson } from '../coverage/trail-config.js';
import type { RequiredPermission } from '../synthesize/role-evidence.js';
import { clientConfigOf, type AwsArgs } from './aws-options.js';
import { sdk } from '../sdk/require-sdk.js';

/** What each function's own setup needs, read live (GetFunctionConfiguration, event-source mappings). */
export async function liveLambdaRequirements(
  functions: readonly string[],
  args: AwsArgs,
  needs: LambdaNeedsData,
): Promise<RequiredPermission[]> {
  if (functions.length === 0) return [];
  const { LambdaClient } = sdk('@aws-sdk/client-lambda');
  const client = new LambdaClient(clientConfigOf(args));
  try {
    const out: RequiredPermission[] = [];
    for (const name of [...new Set(functions)]) {
      const live = await readFunctionConfig(client, name);
      out.push(
        ...lambdaRequirements(live.configuration, live.eventSourceMappings.EventSourceMappings, needs),
      );
    }
    return out;
  } finally {
    client.destroy();
  }
}

/** The trail's selectors, read live, as --trail-config would read them from files. */
export async function readLiveTrail(trail: string, args: AwsArgs): Promise<TrailConfigJson> {
  // A trail ARN names its home region, which GetTrail must be asked in.
  const home = /^arn:[^:]+:cloudtrail:([^:]+):/.exec(trail)?.[1];
  const config = clientConfigOf(args);
  const { CloudTrailClient } = sdk('@aws-sdk/client-cloudtrail');
  const client = new CloudTrailClient({ ...config, ...(home ? { region: home } : {}) });
  try {
    return await readTrailConfig(client, trail);
  } finally {
    client.destroy();
  }
}

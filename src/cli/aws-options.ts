import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Argv } from 'yargs';
import { awsClientConfig, type AwsClientConfig } from '../aws/aws-config.js';
import { parseRegions } from '../aws/regions.js';
import { UsageError } from '../errors/iamtrim-error.js';

/** The options every command that calls AWS shares, with AWS CLI names. */
export interface AwsArgs {
  profile?: string;
  region?: string;
  regions?: string;
  assumeRole?: string;
}

export function withAwsOptions<T>(y: Argv<T>): Argv<T & AwsArgs> {
  return y
    .option('profile', { type: 'string', describe: 'AWS profile (default: the SDK credential chain)' })
    .option('region', { type: 'string', describe: 'AWS region (default: from the profile or environment)' })
    .option('regions', {
      type: 'string',
      describe: 'Regions in scope: a comma-separated list, or all (default: --region)',
    })
    .option('assume-role', {
      type: 'string',
      describe: 'Role ARN to assume first, to reach another account',
    }) as unknown as Argv<T & AwsArgs>;
}

export function clientConfigOf(args: AwsArgs): AwsClientConfig {
  return awsClientConfig({
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.region ? { region: args.region } : {}),
    ...(args.assumeRole ? { assumeRoleArn: args.assumeRole } : {}),
  });
}

/**
 * The regions a command covers: --regions (a list or "all"), else --region, else the
 * region the SDK's own chain finds (AWS_REGION, the profile).
 */
export async function regionsInScope(args: AwsArgs, config: AwsClientConfig): Promise<string[]> {
  const listed = parseRegions(args.regions ? [args.regions] : []);
  if (listed.length > 0) return listed;
  if (args.region) return [args.region];
  const probe = new LambdaClient(config);
  try {
    const region = await probe.config.region();
    if (region) return [region];
  } catch {
    // Falls through to the error below: no region anywhere in the chain.
  } finally {
    probe.destroy();
  }
  throw new UsageError('no region: give --region or --regions, or set one in the profile or AWS_REGION');
}

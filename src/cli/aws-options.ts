import type { Argv } from 'yargs';
import { awsClientConfig, type AwsClientConfig } from '../aws/aws-config.js';
import { assertProfileExists } from '../aws/find-profile.js';
import { parseRegions } from '../aws/regions.js';
import { UsageError } from '../errors/iamtrim-error.js';
import { sdk } from '../sdk/require-sdk.js';

/** The options every command that calls AWS shares, with AWS CLI names. */
export interface AwsArgs {
  profile?: string;
  region?: string;
  regions?: string;
  assumeRole?: string;
}

export function withAwsOptions<T>(y: Argv<T>): Argv<T & AwsArgs> {
  return y
    .option('profile', {
      type: 'string',
      describe: 'AWS profile (default: AWS_PROFILE, else the SDK credential chain)',
    })
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

/**
 * `AWS_PROFILE=prod` means what `--profile prod` means: the profile iamtrim talks to AWS
 * with, and a sign that AWS is in use (suggest then reads the role's policies live). The
 * flag wins over the variable, as in the AWS CLI. Applied to the parsed arguments once.
 */
export function applyEnvProfile(args: AwsArgs, env: Readonly<Record<string, string | undefined>>): void {
  if (!args.profile && env.AWS_PROFILE) args.profile = env.AWS_PROFILE;
}

// One config per command run: its credential provider caches what it resolved, so every
// client of the run shares one AssumeRole instead of assuming the role again.
const configs = new WeakMap<AwsArgs, AwsClientConfig>();

export function clientConfigOf(args: AwsArgs): AwsClientConfig {
  let config = configs.get(args);
  if (!config) {
    // Named now: the SDK would report a missing region or credentials without naming it.
    if (args.profile) assertProfileExists(args.profile);
    config = awsClientConfig({
      ...(args.profile ? { profile: args.profile } : {}),
      ...(args.region ? { region: args.region } : {}),
      ...(args.assumeRole ? { assumeRoleArn: args.assumeRole } : {}),
    });
    configs.set(args, config);
  }
  return config;
}

/** The region the SDK's own chain finds (--region, AWS_REGION, the profile), if any. */
export async function chainRegion(config: AwsClientConfig): Promise<string | undefined> {
  if (config.region) return config.region;
  const { LambdaClient } = sdk('@aws-sdk/client-lambda');
  const probe = new LambdaClient(config);
  try {
    return (await probe.config.region()) || undefined;
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/**
 * The regions a command covers: --regions (a list or "all"), else --region, else the
 * region the SDK's own chain finds (AWS_REGION, the profile).
 */
export async function regionsInScope(args: AwsArgs, config: AwsClientConfig): Promise<string[]> {
  const listed = parseRegions(args.regions ? [args.regions] : []);
  if (listed.length > 0) return listed;
  const region = args.region ?? (await chainRegion(config));
  if (region) return [region];
  throw new UsageError('no region: give --region or --regions, or set one in the profile or AWS_REGION');
}

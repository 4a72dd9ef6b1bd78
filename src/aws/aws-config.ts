import type { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/** Which account and region iamtrim talks to, as given on the command line. */
export interface AwsScope {
  readonly profile?: string;
  readonly region?: string;
  readonly assumeRoleArn?: string;
}

// Named through the provider itself so no undeclared @smithy package is imported.
type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;

/** The settings every iamtrim client shares. Spread into `new XClient(...)`. */
export interface AwsClientConfig {
  readonly credentials: CredentialProvider;
  readonly region?: string;
  readonly profile?: string;
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
}

/**
 * IAM's read APIs throttle readily (the quota is per account, shared with every other caller),
 * and a scan of many roles hits it. Six attempts with adaptive retry, which also slows the
 * client down once it has been throttled, ride that out where the SDK default of three does not.
 */
export const defaultMaxAttempts = 6;

/**
 * Credentials from the SDK's default chain (env, profile, SSO, container, instance), optionally
 * exchanged for a role in another account. Region falls back to the chain (AWS_REGION,
 * profile) when not given. Endpoints are not set here on purpose: the SDK itself honours
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (and `endpoint_url` in the profile).
 */
export function awsClientConfig(scope: AwsScope = {}): AwsClientConfig {
  const where = {
    ...(scope.region ? { region: scope.region } : {}),
    ...(scope.profile ? { profile: scope.profile } : {}),
  };
  const base = lazyProvider(async () => {
    const { fromNodeProviderChain } = sdk('@aws-sdk/credential-providers');
    return fromNodeProviderChain(scope.profile ? { profile: scope.profile } : {});
  });
  const credentials = scope.assumeRoleArn ? assumeRole(scope.assumeRoleArn, base, where) : base;
  return {
    credentials,
    ...where,
    maxAttempts: defaultMaxAttempts,
    retryMode: 'adaptive',
  };
}

/**
 * `--assume-role`. A failed AssumeRole surfaces in whichever call first needed credentials,
 * so it is translated here, naming sts:AssumeRole rather than that call's own action.
 */
function assumeRole(
  roleArn: string,
  base: CredentialProvider,
  where: { region?: string; profile?: string },
): CredentialProvider {
  const assumed = lazyProvider(async () => {
    const { fromTemporaryCredentials } = sdk('@aws-sdk/credential-providers');
    return fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: 'iamtrim' },
      masterCredentials: base,
      clientConfig: where,
    });
  });
  return (props) => awsCall('AssumeRoleCommand', () => assumed(props), roleArn);
}

/**
 * A provider made on its first call: the credential providers load much of the SDK, which
 * a command that never calls AWS (and `--help`) should not pay for. The made provider is
 * kept, so its own caching of credentials works as before.
 */
function lazyProvider(make: () => Promise<CredentialProvider>): CredentialProvider {
  let made: Promise<CredentialProvider> | undefined;
  return async (props) => (await (made ??= make()))(props);
}

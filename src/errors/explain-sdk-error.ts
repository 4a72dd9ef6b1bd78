/**
 * What an SDK failure that has nothing to do with the call itself means, and how to fix it:
 * no region, no or unknown profile, no, expired or rejected credentials, an endpoint that
 * cannot be reached (prefixed with `call`, which names the request). One line each.
 * Undefined for anything else (a denied call, a missing
 * role), which the caller describes with what it knows of the call.
 */
export function explainSdkError(err: unknown, call?: string): string | undefined {
  const e = (err ?? {}) as {
    name?: string;
    Code?: string;
    code?: string;
    message?: string;
    hostname?: string;
    address?: string;
    port?: number;
  };
  const code = e.Code ?? e.name ?? '';
  const message = oneLine(e.message ?? '');
  if (message === 'Region is missing' || code === 'RegionMissing')
    return 'no AWS region: give --region, set AWS_REGION, or add `region = …` to the profile in ~/.aws/config';
  const profile =
    /using profile: \[([^\]]*)\]|[Pp]rofile "?([^"\s]+)"? (?:could not be found|not found)/.exec(message);
  if (profile)
    return `AWS profile "${profile[1] ?? profile[2]}" was not found in the AWS config or credentials file: check --profile or AWS_PROFILE (\`aws configure list-profiles\` lists them)`;
  if (EXPIRED_CODES.has(code) || (CREDENTIAL_ERRORS.has(code) && /expired|refresh/i.test(message)))
    return `the AWS credentials have expired (${code}): refresh them (\`aws sso login\`, or new keys for the profile) and run again`;
  if (CREDENTIAL_ERRORS.has(code))
    return 'no AWS credentials: none found in the environment, --profile or AWS_PROFILE, SSO (after `aws sso login`), or a container or instance role';
  if (REJECTED_CODES.has(code))
    return `AWS rejected the credentials (${code}): the access key is unknown or its secret is wrong; check the profile or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`;
  const net = e.code ?? '';
  if (NETWORK_CODES.has(net)) {
    const where = e.hostname ?? (e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : undefined);
    return `${call ? `${call}: ` : ''}cannot reach AWS${where ? ` at ${where}` : ''} (${net}): check the network, --region, and any AWS_ENDPOINT_URL setting`;
  }
  return undefined;
}

// The SDK's credential and token providers fail with these names.
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'TokenRefreshRequired',
]);
const REJECTED_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'InvalidSignatureException',
]);
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** SDK messages can span lines (a credential chain lists each provider it tried). */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

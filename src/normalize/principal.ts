import type { RawUserIdentity } from './raw-trail-record.js';
import type { Principal } from './trail-event.js';

const ASSUMED_ROLE_ARN = /^arn:([\w-]+):sts::(\d{12}|[^:]*):assumed-role\/([^/]+)\/(.*)$/;

export type PrincipalResult =
  | { kind: 'principal'; principal: Principal }
  | { kind: 'service'; invokedBy: string }
  | { kind: 'unknown'; reason: string };

/**
 * Works out who owns the permissions used by a call.
 *
 * Roles are taken from `sessionContext.sessionIssuer.arn`, which keeps the role path
 * (`role/service-role/x`) and partition. Matching on the session name alone would let
 * a human whose session is called `orders-api` pass for the function.
 */
export function resolvePrincipal(identity: RawUserIdentity | undefined): PrincipalResult {
  if (!identity || typeof identity !== 'object')
    return { kind: 'unknown', reason: 'record has no userIdentity' };
  // A trail repeats the same few sessions thousands of times: resolve each once. One map
  // keyed by the session ARN hashes one string per record; the issuer is compared, not
  // hashed (an entry per issuer, as a forged record may pair an ARN with another issuer).
  if (identity.type === 'AssumedRole' && typeof identity.arn === 'string') {
    const issuerArn = identity.sessionContext?.sessionIssuer?.arn ?? '';
    let entries = sessionCache.get(identity.arn);
    if (!entries) {
      if (sessionCache.size >= SESSION_CACHE_LIMIT) sessionCache.clear();
      entries = [];
      sessionCache.set(identity.arn, entries);
    }
    for (const entry of entries) if (entry.issuerArn === issuerArn) return entry.result;
    const result = resolveUncached(identity);
    if (entries.length >= ISSUERS_PER_SESSION_LIMIT) entries.length = 0;
    entries.push({ issuerArn, result });
    return result;
  }
  return resolveUncached(identity);
}

const SESSION_CACHE_LIMIT = 10_000;
// Real records have one issuer per session ARN; forged ones must not make the scan quadratic.
const ISSUERS_PER_SESSION_LIMIT = 8;
const sessionCache = new Map<string, { issuerArn: unknown; result: PrincipalResult }[]>();

function resolveUncached(identity: RawUserIdentity): PrincipalResult {
  const type = identity.type;
  switch (type) {
    case 'AssumedRole': {
      const issuer = identity.sessionContext?.sessionIssuer;
      const match = typeof identity.arn === 'string' ? ASSUMED_ROLE_ARN.exec(identity.arn) : null;
      const sessionName = match?.[4] ?? sessionFromPrincipalId(identity.principalId);
      if (issuer && typeof issuer.arn === 'string' && issuer.arn) {
        return { kind: 'principal', principal: withSession(issuer.arn, 'role', sessionName) };
      }
      if (match) {
        // No issuer (older or trimmed records): rebuild the role ARN. The path is unknown.
        const [, partition, account, roleName] = match;
        const arn = `arn:${partition}:iam::${account}:role/${roleName}`;
        return { kind: 'principal', principal: withSession(arn, 'role', sessionName) };
      }
      return { kind: 'unknown', reason: 'assumed-role identity without issuer or ARN' };
    }
    case 'IAMUser':
      return arnPrincipal(identity.arn, 'user');
    case 'Root':
      return arnPrincipal(identity.arn, 'root');
    case 'FederatedUser':
    case 'WebIdentityUser':
    case 'SAMLUser':
      return arnPrincipal(identity.arn ?? identity.principalId, 'federated');
    case 'AWSAccount':
      if (identity.accountId)
        return { kind: 'principal', principal: { arn: `account:${identity.accountId}`, type: 'account' } };
      return arnPrincipal(identity.principalId, 'account');
    case 'AWSService':
      return { kind: 'service', invokedBy: identity.invokedBy ?? 'unknown service' };
    default:
      if (typeof identity.arn === 'string' && identity.arn) return arnPrincipal(identity.arn, 'unknown');
      // AWS-internal calls (key rotation, expiry) carry only `invokedBy: "AWS Internal"`.
      if (typeof identity.invokedBy === 'string' && identity.invokedBy)
        return { kind: 'service', invokedBy: identity.invokedBy };
      return { kind: 'unknown', reason: `identity type ${JSON.stringify(type ?? null)} has no ARN` };
  }
}

function arnPrincipal(arn: string | undefined, type: Principal['type']): PrincipalResult {
  if (typeof arn !== 'string' || !arn) return { kind: 'unknown', reason: `${type} identity without ARN` };
  return { kind: 'principal', principal: { arn, type } };
}

function withSession(arn: string, type: Principal['type'], sessionName: string | undefined): Principal {
  return sessionName ? { arn, type, sessionName } : { arn, type };
}

function sessionFromPrincipalId(principalId: string | undefined): string | undefined {
  if (typeof principalId !== 'string') return undefined;
  const colon = principalId.indexOf(':');
  return colon >= 0 ? principalId.slice(colon + 1) || undefined : undefined;
}

/** `aws`, `aws-cn`, `aws-us-gov`, ... from any ARN; `aws` when the ARN says nothing. */
export function partitionOf(arn: string | undefined): string {
  if (typeof arn === 'string' && arn.startsWith('arn:')) {
    const end = arn.indexOf(':', 4);
    if (end > 4) return arn.slice(4, end);
  }
  return 'aws';
}

/** True when `ref` (a role ARN or a bare role name) names the role ARN `arn`. */
export function roleMatches(ref: string, arn: string): boolean {
  if (ref.startsWith('arn:')) return ref === arn;
  const slash = arn.lastIndexOf('/');
  return arn.includes(':role/') && arn.slice(slash + 1) === ref;
}

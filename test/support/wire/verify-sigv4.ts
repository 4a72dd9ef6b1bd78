import { createHash, createHmac } from 'node:crypto';
import type { HttpRequest } from './http-server.js';

/** The secret a wire server checks signatures against. */
export interface SigningSecret {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * Checks a request's AWS Signature Version 4 `Authorization` header the way S3 does, written
 * from the published algorithm with node:crypto alone, so a signer under test is checked by
 * code that shares nothing with it. S3 signs the path as its own strict encoding of the key
 * (RFC 3986 unreserved characters kept, each segment once), so a client must send the path
 * in exactly that form for the signature to hold. Returns
 * undefined when the signature holds, else why not (S3 answers that with 403).
 */
export function sigv4Problem(req: HttpRequest, secret: SigningSecret): string | undefined {
  const auth = header(req, 'authorization');
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth ?? '',
    );
  if (!m) return `no SigV4 Authorization header (${auth ?? 'none'})`;
  const [, keyId, day, region, service, signedList, signature] = m as unknown as string[];
  if (keyId !== secret.accessKeyId) return `unknown access key ${keyId}`;
  const amzDate = header(req, 'x-amz-date') ?? '';
  if (!amzDate.startsWith(day as string))
    return `x-amz-date ${amzDate} is not of the credential's day ${day}`;
  const signed = (signedList as string).split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256'])
    if (!signed.includes(required)) return `${required} is not signed`;
  const payloadHash = header(req, 'x-amz-content-sha256') ?? '';
  if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== sha256(req.body))
    return 'x-amz-content-sha256 does not match the body';
  const canonicalHeaders = signed
    .map((h) => `${h}:${(header(req, h) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    req.method,
    req.path
      .split('/')
      .map((segment) => encode(decodeURIComponent(segment)))
      .join('/'),
    canonicalQuery(req.query),
    canonicalHeaders,
    signedList,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${secret.secretAccessKey}`, day as string);
  for (const part of [region as string, service as string, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return expected === signature ? undefined : 'SignatureDoesNotMatch';
}

function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Parameters sorted by encoded name, each name and value encoded as SigV4 says (RFC 3986 unreserved kept). */
function canonicalQuery(query: URLSearchParams): string {
  return [...query]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

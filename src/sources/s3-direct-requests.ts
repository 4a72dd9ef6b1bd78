import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdk } from '../sdk/require-sdk.js';
import { collectBody } from './collect-body.js';
import { parseListResult, type ListPage } from './s3-list-result.js';

/**
 * ListObjectsV2 pages and GetObject as one SigV4-signed GET each, for a scan's many small
 * log objects. The SDK's command stack costs about 1 ms of CPU per object (middleware,
 * schema serde, checksum set-up) and its XML reader about 0.08 ms per listed key, on the
 * thread that also scans; this costs a signature and the request. It uses the client's own
 * endpoint resolution (AWS_ENDPOINT_URL_S3, path style, FIPS, dual-stack), credentials chain,
 * clock-skew correction and HTTP handler, so it reaches the same URL as the SDK would.
 *
 * It handles only the plain case: a 200 answer. A bucket in another region answers 301
 * naming its region once; the request is sent again there, and every later one goes there
 * first. Anything else (an error answer, a dropped connection, a page it cannot read)
 * returns undefined and the caller sends the same request through the SDK, which retries
 * and names the error exactly as before. An answer that says this way will not work for
 * the bucket (a second redirect, a signature error, access denied) turns it off for the
 * rest of the scan, so nothing is asked for twice again; a skewed clock or expired
 * credentials do not, as the SDK's attempt corrects what both share.
 *
 * Integrity: it does not ask S3 for a response checksum (the SDK's WHEN_SUPPORTED
 * validation). A CloudTrail object is gzip, whose CRC-32 trailer the inflate checks, over TLS.
 */
export interface DirectS3 {
  /** The object's body, or undefined: send this GetObject through the SDK instead. */
  get(key: string): Promise<Readable | undefined>;
  /** One ListObjectsV2 page, or undefined: ask the SDK for this page instead. */
  list(prefix: string, delimiter?: string, token?: string): Promise<ListPage | undefined>;
}

/** SHA-256 of an empty body: a GET's signed payload hash, which S3 requires as a header. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Answers that may differ for the next object (it vanished, S3 was busy): keep going. */
const PER_OBJECT = new Set([404, 408, 429, 500, 502, 503, 504]);

/**
 * Refusals that the SDK's own attempt puts right for every later GET too: it corrects the
 * clock offset both share, or refreshes the credentials both read. Keep going after them.
 */
const PASSING = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'ExpiredToken']);

/** An error answer's S3 code, from the start of its XML (S3 writes it first). */
async function errorCodeOf(body: Readable): Promise<string | undefined> {
  let text = '';
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      // An error document is under 1 KB; read on only to drain the connection for reuse.
      if (text.length < 4096) text += chunk.toString('utf8');
    }
  } catch {
    return undefined;
  }
  return /<Code>([A-Za-z.]+)<\/Code>/.exec(text)?.[1];
}

interface AuthScheme {
  readonly name?: string;
  readonly signingName?: string;
  readonly signingRegion?: string;
  readonly disableDoubleEncoding?: boolean;
}

/** The parts of the client's resolved config used here (all are on an S3Client's `config`). */
interface ResolvedConfig {
  readonly credentials: () => Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }>;
  readonly sha256: new (secret?: unknown) => { update(d: unknown): void; digest(): Promise<Uint8Array> };
  readonly systemClockOffset?: number;
  readonly requestHandler: {
    handle(request: unknown): Promise<{ response: Answer }>;
  };
}

/**
 * A `DirectS3` for `bucket`, or undefined when its endpoint needs what only the SDK does
 * (SigV4a for multi-region access points, S3 Express sessions, endpoint headers).
 * `sampleKey` is any key in the bucket: S3's endpoint rules take one, though none of its
 * plain-bucket rules depend on it.
 */
export async function createDirectS3(
  s3: S3Client,
  bucket: string,
  sampleKey: string,
): Promise<DirectS3 | undefined> {
  const { extendedEncodeURIComponent } = sdk('@smithy/core/protocols');
  const config = s3.config as unknown as ResolvedConfig;
  let target = await targetOf(s3, bucket, sampleKey);
  if (!target) return undefined;
  let enabled = true;
  // The bucket's own region, once a 301 named it (shared by the GETs that were in flight).
  let moving: Promise<Target | undefined> | undefined;

  /** One signed GET of `key` (an object) or of the bucket itself with `query` (a listing). */
  const send = async (to: Target, what: Wanted): Promise<Answer | undefined> => {
    const path =
      what.key === undefined
        ? `${to.base}/`
        : `${to.base}/${what.key.split('/').map(extendedEncodeURIComponent).join('/')}`;
    const request = {
      method: 'GET',
      protocol: to.url.protocol,
      hostname: to.url.hostname,
      ...(to.port !== undefined ? { port: to.port } : {}),
      path,
      query: what.query ?? {},
      headers: { host: to.url.host, 'x-amz-content-sha256': EMPTY_SHA256 },
    };
    try {
      const signed = await to.signer.sign(request as never, {
        signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)),
      });
      return (await config.requestHandler.handle(signed)).response;
    } catch {
      return undefined; // connection trouble, or credentials: the SDK retries and explains
    }
  };

  /** The answer's body when it is a 200; undefined (the SDK's turn) for anything else. */
  const request = async (what: Wanted): Promise<Readable | undefined> => {
    if (!enabled || !target) return undefined;
    const first = target;
    let response = await send(first, what);
    // A bucket in another region than the client's answers 301 naming its own. The SDK
    // (followRegionRedirects) would ask twice for every object; this asks again only the
    // requests already sent, and sends every later one there first.
    const region = response?.headers?.['x-amz-bucket-region'];
    if (response?.statusCode === 301 && typeof region === 'string' && REGION.test(region)) {
      (response.body as Readable | undefined)?.resume();
      if (first.region === region) {
        enabled = false; // sent where it says to go: a loop, left to the SDK
        return undefined;
      }
      moving ??= targetOf(s3, bucket, sampleKey, region);
      const there = await moving;
      if (!there) {
        enabled = false;
        return undefined;
      }
      target = there;
      response = await send(there, what);
    }
    if (!response) return undefined;
    const body = response.body as Readable | undefined;
    if (response.statusCode === 200 && body) return body;
    if (PER_OBJECT.has(response.statusCode))
      body?.resume(); // drain, so the connection is reused
    else if (!PASSING.has((body && (await errorCodeOf(body))) ?? '')) enabled = false;
    return undefined;
  };

  return {
    get: (key) => request({ key }),
    async list(prefix, delimiter, token) {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (delimiter !== undefined) query['delimiter'] = delimiter;
      if (token !== undefined) query['continuation-token'] = token;
      const body = await request({ query });
      if (!body) return undefined;
      const got = await collectBody(body, MAX_LIST_BYTES);
      return got.error === undefined
        ? parseListResult(
            Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.length).toString('utf8'),
          )
        : undefined;
    },
  };
}

/** An object (`key`) or the bucket (`query`, for a listing). */
interface Wanted {
  readonly key?: string;
  readonly query?: Record<string, string>;
}

/** A page of 1,000 keys is about 300 KB; one far past that is not a listing page. */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** Where and how to send a bucket's GETs. */
interface Target {
  /** The region GETs are signed for. */
  readonly region: string;
  readonly url: URL;
  /** The endpoint's path (the bucket, in path style), without a trailing slash. */
  readonly base: string;
  readonly port: number | undefined;
  readonly signer: { sign(request: never, options: { signingDate: Date }): Promise<unknown> };
}

interface Answer {
  readonly statusCode: number;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: unknown;
}

/** A region's name as S3 gives it in `x-amz-bucket-region`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The bucket's endpoint as the SDK resolves it for GetObject (in `region` when given,
 * else the client's), or undefined when it needs more than SigV4.
 */
async function targetOf(
  s3: S3Client,
  bucket: string,
  key: string,
  region?: string,
): Promise<Target | undefined> {
  const { getEndpointFromInstructions } = sdk('@smithy/core/endpoints');
  const { GetObjectCommand } = sdk('@aws-sdk/client-s3');
  const { SignatureV4 } = sdk('@smithy/signature-v4');
  const config = s3.config as unknown as ResolvedConfig;
  const endpointConfig = region ? { ...s3.config, region: () => Promise.resolve(region) } : s3.config;
  let endpoint;
  try {
    endpoint = await getEndpointFromInstructions(
      { Bucket: bucket, Key: key },
      GetObjectCommand,
      endpointConfig as never,
    );
  } catch {
    return undefined; // the SDK will say what is wrong with the bucket or endpoint
  }
  const schemes = endpoint.properties?.['authSchemes'] as AuthScheme[] | undefined;
  const scheme = schemes?.[0];
  const extraHeaders = Object.keys(endpoint.headers ?? {}).length > 0;
  if (scheme?.name !== 'sigv4' || !scheme.signingRegion || extraHeaders) return undefined;
  const { url } = endpoint;
  return {
    region: scheme.signingRegion,
    url,
    base: url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname,
    port: url.port ? Number(url.port) : undefined,
    signer: new SignatureV4({
      credentials: config.credentials,
      region: scheme.signingRegion,
      service: scheme.signingName ?? 's3',
      sha256: config.sha256 as never,
      uriEscapePath: !scheme.disableDoubleEncoding,
      applyChecksum: false,
    }) as Target['signer'],
  };
}

import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdk } from '../sdk/require-sdk.js';

/**
 * GetObject as one SigV4-signed GET, for a scan's many small log objects. The SDK's command
 * stack costs about 1 ms of CPU per object (middleware, schema serde, checksum set-up) on the
 * thread that also scans; this costs a signature and the request. It uses the client's own
 * endpoint resolution (AWS_ENDPOINT_URL_S3, path style, FIPS, dual-stack), credentials chain,
 * clock-skew correction and HTTP handler, so it reaches the same URL as the SDK would.
 *
 * It handles only the plain case: a 200 answer. Anything else (an error answer, a redirect,
 * a dropped connection) returns undefined and the caller sends the same GetObject through
 * the SDK, which retries, follows region redirects and names the error exactly as before.
 * An answer that says this way will not work for the bucket (a redirect, a signature or
 * region error) turns it off for the rest of the scan, so no object is asked for twice again.
 *
 * Integrity: it does not ask S3 for a response checksum (the SDK's WHEN_SUPPORTED
 * validation). A CloudTrail object is gzip, whose CRC-32 trailer the inflate checks, over TLS.
 */
export interface DirectGet {
  /** The object's body, or undefined: send this GetObject through the SDK instead. */
  get(key: string): Promise<Readable | undefined>;
}

/** SHA-256 of an empty body: a GET's signed payload hash, which S3 requires as a header. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Answers that may differ for the next object (it vanished, S3 was busy): keep going. */
const PER_OBJECT = new Set([404, 408, 429, 500, 502, 503, 504]);

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
    handle(request: unknown): Promise<{ response: { statusCode: number; body?: unknown } }>;
  };
}

/**
 * A `DirectGet` for `bucket`, or undefined when its endpoint needs what only the SDK does
 * (SigV4a for multi-region access points, S3 Express sessions, endpoint headers).
 * `sampleKey` is any key in the bucket: S3's endpoint rules take one, though none of its
 * plain-bucket rules depend on it.
 */
export async function createDirectGet(
  s3: S3Client,
  bucket: string,
  sampleKey: string,
): Promise<DirectGet | undefined> {
  const { getEndpointFromInstructions } = sdk('@smithy/core/endpoints');
  const { extendedEncodeURIComponent } = sdk('@smithy/core/protocols');
  const { GetObjectCommand } = sdk('@aws-sdk/client-s3');
  const { SignatureV4 } = sdk('@smithy/signature-v4');
  const config = s3.config as unknown as ResolvedConfig;
  let endpoint;
  try {
    endpoint = await getEndpointFromInstructions(
      { Bucket: bucket, Key: sampleKey },
      GetObjectCommand,
      s3.config as never,
    );
  } catch {
    return undefined; // the SDK will say what is wrong with the bucket or endpoint
  }
  const schemes = endpoint.properties?.['authSchemes'] as AuthScheme[] | undefined;
  const scheme = schemes?.[0];
  const extraHeaders = Object.keys(endpoint.headers ?? {}).length > 0;
  if (scheme?.name !== 'sigv4' || !scheme.signingRegion || extraHeaders) return undefined;
  const { url } = endpoint;
  const signer = new SignatureV4({
    credentials: config.credentials,
    region: scheme.signingRegion,
    service: scheme.signingName ?? 's3',
    sha256: config.sha256 as never,
    uriEscapePath: !scheme.disableDoubleEncoding,
    applyChecksum: false,
  });
  const base = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const port = url.port ? Number(url.port) : undefined;
  let enabled = true;
  return {
    async get(key) {
      if (!enabled) return undefined;
      const request = {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(port !== undefined ? { port } : {}),
        path: `${base}/${key.split('/').map(extendedEncodeURIComponent).join('/')}`,
        query: {},
        headers: { host: url.host, 'x-amz-content-sha256': EMPTY_SHA256 },
      };
      let response;
      try {
        const signed = await signer.sign(request as never, {
          signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)),
        });
        ({ response } = await config.requestHandler.handle(signed));
      } catch {
        return undefined; // connection trouble, or credentials: the SDK retries and explains
      }
      const body = response.body as Readable | undefined;
      if (response.statusCode === 200 && body) return body;
      body?.resume(); // drain, so the connection is reused
      if (!PER_OBJECT.has(response.statusCode)) enabled = false;
      return undefined;
    },
  };
}

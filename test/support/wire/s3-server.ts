import { createHash } from 'node:crypto';
import { startHttpWireServer, type HttpReply, type HttpRequest } from './http-server.js';
import { xmlEscape as xml } from './wire-server.js';
import { sigv4Problem, type SigningSecret } from './verify-sigv4.js';

/** A request as the server saw it, for assertions on what the client asked for. */
export interface RecordedRequest {
  readonly method: string;
  readonly bucket: string;
  /** Object key for GetObject; undefined for a bucket (list) request. */
  readonly key?: string;
  readonly query: Record<string, string>;
}

/** An S3 error the server can answer with instead of the real response. */
export type S3Fault =
  | 'SlowDown'
  | 'AccessDenied'
  | 'InternalError'
  | 'ConditionalRequestConflict'
  | 'RequestTimeTooSkewed'
  | 'ExpiredToken';

export interface S3ServerOptions {
  /** Keys per ListObjectsV2 page at most (the client's max-keys can only lower it). Default 1000. */
  readonly pageSize?: number;
  /**
   * Check every request's SigV4 signature against this secret, answering 403
   * SignatureDoesNotMatch as S3 does when it fails. Default: signatures are not checked.
   */
  readonly verify?: SigningSecret;
  /**
   * Buckets' regions, for the ones a test places. A request signed for another region is
   * answered as a regional S3 endpoint answers one for a bucket elsewhere: 301
   * PermanentRedirect with the bucket's region in `x-amz-bucket-region`.
   */
  readonly bucketRegions?: Readonly<Record<string, string>>;
  /**
   * How far this server's clock is ahead of the machine's: its `Date` header and its
   * RequestTimeTooSkewed check (with `verify`) use it, as a real S3 meets a machine whose
   * clock is wrong. Default 0.
   */
  readonly clockAheadMs?: number;
  /** Called for every request with its 1-based number; a fault answers it with that S3 error. */
  readonly fault?: (req: RecordedRequest, n: number) => S3Fault | undefined;
}

export interface S3TestServer {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Adds or replaces an object. */
  put(bucket: string, key: string, body: Buffer): void;
  delete(bucket: string, key: string): void;
  /** A copy of a bucket's objects (empty for an unknown bucket), for assertions on what was written. */
  objects(bucket: string): Map<string, Buffer>;
  close(): Promise<void>;
}

const FAULTS: Record<S3Fault, { status: number; message: string }> = {
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
  AccessDenied: { status: 403, message: 'Access Denied' },
  ExpiredToken: { status: 400, message: 'The provided token has expired.' },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
  },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  // What S3 answers a conditional write that raced another write of the same key.
  ConditionalRequestConflict: {
    status: 409,
    message:
      'A conflicting conditional operation is currently in progress against this resource. Please try again.',
  },
};

/**
 * A small S3 REST server on 127.0.0.1 for wire tests: path-style ListObjectsV2 (prefix,
 * delimiter, continuation tokens, max-keys), GetObject, DeleteObject and PutObject (with
 * `If-None-Match: *`: 412 PreconditionFailed when the key exists, as S3 does), answering in S3's own XML so
 * the real SDK parses, paginates and retries exactly as against AWS. Test infrastructure only.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3TestServer> {
  const buckets = new Map<string, Map<string, Buffer>>();
  const handle = (req: HttpRequest, record: (r: RecordedRequest) => number): HttpReply => {
    const [bucketPart = '', ...keyParts] = req.path.slice(1).split('/');
    const bucket = decodeURIComponent(bucketPart);
    const joined = keyParts.map(decodeURIComponent).join('/');
    const key = joined === '' ? undefined : joined;
    const query = Object.fromEntries(req.query);
    const recorded: RecordedRequest = { method: req.method, bucket, query, ...(key ? { key } : {}) };
    const n = record(recorded);
    if (options.verify && isSkewed(req, Date.now() + (options.clockAheadMs ?? 0))) {
      const { status, message } = FAULTS.RequestTimeTooSkewed;
      return sendError('RequestTimeTooSkewed', status, message, req.path);
    }
    const unsigned = options.verify ? sigv4Problem(req, options.verify) : undefined;
    if (unsigned) return sendError('SignatureDoesNotMatch', 403, unsigned, req.path);
    const home = options.bucketRegions?.[bucket];
    const signedFor = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    if (home !== undefined && signedFor !== undefined && signedFor !== home) {
      const reply = sendError(
        'PermanentRedirect',
        301,
        'The bucket you are attempting to access must be addressed using the specified endpoint.',
        req.path,
        `<Bucket>${xml(bucket)}</Bucket>`,
      );
      return { ...reply, headers: { ...reply.headers, 'x-amz-bucket-region': home } };
    }
    const fault = options.fault?.(recorded, n);
    if (fault) return sendError(fault, FAULTS[fault].status, FAULTS[fault].message, req.path);
    const objects = buckets.get(bucket);
    if (!objects) return sendError('NoSuchBucket', 404, 'The specified bucket does not exist', req.path);
    if (req.method === 'PUT' && key !== undefined) return putObject(objects, key, req);
    if (req.method === 'DELETE' && key !== undefined) {
      // S3 answers 204 whether or not the key existed.
      objects.delete(key);
      return { status: 204, body: '' };
    }
    if (key === undefined) {
      if (query['list-type'] !== '2') return sendError('NotImplemented', 501, 'only ListObjectsV2', req.path);
      return sendList(bucket, objects, query, options.pageSize ?? 1000);
    }
    const body = objects.get(key);
    if (!body) return sendError('NoSuchKey', 404, 'The specified key does not exist.', req.path);
    // A HEAD answer carries the object's Content-Length; the core sends no body for it.
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/octet-stream',
        ETag: etagOf(body),
        'Last-Modified': new Date(0).toUTCString(),
      },
      body,
    };
  };

  const ahead = options.clockAheadMs ?? 0;
  const server = await startHttpWireServer<RecordedRequest>(
    ahead === 0
      ? handle
      : (req, record) => {
          const reply = handle(req, record);
          return {
            ...reply,
            headers: { ...reply.headers, Date: new Date(Date.now() + ahead).toUTCString() },
          };
        },
  );
  return {
    endpoint: server.url,
    requests: server.requests,
    put(bucket, key, body) {
      let objects = buckets.get(bucket);
      if (!objects) buckets.set(bucket, (objects = new Map()));
      objects.set(key, body);
    },
    delete(bucket, key) {
      buckets.get(bucket)?.delete(key);
    },
    objects: (bucket) => new Map(buckets.get(bucket)),
    close: server.close,
  };
}

/**
 * PutObject. `If-None-Match` takes only `*` (anything else is 501 here; S3 rejects it too);
 * with it, an existing key is 412 PreconditionFailed and the object stays as it was.
 */
function putObject(objects: Map<string, Buffer>, key: string, req: HttpRequest): HttpReply {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch !== '*')
    return sendError('NotImplemented', 501, 'If-None-Match takes only *', req.path);
  if (ifNoneMatch === '*' && objects.has(key))
    return sendError(
      'PreconditionFailed',
      412,
      'At least one of the pre-conditions you specified did not hold',
      req.path,
      '<Condition>If-None-Match</Condition>',
    );
  const body = isAwsChunked(req) ? decodeAwsChunked(req.body) : req.body;
  objects.set(key, body);
  return { status: 200, headers: { ETag: etagOf(body) }, body: '' };
}

function isAwsChunked(req: HttpRequest): boolean {
  return String(req.headers['content-encoding'] ?? '').includes('aws-chunked');
}

/** The payload of an `aws-chunked` body (`<hex size>[;ext]\r\n<data>\r\n`…, then trailers). */
function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0] as string, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function sendList(
  bucket: string,
  objects: Map<string, Buffer>,
  query: Record<string, string>,
  pageSize: number,
): HttpReply {
  const prefix = query.prefix ?? '';
  const delimiter = query.delimiter ?? '';
  const maxKeys = Math.min(pageSize, query['max-keys'] ? Number(query['max-keys']) : 1000);
  const urlEncode = query['encoding-type'] === 'url';
  // The continuation token is the last key or common prefix returned, base64'd as S3's are opaque.
  const after = query['continuation-token']
    ? Buffer.from(query['continuation-token'], 'base64').toString('utf8')
    : (query['start-after'] ?? '');

  // Keys and common prefixes in S3's order (UTF-8 binary, which is JS order for ASCII keys).
  const entries: { kind: 'key' | 'prefix'; name: string }[] = [];
  const seenPrefixes = new Set<string>();
  for (const key of [...objects.keys()].sort()) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const common = key.slice(0, cut + delimiter.length);
      if (!seenPrefixes.has(common)) {
        seenPrefixes.add(common);
        entries.push({ kind: 'prefix', name: common });
      }
    } else entries.push({ kind: 'key', name: key });
  }
  const remaining = entries.filter((e) => e.name > after);
  const page = remaining.slice(0, maxKeys);
  const truncated = remaining.length > page.length;
  const enc = (s: string): string => xml(urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);

  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${xml(bucket)}</Name>`,
    `<Prefix>${enc(prefix)}</Prefix>`,
    delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : '',
    `<MaxKeys>${maxKeys}</MaxKeys>`,
    urlEncode ? '<EncodingType>url</EncodingType>' : '',
    `<KeyCount>${page.length}</KeyCount>`,
    `<IsTruncated>${truncated}</IsTruncated>`,
    query['continuation-token']
      ? `<ContinuationToken>${xml(query['continuation-token'])}</ContinuationToken>`
      : '',
    truncated
      ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!.name).toString('base64')}</NextContinuationToken>`
      : '',
  ];
  for (const e of page) {
    if (e.kind === 'prefix') {
      parts.push(`<CommonPrefixes><Prefix>${enc(e.name)}</Prefix></CommonPrefixes>`);
      continue;
    }
    const body = objects.get(e.name)!;
    parts.push(
      `<Contents><Key>${enc(e.name)}</Key><LastModified>2026-11-01T00:00:00.000Z</LastModified>` +
        `<ETag>${xml(etagOf(body))}</ETag><Size>${body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  parts.push('</ListBucketResult>');
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: parts.join('') };
}

function sendError(code: string, status: number, message: string, resource: string, extra = ''): HttpReply {
  const text =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Error><Code>${code}</Code><Message>${xml(message)}</Message>${extra}<Resource>${xml(resource)}</Resource>` +
    '<RequestId>4442587FB7D0A2F9</RequestId><HostId>test</HostId></Error>';
  return { status, headers: { 'Content-Type': 'application/xml' }, body: text };
}

/** S3 refuses a signed request dated more than 15 minutes from its own clock. */
function isSkewed(req: HttpRequest, now: number): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(req.headers['x-amz-date'] ?? ''));
  if (!m) return false;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  const at = Date.UTC(y!, mo! - 1, d!, h!, mi!, se!);
  return Math.abs(now - at) > 15 * 60 * 1000;
}

// S3 stores an object's ETag with it; hashing every object again on each list and GET made
// this server use a third of its CPU time doing so, which the S3 bench counted against iamtrim.
const etags = new WeakMap<Buffer, string>();

function etagOf(body: Buffer): string {
  let etag = etags.get(body);
  if (etag === undefined) etags.set(body, (etag = `"${createHash('md5').update(body).digest('hex')}"`));
  return etag;
}

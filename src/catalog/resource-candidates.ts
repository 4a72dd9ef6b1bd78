import { arnOf } from './arn-of.js';
import { internArnOf } from './intern-arn.js';
import { lookupStrings } from './param-lookup.js';
import type { ArnContext } from './resource-template.js';

/**
 * Resource ARNs a call names in its request parameters, for the services whose
 * CloudTrail parameters do not line up with the SDK templates (S3 says `bucketName`
 * where the SDK says `Bucket`; SQS names queues by URL; ids may be names or ARNs).
 * Candidates are later filtered by the action's resource types, so an extractor may
 * offer several shapes (bucket and object) and let the catalog choose.
 */
export type CandidateExtractor = (params: Record<string, unknown>, ctx: ArnContext) => string[];

const isArn = (v: string): boolean => v.startsWith('arn:');

const s3: CandidateExtractor = (p, ctx) => {
  // PutBucketReplication passes the replication role (needs iam:PassRole on it).
  const out: string[] = lookupStrings(p, 'ReplicationConfiguration.Role').filter(isArn);
  for (const bucket of lookupStrings(p, 'bucketName')) {
    out.push(internArnOf('s3-bucket', ctx, bucket));
    for (const key of lookupStrings(p, 'key')) out.push(arnOf('s3-object', ctx, `${bucket}/${key}`));
  }
  return out;
};

// https://sqs.<region>.amazonaws.com/<account>/<name> (also the legacy <region>.queue.amazonaws.com).
const QUEUE_URL =
  /^https?:\/\/(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)/;
const LEGACY_QUEUE_URL = /^https?:\/\/(?:queue|sqs)\.amazonaws\.com\/(\d{12})\/([^/?#]+)/;
function sqsQueueArn(url: string, ctx: ArnContext): string | undefined {
  if (isArn(url)) return url;
  // Queue URLs recur: read each once per partition (the only part of ctx used here).
  let entries = queueArns.get(url);
  if (!entries) {
    if (queueArns.size >= QUEUE_URL_LIMIT) queueArns.clear();
    entries = [];
    queueArns.set(url, entries);
  }
  for (const e of entries) if (e.partition === ctx.partition) return e.arn;
  const arn = readQueueUrl(url, ctx);
  if (entries.length >= 4) entries.length = 0;
  entries.push({ partition: ctx.partition, arn });
  return arn;
}
const QUEUE_URL_LIMIT = 10_000;
const queueArns = new Map<string, { partition: string; arn: string | undefined }[]>();
function readQueueUrl(url: string, ctx: ArnContext): string | undefined {
  const m = QUEUE_URL.exec(url);
  if (m)
    return arnOf(
      'sqs-queue',
      { partition: ctx.partition, region: m[1] as string, account: m[2] as string },
      m[3] as string,
    );
  const legacy = LEGACY_QUEUE_URL.exec(url);
  if (legacy)
    return arnOf(
      'sqs-queue',
      { partition: ctx.partition, region: 'us-east-1', account: legacy[1] as string },
      legacy[2] as string,
    );
  return undefined;
}
const sqs: CandidateExtractor = (p, ctx) => {
  const out = lookupStrings(p, 'queueUrl').flatMap((u) => sqsQueueArn(u, ctx) ?? []);
  for (const name of lookupStrings(p, 'queueName')) out.push(internArnOf('sqs-queue', ctx, name));
  return out;
};

const sns: CandidateExtractor = (p) =>
  [
    ...lookupStrings(p, 'topicArn'),
    ...lookupStrings(p, 'targetArn'),
    ...lookupStrings(p, 'resourceArn'),
  ].filter(isArn);

// Secret names resolve to ARNs with a random 6-character suffix; `-??????` matches exactly it.
const secretsmanager: CandidateExtractor = (p, ctx) =>
  lookupStrings(p, 'secretId').map((id) => (isArn(id) ? id : internArnOf('secret', ctx, `${id}-??????`)));

export function kmsKeyArn(id: string, ctx: ArnContext): string | undefined {
  if (isArn(id)) return id;
  if (KEY_ID.test(id)) return internArnOf('kms-key', ctx, id);
  if (id.startsWith('alias/')) return internArnOf('kms-alias', ctx, id);
  return undefined;
}

const KEY_ID =
  /^(mrk-)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$|^mrk-[0-9a-f]{32}$/i;
const kms: CandidateExtractor = (p, ctx) => {
  const out: string[] = [];
  for (const path of ['keyId', 'sourceKeyId', 'destinationKeyId']) {
    for (const id of lookupStrings(p, path)) {
      const arn = kmsKeyArn(id, ctx);
      if (arn) out.push(arn);
    }
  }
  return out;
};

// Parameter ARNs drop the name's leading slash: /orders/flags → parameter/orders/flags.
const ssm: CandidateExtractor = (p, ctx) =>
  [...lookupStrings(p, 'name'), ...lookupStrings(p, 'names'), ...lookupStrings(p, 'path')].map((name) =>
    isArn(name) ? name : internArnOf('ssm-parameter', ctx, name.replace(/^\/+/, '')),
  );

// A function may be named by name, name:qualifier, ACCOUNT:function:name[:q], or full ARN.
// A qualified invocation is authorized against the qualified ARN, so the qualifier is kept.
const PARTIAL_FUNCTION = /^(\d{12}):function:(.+)$/;
function lambdaFunctionArn(ref: string, ctx: ArnContext): string {
  if (isArn(ref)) return ref;
  const partial = PARTIAL_FUNCTION.exec(ref);
  if (partial)
    return arnOf('lambda-function', { ...ctx, account: partial[1] as string }, partial[2] as string);
  return internArnOf('lambda-function', ctx, ref);
}
const lambda: CandidateExtractor = (p, ctx) => {
  const out = lookupStrings(p, 'functionName').map((f) => lambdaFunctionArn(f, ctx));
  const qualifier = lookupStrings(p, 'qualifier')[0];
  if (qualifier) return out.map((arn) => (arn.split(':').length === 7 ? `${arn}:${qualifier}` : arn));
  return out;
};

const states: CandidateExtractor = (p) =>
  [
    ...lookupStrings(p, 'stateMachineArn'),
    ...lookupStrings(p, 'executionArn'),
    ...lookupStrings(p, 'activityArn'),
  ].filter(isArn);

const events: CandidateExtractor = (p, ctx) => {
  const buses = [...lookupStrings(p, 'eventBusName'), ...lookupStrings(p, 'entries[].eventBusName')];
  // PutEvents without a bus name goes to the account's default bus.
  if (buses.length === 0 && lookupStrings(p, 'entries[].source').length > 0) buses.push('default');
  return buses.map((b) => (isArn(b) ? b : internArnOf('event-bus', ctx, b)));
};

const kinesis: CandidateExtractor = (p, ctx) => [
  ...lookupStrings(p, 'streamARN'),
  ...lookupStrings(p, 'streamName').map((n) => internArnOf('kinesis-stream', ctx, n)),
];

const sts: CandidateExtractor = (p) => lookupStrings(p, 'roleArn').filter(isArn);

/** A DynamoDB table named by name or by ARN. */
export function dynamodbTableArn(table: string, ctx: ArnContext): string {
  return isArn(table) ? table : internArnOf('dynamodb-table', ctx, table);
}

const dynamodb: CandidateExtractor = (p, ctx) => {
  // Query and Scan on a secondary index are authorized against the index ARN
  // (Amazon DynamoDB developer guide, "Using IAM policy conditions": table/T/index/I).
  const index = lookupStrings(p, 'indexName')[0];
  const table = lookupStrings(p, 'tableName')[0];
  if (index && table) {
    // Built as the table ARN of `T/index/I`: the same text, interned like the table's.
    return [
      isArn(table)
        ? `${table}/index/${index}`
        : internArnOf('dynamodb-table', ctx, `${table}/index/${index}`),
    ];
  }
  const tables = new Set([...lookupStrings(p, 'tableName'), ...lookupStrings(p, 'requestItems[].tableName')]);
  // The SDK shape of BatchGetItem/BatchWriteItem keys requestItems by table name.
  const items = (p as { requestItems?: unknown }).requestItems;
  if (items && typeof items === 'object' && !Array.isArray(items))
    for (const t of Object.keys(items)) tables.add(t);
  const out = [...tables].map((t) => dynamodbTableArn(t, ctx));
  // Streams: a shard iterator starts with the stream ARN, then `|`-separated state.
  for (const it of lookupStrings(p, 'shardIterator')) {
    const stream = /^(arn:[^|]+\/stream\/[^|]+)\|/.exec(it)?.[1];
    if (stream) out.push(stream);
  }
  for (const arn of lookupStrings(p, 'streamArn')) out.push(arn);
  return out;
};

// CloudWatch Logs names groups and streams; a stream's ARN nests under its group.
const logs: CandidateExtractor = (p, ctx) => {
  const out: string[] = [];
  for (const group of lookupStrings(p, 'logGroupName')) {
    const groupArn = internArnOf('log-group', ctx, group);
    out.push(groupArn);
    for (const stream of lookupStrings(p, 'logStreamName')) out.push(`${groupArn}:log-stream:${stream}`);
  }
  return out;
};

/** Curated extractors by IAM prefix. Other services use the iamlive templates. */
export const candidateExtractors: Readonly<Record<string, CandidateExtractor>> = {
  logs,
  s3,
  sqs,
  sns,
  secretsmanager,
  kms,
  ssm,
  lambda,
  states,
  events,
  kinesis,
  sts,
  dynamodb,
};

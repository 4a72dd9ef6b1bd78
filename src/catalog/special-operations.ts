import { arnOf } from './arn-of.js';
import { lookupStrings } from './param-lookup.js';
import { dynamodbTableArn, kmsKeyArn } from './resource-candidates.js';
import type { ArnContext } from './resource-template.js';

/**
 * Calls whose IAM actions depend on what the request contains, in the shape CloudTrail
 * logs it (which differs from the SDK shape the iamlive map describes).
 */
export type SpecialResult =
  { kind: 'calls'; calls: { action: string; arns?: string[] }[] } | { kind: 'unmapped'; reason: string };

/** `listed` holds the ARNs of the record's own `resources` list. */
export type SpecialHandler = (
  params: Record<string, unknown>,
  ctx: ArnContext,
  listed: readonly string[],
) => SpecialResult;

// PartiQL: the statement verb picks the action (Amazon DynamoDB developer guide,
// "IAM security policies with PartiQL for DynamoDB").
const PARTIQL_VERBS: Record<string, string> = {
  SELECT: 'dynamodb:PartiQLSelect',
  INSERT: 'dynamodb:PartiQLInsert',
  UPDATE: 'dynamodb:PartiQLUpdate',
  DELETE: 'dynamodb:PartiQLDelete',
};
// FROM "Orders" | INTO Orders | FROM "Orders"."ByCustomer" (a read through an index,
// authorized against the index ARN).
const PARTIQL_TABLE = /\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z0-9_.-]+?)"?(?:\."([^"]+)")?(?:\s|$|;)/i;

const partiql: SpecialHandler = (p, ctx) => {
  const statements = [
    ...lookupStrings(p, 'statement'),
    ...lookupStrings(p, 'requestItems[].statement'),
    ...lookupStrings(p, 'statements[].statement'),
    ...lookupStrings(p, 'transactStatements[].statement'),
  ];
  const calls: { action: string; arns?: string[] }[] = [];
  for (const s of statements) {
    const verb = s.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    const action = PARTIQL_VERBS[verb];
    if (!action) continue;
    const m = PARTIQL_TABLE.exec(s);
    const table = m?.[1];
    const index = m?.[2];
    if (!table) calls.push({ action });
    else
      calls.push({
        action,
        arns: [index ? `${dynamodbTableArn(table, ctx)}/index/${index}` : dynamodbTableArn(table, ctx)],
      });
  }
  if (calls.length === 0)
    return {
      kind: 'unmapped',
      reason: 'PartiQL statement not logged: cannot tell Select/Insert/Update/Delete',
    };
  return { kind: 'calls', calls };
};

// TransactWriteItems needs the action of each item kind; CloudTrail logs
// requestItems[].operation, the SDK shape is transactItems[].<Kind>.
const TRANSACT_WRITE: Record<string, string> = {
  put: 'dynamodb:PutItem',
  update: 'dynamodb:UpdateItem',
  delete: 'dynamodb:DeleteItem',
  conditioncheck: 'dynamodb:ConditionCheckItem',
};
const transactWriteItems: SpecialHandler = (p, ctx) => {
  const calls: { action: string; arns?: string[] }[] = [];
  const items =
    (p as { requestItems?: unknown; transactItems?: unknown }).requestItems ??
    (p as { transactItems?: unknown }).transactItems;
  for (const item of Array.isArray(items) ? items : []) {
    if (!item || typeof item !== 'object') continue;
    const op = lookupStrings(item, 'operation')[0];
    if (op) {
      // Own keys only: a logged operation named `constructor` is not an action.
      const kind = op.toLowerCase();
      const action = Object.hasOwn(TRANSACT_WRITE, kind) ? TRANSACT_WRITE[kind] : undefined;
      const table = lookupStrings(item, 'tableName')[0];
      if (action) calls.push(table ? { action, arns: [dynamodbTableArn(table, ctx)] } : { action });
      continue;
    }
    for (const [kind, action] of Object.entries(TRANSACT_WRITE)) {
      const table = lookupStrings(item, `${kind}.tableName`)[0];
      if (table) calls.push({ action, arns: [dynamodbTableArn(table, ctx)] });
    }
  }
  if (calls.length === 0)
    return {
      kind: 'unmapped',
      reason: 'TransactWriteItems without logged items: cannot tell which item actions',
    };
  return { kind: 'calls', calls };
};

const transactGetItems: SpecialHandler = (p, ctx) => {
  const tables = [
    ...lookupStrings(p, 'requestItems[].tableName'),
    ...lookupStrings(p, 'transactItems[].get.tableName'),
  ];
  return {
    kind: 'calls',
    calls: [
      tables.length
        ? { action: 'dynamodb:GetItem', arns: tables.map((t) => dynamodbTableArn(t, ctx)) }
        : { action: 'dynamodb:GetItem' },
    ],
  };
};

// CopyObject writes the target and reads the source (Amazon S3 API reference, CopyObject:
// "you must have s3:GetObject on the source and s3:PutObject on the destination").
const copyObject: SpecialHandler = (p, ctx) => {
  const calls: { action: string; arns?: string[] }[] = [{ action: 's3:PutObject' }];
  const source = lookupStrings(p, 'x-amz-copy-source')[0] ?? lookupStrings(p, 'copySource')[0];
  if (source) {
    const clean = safeDecode(source.replace(/^\//, '').split('?')[0] ?? '');
    calls.push({
      action: 's3:GetObject',
      arns: clean.includes('/') ? [arnOf('s3-object', ctx, clean)] : [],
    });
  } else {
    calls.push({ action: 's3:GetObject', arns: [] });
  }
  return { kind: 'calls', calls };
};

// ReEncrypt is authorized twice: kms:ReEncryptFrom on the source key and kms:ReEncryptTo
// on the destination (AWS KMS developer guide, ReEncrypt permissions).
// The source key is usually implicit in the ciphertext; CloudTrail then lists it only
// among the record's resources, next to the destination key.
const reEncrypt: SpecialHandler = (p, ctx, listed) => {
  const arns = (path: string): string[] => lookupStrings(p, path).flatMap((id) => kmsKeyArn(id, ctx) ?? []);
  const to = arns('destinationKeyId');
  const named = arns('sourceKeyId');
  const from = named.length > 0 ? named : listed.filter((a) => !to.includes(a));
  return {
    kind: 'calls',
    calls: [
      { action: 'kms:ReEncryptFrom', arns: from },
      { action: 'kms:ReEncryptTo', arns: to },
    ],
  };
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Handlers keyed by `prefix:Operation`. */
export const specialOperations: Readonly<Record<string, SpecialHandler>> = {
  'dynamodb:ExecuteStatement': partiql,
  'dynamodb:BatchExecuteStatement': partiql,
  'dynamodb:ExecuteTransaction': partiql,
  'dynamodb:TransactWriteItems': transactWriteItems,
  'dynamodb:TransactGetItems': transactGetItems,
  'kms:ReEncrypt': reEncrypt,
  's3:CopyObject': copyObject,
  's3:UploadPartCopy': copyObject,
};

/** Partition, region and account of an ARN; `*` stands for one not known. */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The resources iamtrim names from a request parameter or a template resource. */
export type NamedResourceKind =
  | 'dynamodb-table'
  | 's3-bucket'
  | 's3-object'
  | 'sqs-queue'
  | 'sns-topic'
  | 'lambda-function'
  | 'state-machine'
  | 'secret'
  | 'kms-key'
  | 'kms-alias'
  | 'kinesis-stream'
  | 'event-bus'
  | 'iam-role'
  | 'log-group'
  | 'ssm-parameter';

/**
 * The ARN of a named resource (Service Authorization Reference formats). `name` is what
 * follows the resource-type part: a table name, `bucket/key` for an object, `alias/x` for a
 * KMS alias, a parameter name without its leading slash. The one place ARNs are built from
 * names, for request parameters (catalog) and template resources (iac) alike.
 */
export function arnOf(kind: NamedResourceKind, scope: ArnScope, name: string): string {
  const { partition: p, region: r, account: a } = scope;
  switch (kind) {
    case 'dynamodb-table':
      return `arn:${p}:dynamodb:${r}:${a}:table/${name}`;
    case 's3-bucket':
    case 's3-object':
      return `arn:${p}:s3:::${name}`;
    case 'sqs-queue':
      return `arn:${p}:sqs:${r}:${a}:${name}`;
    case 'sns-topic':
      return `arn:${p}:sns:${r}:${a}:${name}`;
    case 'lambda-function':
      return `arn:${p}:lambda:${r}:${a}:function:${name}`;
    case 'state-machine':
      return `arn:${p}:states:${r}:${a}:stateMachine:${name}`;
    case 'secret':
      return `arn:${p}:secretsmanager:${r}:${a}:secret:${name}`;
    case 'kms-key':
      return `arn:${p}:kms:${r}:${a}:key/${name}`;
    case 'kms-alias':
      return `arn:${p}:kms:${r}:${a}:${name}`;
    case 'kinesis-stream':
      return `arn:${p}:kinesis:${r}:${a}:stream/${name}`;
    case 'event-bus':
      return `arn:${p}:events:${r}:${a}:event-bus/${name}`;
    case 'iam-role':
      return `arn:${p}:iam::${a}:role/${name}`;
    case 'log-group':
      return `arn:${p}:logs:${r}:${a}:log-group:${name}`;
    case 'ssm-parameter':
      return `arn:${p}:ssm:${r}:${a}:parameter/${name}`;
  }
}

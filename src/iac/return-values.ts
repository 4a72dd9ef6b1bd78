/**
 * What `Ref` and `Fn::GetAtt` return, type by type, as CloudFormation (and SAM) document
 * them, and what a Terraform resource's attributes hold. One row per type, with the page
 * it was checked against: the resolver reads this table and has no type-specific branches
 * of its own. Attribute names are matched as written in the template (CloudFormation's are
 * case-sensitive; Terraform's are lower case).
 */
import { ownValue } from '../catalog/own-value.js';
import type { NamedResourceKind } from '../catalog/arn-of.js';

/**
 * A returned value, in terms of the resource's physical name:
 * `name` the name (for a KMS key, its key id: the physical id); `arn` its ARN;
 * `log-group-arn` the ARN with CloudFormation's `:*` (the group and every stream of it;
 * matched as `<group ARN>*`, see resolve-expression.ts);
 * `stream-arn` a DynamoDB stream ARN (`<table ARN>/stream/<label>`, the label unknown);
 * `queue-url` an SQS queue URL.
 */
export type ReturnedValue = 'name' | 'arn' | 'log-group-arn' | 'stream-arn' | 'queue-url';

/** One resource type's return values. */
export interface ReturnValues {
  /** The ARN format of the resource (see arnOf). */
  readonly arnKind: NamedResourceKind;
  /** What `Ref` returns (Terraform: what `id` holds; the `id` attribute reads this). */
  readonly ref: ReturnedValue;
  /** `Fn::GetAtt` attributes (Terraform: resource attributes) iamtrim evaluates. */
  readonly attributes: Readonly<Record<string, ReturnedValue>>;
  /** Where this row was checked. */
  readonly source: string;
}

const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/';
const SAM = 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/';
const TF = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

const TABLE: Readonly<Record<string, ReturnValues>> = {
  // Ref: table name; Arn; StreamArn `arn:...:table/NAME/stream/2015-11-30T20:10:00.000`.
  'AWS::DynamoDB::Table': {
    arnKind: 'dynamodb-table',
    ref: 'name',
    attributes: { Arn: 'arn', StreamArn: 'stream-arn' },
    source: `${CFN}aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values`,
  },
  // Ref: table name; Arn and StreamArn of the replica in the stack's region.
  'AWS::DynamoDB::GlobalTable': {
    arnKind: 'dynamodb-table',
    ref: 'name',
    attributes: { Arn: 'arn', StreamArn: 'stream-arn' },
    source: `${CFN}aws-resource-dynamodb-globaltable.html#aws-resource-dynamodb-globaltable-return-values`,
  },
  // Ref: "the resource name of the underlying DynamoDB table"; SAM keeps the logical id on
  // the generated AWS::DynamoDB::Table, so its Arn is that table's.
  'AWS::Serverless::SimpleTable': {
    arnKind: 'dynamodb-table',
    ref: 'name',
    attributes: { Arn: 'arn' },
    source: `${SAM}sam-resource-simpletable.html#sam-resource-simpletable-return-values`,
  },
  // Ref: bucket name; Arn `arn:aws:s3:::NAME`.
  'AWS::S3::Bucket': {
    arnKind: 's3-bucket',
    ref: 'name',
    attributes: { Arn: 'arn' },
    source: `${CFN}aws-properties-s3-bucket.html#aws-properties-s3-bucket-return-values`,
  },
  // Ref: the queue URL; Arn, QueueName, QueueUrl.
  'AWS::SQS::Queue': {
    arnKind: 'sqs-queue',
    ref: 'queue-url',
    attributes: { Arn: 'arn', QueueName: 'name', QueueUrl: 'queue-url' },
    source: `${CFN}aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values`,
  },
  // Ref: the topic ARN; TopicArn, TopicName.
  'AWS::SNS::Topic': {
    arnKind: 'sns-topic',
    ref: 'arn',
    attributes: { TopicArn: 'arn', TopicName: 'name' },
    source: `${CFN}aws-resource-sns-topic.html#aws-resource-sns-topic-return-values`,
  },
  // Ref: function name; Arn.
  'AWS::Lambda::Function': {
    arnKind: 'lambda-function',
    ref: 'name',
    attributes: { Arn: 'arn' },
    source: `${CFN}aws-resource-lambda-function.html#aws-resource-lambda-function-return-values`,
  },
  // Ref: "the resource name of the underlying Lambda function"; Arn.
  'AWS::Serverless::Function': {
    arnKind: 'lambda-function',
    ref: 'name',
    attributes: { Arn: 'arn' },
    source: `${SAM}sam-resource-function.html#sam-resource-function-return-values`,
  },
  // Ref: the state machine's ARN; Arn, Name.
  'AWS::StepFunctions::StateMachine': {
    arnKind: 'state-machine',
    ref: 'arn',
    attributes: { Arn: 'arn', Name: 'name' },
    source: `${CFN}aws-resource-stepfunctions-statemachine.html#aws-resource-stepfunctions-statemachine-return-values`,
  },
  // Ref: "the ARN of the underlying AWS::StepFunctions::StateMachine"; Name (and that
  // resource's Arn, which keeps the logical id).
  'AWS::Serverless::StateMachine': {
    arnKind: 'state-machine',
    ref: 'arn',
    attributes: { Arn: 'arn', Name: 'name' },
    source: `${SAM}sam-resource-statemachine.html#sam-resource-statemachine-return-values`,
  },
  // Ref: the secret's ARN; Id: the secret's ARN.
  'AWS::SecretsManager::Secret': {
    arnKind: 'secret',
    ref: 'arn',
    attributes: { Id: 'arn' },
    source: `${CFN}aws-resource-secretsmanager-secret.html#aws-resource-secretsmanager-secret-return-values`,
  },
  // Ref: the key id (`1234abcd-...`); Arn, KeyId.
  'AWS::KMS::Key': {
    arnKind: 'kms-key',
    ref: 'name',
    attributes: { Arn: 'arn', KeyId: 'name' },
    source: `${CFN}aws-resource-kms-key.html#aws-resource-kms-key-return-values`,
  },
  // Ref: stream name; Arn `arn:...:stream/NAME` (no StreamArn attribute).
  'AWS::Kinesis::Stream': {
    arnKind: 'kinesis-stream',
    ref: 'name',
    attributes: { Arn: 'arn' },
    source: `${CFN}aws-resource-kinesis-stream.html#aws-resource-kinesis-stream-return-values`,
  },
  // Ref: "the name of the new event bus"; Arn, Name.
  'AWS::Events::EventBus': {
    arnKind: 'event-bus',
    ref: 'name',
    attributes: { Arn: 'arn', Name: 'name' },
    source: `${CFN}aws-resource-events-eventbus.html#aws-resource-events-eventbus-return-values`,
  },
  // Ref: role name; Arn.
  'AWS::IAM::Role': {
    arnKind: 'iam-role',
    ref: 'name',
    attributes: { Arn: 'arn' },
    source: `${CFN}aws-resource-iam-role.html#aws-resource-iam-role-return-values`,
  },
  // Ref: log group name; Arn `arn:aws:logs:...:log-group:NAME:*` (with `:*`).
  'AWS::Logs::LogGroup': {
    arnKind: 'log-group',
    ref: 'name',
    attributes: { Arn: 'log-group-arn' },
    source: `${CFN}aws-resource-logs-loggroup.html#aws-resource-logs-loggroup-return-values`,
  },
  // Ref: parameter name; GetAtt only Type and Value: there is no Arn attribute (an ARN is
  // written from the name, `!Sub arn:...:parameter${Param}`).
  'AWS::SSM::Parameter': {
    arnKind: 'ssm-parameter',
    ref: 'name',
    attributes: {},
    source: `${CFN}aws-resource-ssm-parameter.html#aws-resource-ssm-parameter-return-values`,
  },
  aws_dynamodb_table: {
    arnKind: 'dynamodb-table',
    ref: 'name',
    attributes: { arn: 'arn', stream_arn: 'stream-arn', name: 'name' },
    source: `${TF}dynamodb_table#attribute-reference`,
  },
  aws_s3_bucket: {
    arnKind: 's3-bucket',
    ref: 'name',
    attributes: { arn: 'arn', bucket: 'name' },
    source: `${TF}s3_bucket#attribute-reference`,
  },
  // `id`: "URL for the created Amazon SQS queue".
  aws_sqs_queue: {
    arnKind: 'sqs-queue',
    ref: 'queue-url',
    attributes: { arn: 'arn', url: 'queue-url', name: 'name' },
    source: `${TF}sqs_queue#attribute-reference`,
  },
  // `id`: "The ARN of the SNS topic".
  aws_sns_topic: {
    arnKind: 'sns-topic',
    ref: 'arn',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}sns_topic#attribute-reference`,
  },
  aws_lambda_function: {
    arnKind: 'lambda-function',
    ref: 'name',
    attributes: { arn: 'arn', function_name: 'name' },
    source: `${TF}lambda_function#attribute-reference`,
  },
  // `id`: the state machine's ARN.
  aws_sfn_state_machine: {
    arnKind: 'state-machine',
    ref: 'arn',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}sfn_state_machine#attribute-reference`,
  },
  // `id`: "ARN of the secret".
  aws_secretsmanager_secret: {
    arnKind: 'secret',
    ref: 'arn',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}secretsmanager_secret#attribute-reference`,
  },
  // `id` and `key_id`: the key id.
  aws_kms_key: {
    arnKind: 'kms-key',
    ref: 'name',
    attributes: { arn: 'arn', key_id: 'name' },
    source: `${TF}kms_key#attribute-reference`,
  },
  // `arn`: "same as `id`".
  aws_kinesis_stream: {
    arnKind: 'kinesis-stream',
    ref: 'arn',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}kinesis_stream#attribute-reference`,
  },
  aws_cloudwatch_event_bus: {
    arnKind: 'event-bus',
    ref: 'name',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}cloudwatch_event_bus#attribute-reference`,
  },
  aws_iam_role: {
    arnKind: 'iam-role',
    ref: 'name',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}iam_role#attribute-reference`,
  },
  // `arn`: "Any `:*` suffix added by the API ... is removed" (unlike CloudFormation's Arn).
  aws_cloudwatch_log_group: {
    arnKind: 'log-group',
    ref: 'name',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}cloudwatch_log_group#attribute-reference`,
  },
  aws_ssm_parameter: {
    arnKind: 'ssm-parameter',
    ref: 'name',
    attributes: { arn: 'arn', name: 'name' },
    source: `${TF}ssm_parameter#attribute-reference`,
  },
};

/** The return values of a CloudFormation/SAM type or Terraform resource type; undefined when not in the table. */
export function returnValuesOf(type: string): ReturnValues | undefined {
  return ownValue(TABLE, type);
}

/**
 * What `Fn::GetAtt` of `attribute` returns for `type` (Terraform's `id` is what Ref
 * returns); undefined when the type has no such attribute iamtrim evaluates.
 */
export function attributeValue(type: string, attribute: string): ReturnedValue | undefined {
  const row = returnValuesOf(type);
  if (!row) return undefined;
  const own = ownValue(row.attributes, attribute);
  if (own) return own;
  return type.startsWith('aws_') && attribute === 'id' ? row.ref : undefined;
}

/** True for a Terraform resource type (`aws_dynamodb_table`) the table knows. */
export function isTerraformType(type: string): boolean {
  return type.startsWith('aws_') && returnValuesOf(type) !== undefined;
}

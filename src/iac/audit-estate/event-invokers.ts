import { ownValue } from '../../catalog/own-value.js';

/**
 * Who invokes a function for each kind of trigger a template can declare, by the service
 * principal its invoke permission names. Poll-based sources (SQS, Kinesis, DynamoDB
 * Streams, MSK, MQ, DocumentDB) have no principal: Lambda itself reads them, and the
 * invoker is the source's ARN, read from the event by `SAM_POLLED_SOURCE_KEY`.
 */
const SAM_EVENT_PRINCIPAL: Readonly<Record<string, string>> = {
  Api: 'apigateway.amazonaws.com',
  HttpApi: 'apigateway.amazonaws.com',
  S3: 's3.amazonaws.com',
  SNS: 'sns.amazonaws.com',
  EventBridgeRule: 'events.amazonaws.com',
  CloudWatchEvent: 'events.amazonaws.com',
  Schedule: 'events.amazonaws.com',
  ScheduleV2: 'scheduler.amazonaws.com',
  CloudWatchLogs: 'logs.amazonaws.com',
  IoTRule: 'iot.amazonaws.com',
  AlexaSkill: 'alexa-appkit.amazon.com',
  Cognito: 'cognito-idp.amazonaws.com',
};

/** The property of a SAM poll-based event that names its source. */
const SAM_POLLED_SOURCE_KEY: Readonly<Record<string, string>> = {
  SQS: 'Queue',
  Kinesis: 'Stream',
  DynamoDB: 'Stream',
  MSK: 'Stream',
  MQ: 'Broker',
  DocumentDB: 'Cluster',
  SelfManagedKafka: 'KafkaBootstrapServers',
};

const SERVERLESS_EVENT_PRINCIPAL: Readonly<Record<string, string>> = {
  http: 'apigateway.amazonaws.com',
  httpApi: 'apigateway.amazonaws.com',
  websocket: 'apigateway.amazonaws.com',
  alb: 'elasticloadbalancing.amazonaws.com',
  s3: 's3.amazonaws.com',
  sns: 'sns.amazonaws.com',
  schedule: 'events.amazonaws.com',
  eventBridge: 'events.amazonaws.com',
  cloudwatchEvent: 'events.amazonaws.com',
  cloudwatchLog: 'logs.amazonaws.com',
  iot: 'iot.amazonaws.com',
  iotFleetProvisioning: 'iot.amazonaws.com',
  alexaSkill: 'alexa-appkit.amazon.com',
  alexaSmartHome: 'alexa-connectedhome.amazon.com',
  cognitoUserPool: 'cognito-idp.amazonaws.com',
};

/** The property of a Serverless poll-based event that names its source (`arn`, or the event's own value). */
const SERVERLESS_POLLED = new Set(['sqs', 'stream', 'msk', 'activemq', 'rabbitmq', 'kafka']);

/** A SAM event's invoking service principal, or where a poll-based one names its source. */
export function samEventInvoker(
  type: string,
): { kind: 'principal'; principal: string } | { kind: 'source'; key: string } | undefined {
  // Event types are template text: `toString` is not one.
  const principal = ownValue(SAM_EVENT_PRINCIPAL, type);
  if (principal) return { kind: 'principal', principal };
  const key = ownValue(SAM_POLLED_SOURCE_KEY, type);
  return key ? { kind: 'source', key } : undefined;
}

/** A Serverless event's invoking service principal, or `source` for a poll-based one. */
export function serverlessEventInvoker(
  kind: string,
): { kind: 'principal'; principal: string } | { kind: 'source' } | undefined {
  const principal = ownValue(SERVERLESS_EVENT_PRINCIPAL, kind);
  if (principal) return { kind: 'principal', principal };
  return SERVERLESS_POLLED.has(kind) ? { kind: 'source' } : undefined;
}

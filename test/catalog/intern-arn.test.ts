import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnOf, type NamedResourceKind } from '../../src/catalog/arn-of.js';
import { internArnOf } from '../../src/catalog/intern-arn.js';
import { candidateExtractors } from '../../src/catalog/resource-candidates.js';

const kind = fc.constantFrom<NamedResourceKind>(
  'dynamodb-table',
  'sqs-queue',
  'kms-key',
  'log-group',
  'iam-role',
);
const scope = fc.record({
  partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
  region: fc.constantFrom('us-east-1', 'eu-west-1', '', '*'),
  account: fc.constantFrom('111122223333', '444455556666', ''),
});
// Few names, so the same name comes back with other kinds and scopes.
const name = fc.constantFrom('orders', 'Orders', 'alias/x', '__proto__', 'constructor', 'a/b:c', '');

describe('internArnOf', () => {
  it('is arnOf, whatever was interned before', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(kind, scope, name), { minLength: 1, maxLength: 40 }), (calls) => {
        for (const [k, s, n] of calls) expect(internArnOf(k, s, n)).toBe(arnOf(k, s, n));
      }),
      { numRuns: 500 },
    );
  });
});

describe('SQS queue URLs (read once per URL)', () => {
  const sqs = candidateExtractors.sqs!;
  it('give the queue ARN in the partition of each call', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(scope, fc.constantFrom('q1', 'q2.fifo'), fc.constantFrom('us-east-1', 'eu-west-1')),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (calls) => {
          for (const [ctx, queue, region] of calls) {
            const url = `https://sqs.${region}.amazonaws.com/111122223333/${queue}`;
            expect(sqs({ queueUrl: url }, ctx)).toEqual([
              `arn:${ctx.partition}:sqs:${region}:111122223333:${queue}`,
            ]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

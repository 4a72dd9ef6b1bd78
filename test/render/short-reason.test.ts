import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHORT_REASON_MAX, shortKeptReason } from '../../src/render/short-reason.js';
import type { Decision } from '../../src/synthesize/decision.js';

const ref = { source: 'p.json', index: 0, sid: undefined };
const KINDS = [
  'management',
  'data',
  'not-logged',
  'permission-only',
  'unknown',
  'not-recorded',
  'dependency',
  'lambda-need',
] as const;

describe('shortKeptReason', () => {
  it('is never longer than 60 characters, whatever the action and reason', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.string({ maxLength: 400, size: 'max' }),
        fc.string({ maxLength: 400, size: 'max' }),
        (observability, action, reason) => {
          const d: Decision = { kind: 'action-kept', statement: ref, action, observability, reason };
          expect(shortKeptReason(d).length).toBeLessThanOrEqual(SHORT_REASON_MAX);
        },
      ),
    );
  });

  it.each([
    ['runs in vpc-1: Lambda manages its network interfaces', 'kept: Lambda needs this (VPC)'],
    ['orders has active tracing: Lambda sends its traces to X-Ray', 'kept: Lambda needs this (X-Ray)'],
    ["Lambda writes orders's logs to /aws/lambda/orders", 'kept: Lambda needs this (logs)'],
    ["orders's dead-letter target", 'kept: Lambda needs this (dead-letter queue)'],
    [
      'event-source mapping 1 polls arn:aws:sqs:us-east-1:1:q with the role',
      'kept: Lambda needs this (event source)',
    ],
  ])('names what Lambda needs: %s', (reason, note) => {
    expect(
      shortKeptReason({ kind: 'action-required', statement: ref, action: 'x:Y', resources: ['*'], reason }),
    ).toBe(note);
  });

  it('says which service’s data events are missing', () => {
    const d: Decision = {
      kind: 'action-kept',
      statement: ref,
      action: 's3:GetObject',
      observability: 'data',
      reason: 'x',
    };
    expect(shortKeptReason(d)).toBe('kept: data event, s3 data events not logged');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPattern } from '../../src/policy/wildcard.js';
import { generalizeResources } from '../../src/synthesize/generalize-resources.js';

// More runs for a deeper search: FC_RUNS=5000 npx vitest run test/synthesize/generalize-properties.test.ts
const RUNS = Number(process.env.FC_RUNS ?? 300);

// Key segments mix ordinary names (with IAM wildcard characters in them, since keys are
// attacker-controlled) and date partitions of the shapes the generaliser knows.
const segment = fc.oneof(
  fc.stringMatching(/^[a-c0-9*?$.-]{1,6}$/),
  fc.constantFrom(
    '2026',
    '09',
    '01',
    'dt=2026-09-01',
    'year=2026',
    'month=09',
    'hour=13',
    '20260901',
    '2026-09',
  ),
);
const s3Arn = fc
  .tuple(fc.constantFrom('b', 'c'), fc.array(segment, { minLength: 1, maxLength: 4 }))
  .map(([bucket, segs]) => `arn:aws:s3:::${bucket}/${segs.join('/')}`);
const otherArn = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{8,17}$/).map((id) => `arn:aws:ec2:eu-west-1::snapshot/snap-${id}`),
  fc
    .stringMatching(/^[a-z]{1,4}$/)
    .map((n) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${n}-AbCdEf`),
  fc.stringMatching(/^[a-z0-9]{1,4}$/).map((s) => `arn:aws:logs:eu-west-1:1:log-group:g:log-stream:${s}`),
  fc.constantFrom('arn:aws:dynamodb:eu-west-1:123456789012:table/orders'),
);
const usedResources = fc.array(fc.oneof(s3Arn, s3Arn, otherArn), { minLength: 1, maxLength: 30 });
const threshold = fc.integer({ min: 0, max: 6 });

describe('generalizeResources properties', () => {
  it('every used resource is matched by some output pattern', () => {
    fc.assert(
      fc.property(usedResources, threshold, (used, t) => {
        const patterns = generalizeResources(used, { threshold: t }).map((g) => g.pattern);
        for (const r of used)
          expect(
            patterns.some((p) => matchPattern(p, r, false) === 'yes'),
            r,
          ).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a generalised S3 pattern ends in * right after a / and holds no other wildcard', () => {
    fc.assert(
      fc.property(usedResources, threshold, (used, t) => {
        for (const g of generalizeResources(used, { threshold: t })) {
          if (!g.pattern.startsWith('arn:aws:s3:::')) continue;
          // A key granted as itself is no generalisation (even when a `?` in it also
          // matches another used key, which IAM cannot be told otherwise without `${?}`).
          if (g.covers.includes(g.pattern)) continue;
          expect(g.pattern.endsWith('/*'), g.pattern).toBe(true);
          expect(/[*?$]/.test(g.pattern.slice(0, -1)), g.pattern).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

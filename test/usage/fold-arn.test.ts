import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldArn } from '../../src/usage/fold-resources.js';

/** The definition `foldArn` must keep: split the ARN into its six fields, fold the sixth. */
function foldArnBySplitting(arn: string, level: number): string {
  if (level <= 0) return arn;
  const parts = arn.split(':');
  if (parts.length < 6) return arn;
  const head = parts.slice(0, 5).join(':') + ':';
  const resource = parts.slice(5).join(':');
  if (level >= 3) return `${head}*`;
  const slash = level === 2 ? resource.indexOf('/') : resource.lastIndexOf('/');
  return slash >= 0 ? `${head}${resource.slice(0, slash + 1)}*` : `${head}*`;
}

// Texts dense in the separators that matter, so that colons and slashes land everywhere.
const arnLike = fc
  .array(fc.constantFrom(':', '/', 'a', 'b', '*', 'arn', 'é'), { maxLength: 14 })
  .map((parts) => parts.join(''));
const realistic = fc
  .tuple(
    fc.constantFrom('aws', 'aws-cn', 'a/b'),
    fc.constantFrom('s3', 'dynamodb', 'logs'),
    fc.constantFrom('', 'us-east-1'),
    fc.constantFrom('', '123456789012'),
    fc.array(fc.constantFrom('bucket', 'table', '/', ':', 'x.json', 'index'), { maxLength: 8 }),
  )
  .map(([p, s, r, a, res]) => `arn:${p}:${s}:${r}:${a}:${res.join('')}`);

describe('foldArn', () => {
  it('is the fold of the sixth field of the split ARN, at every level', () => {
    fc.assert(
      fc.property(
        fc.oneof(arnLike, realistic, fc.string()),
        fc.integer({ min: -1, max: 4 }),
        (arn, level) => {
          expect(foldArn(arn, level)).toBe(foldArnBySplitting(arn, level));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

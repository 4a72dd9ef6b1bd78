import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  statementCoversEvidence,
  statementCoversEvidenceList,
  statementCoversResource,
} from '../../src/policy/match-statement.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { createPatternIndex } from '../../src/policy/pattern-index.js';
import type { Statement } from '../../src/policy/policy.js';
import { matchArn } from '../../src/policy/match-statement.js';
import { matchPattern, patternSubsumes } from '../../src/policy/wildcard.js';

// A tiny alphabet so that random patterns and values meet often, with the characters Unicode
// case folding treats specially: the Kelvin sign lower-cases to ASCII `k`, and both sigmas
// upper-case to `Σ` (a regex's `i` flag equates them, `toLowerCase` does not).
const CHARS = ['a', 'b', 'B', 'k', 'K', '\u212a', 'σ', 'ς', 'Σ', ':', '/'] as const;
const PIECES = [...CHARS, '*', '?', '${aws:username}', '${*}', '${?}'] as const;
const patternArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(''));
const valueArb = fc.array(fc.constantFrom(...CHARS, '*'), { maxLength: 5 }).map((p) => p.join(''));
const patternsArb = fc.array(patternArb, { minLength: 0, maxLength: 14 });

/** Positions, in order, whose pattern the naive scan finds. */
const naive = (patterns: readonly string[], hit: (p: string) => boolean): number[] =>
  patterns.flatMap((p, i) => (hit(p) ? [i] : []));

/** The index's answer keeps the order of the items and contains every naive hit. */
function expectSuperset(got: readonly number[], want: readonly number[]): void {
  expect([...got].sort((a, b) => a - b)).toEqual(got);
  for (const i of want) expect(got).toContain(i);
}

describe('createPatternIndex', () => {
  it('finds, in order, every pattern that matches a value', () => {
    fc.assert(
      fc.property(patternsArb, valueArb, fc.boolean(), (patterns, value, ignoreCase) => {
        const index = createPatternIndex(
          patterns.map((p, i) => [p, i] as const),
          ignoreCase,
        );
        expectSuperset(
          index.forValue(value),
          naive(patterns, (p) => matchPattern(p, value, ignoreCase) !== 'no'),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('finds, in order, every pattern that subsumes a pattern', () => {
    fc.assert(
      fc.property(patternsArb, patternArb, fc.boolean(), (patterns, pattern, ignoreCase) => {
        const index = createPatternIndex(
          patterns.map((p, i) => [p, i] as const),
          ignoreCase,
        );
        expectSuperset(
          index.forPattern(pattern),
          naive(patterns, (p) => patternSubsumes(p, pattern, ignoreCase)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('returns each item once, however many of its patterns match', () => {
    const index = createPatternIndex(
      [
        ['arn:aws:s3:::b/*', 'first'],
        ['arn:aws:s3:::b/x', 'first'],
        ['arn:aws:s3:::*', 'second'],
        ['arn:aws:sqs:*', 'third'],
      ],
      false,
    );
    expect(index.forValue('arn:aws:s3:::b/x')).toEqual(['first', 'second']);
    expect(index.forPattern('arn:aws:s3:::b/x*')).toEqual(['first', 'second']);
    expect(index.forValue('arn:aws:sns:us-east-1:1:t')).toEqual([]);
  });
});

function statementOf(resources: readonly string[], not: boolean): Statement {
  const parsed = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', [not ? 'NotResource' : 'Resource']: [...resources] },
      ],
    },
    'p.json',
  );
  if (parsed.kind === 'invalid') throw new Error('test policy did not parse');
  return parsed.policy.statements[0] as Statement;
}

// Long lists, so that the indexed paths (8 patterns or more) are the ones compared.
const longPatternsArb = fc.array(
  patternArb.filter((p) => p.length > 0),
  { minLength: 8, maxLength: 20 },
);
const evidenceArb = fc.array(fc.oneof(valueArb, patternArb), { minLength: 8, maxLength: 20 });

describe('indexed statement matching agrees with the plain scan', () => {
  it('statementCoversResource is the best match of any pattern', () => {
    fc.assert(
      fc.property(longPatternsArb, valueArb, fc.boolean(), (patterns, value, not) => {
        const st = statementOf(patterns, not);
        const results = st.resources.patterns.map((p) => matchArn(p, value));
        const best = results.includes('yes') ? 'yes' : results.includes('maybe') ? 'maybe' : 'no';
        const want = not ? (best === 'yes' ? 'no' : best === 'maybe' ? 'maybe' : 'yes') : best;
        expect(statementCoversResource(st, value)).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('statementCoversEvidenceList lists what statementCoversEvidence says for each resource', () => {
    fc.assert(
      fc.property(longPatternsArb, evidenceArb, fc.boolean(), (patterns, evidence, not) => {
        const st = statementOf(patterns, not);
        const want = evidence.flatMap((r, index) => {
          const match = statementCoversEvidence(st, r);
          return match === 'no' ? [] : [{ index, match }];
        });
        expect(statementCoversEvidenceList(st, evidence)).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkLimits,
  INLINE_TOTAL_LIMIT,
  MANAGED_POLICY_LIMIT,
  policySize,
  type LimitCheck,
  type SizedPolicy,
} from '../../src/verify/iam-limits.js';
import { loadCases } from '../support/case-loader.js';

type LimitsCase =
  | { kind: 'size'; text: string; expect: { size: number } }
  | {
      kind: 'check';
      policies: SizedPolicy[];
      expect: Pick<LimitCheck, 'subject' | 'kind' | 'sources'>[];
    }
  | { kind: 'compact' | 'split' };

const cases = loadCases<LimitsCase>('limits');

describe('policySize and checkLimits (test/cases/limits)', () => {
  for (const c of cases) {
    const data = c.data;
    if (data.kind === 'size') {
      it(`${c.file}: ${c.description}`, () => {
        expect(policySize(JSON.parse(data.text))).toBe(data.expect.size);
      });
    }
    if (data.kind === 'check') {
      it(`${c.file}: ${c.description}`, () => {
        const checks = checkLimits(data.policies);
        expect(checks.map((x) => ({ subject: x.subject, kind: x.kind, sources: x.sources }))).toEqual(
          data.expect,
        );
        for (const x of checks) {
          // The verdict and the arithmetic agree with the sizes.
          expect(x.limit).toBe(x.subject === 'managed' ? MANAGED_POLICY_LIMIT : INLINE_TOTAL_LIMIT);
          expect(x.over).toBe(Math.max(0, x.size - x.limit));
          expect(x.kind).toBe(x.size > x.limit ? 'over' : 'fits');
        }
      });
    }
  }

  it('is exactly at the limit: fits; one character more: over by one', () => {
    const doc = (n: number) => ({
      Version: '2012-10-17',
      Statement: { Sid: 'x'.repeat(n), Effect: 'Allow' },
    });
    const base = policySize(doc(0));
    const at = checkLimits([
      { source: 'p', kind: 'managed', doc: doc(MANAGED_POLICY_LIMIT - base) as never },
    ]);
    expect(at[0]).toMatchObject({ kind: 'fits', size: MANAGED_POLICY_LIMIT, over: 0 });
    const past = checkLimits([
      { source: 'p', kind: 'managed', doc: doc(MANAGED_POLICY_LIMIT - base + 1) as never },
    ]);
    expect(past[0]).toMatchObject({ kind: 'over', over: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import type { Observability } from '../../src/catalog/observability.js';
import type { Decision } from '../../src/synthesize/decision.js';
import { tightenPolicy } from '../../src/synthesize/tighten-policy.js';
import { verifyTightening } from '../../src/verify/verify-tightening.js';
import { loadCases } from '../support/case-loader.js';
import { evidenceOf, mustParse } from '../support/evidence.js';
import { caseObservability, smallCatalog } from '../support/small-catalog.js';

/**
 * A tightening case: a policy, the role's usage, what CloudTrail can see, and the
 * exact policy expected back (plus, optionally, decisions that must be among the output).
 */
interface TightenCase {
  policy: unknown;
  used: { action: string; resources?: string[]; unresolved?: number; functions?: string[] }[];
  denied?: { action: string; errorCode?: string }[];
  dataEventServices?: string[];
  observability?: Record<string, Observability['kind']>;
  threshold?: number;
  expect: { policy: unknown; decisions?: Partial<Decision>[] };
}

const catalog = smallCatalog();

describe('tightenPolicy (test/cases/tighten)', () => {
  for (const c of loadCases<TightenCase>('tighten')) {
    it(`${c.file}: ${c.description}`, () => {
      const policy = mustParse(c.data.policy);
      const evidence = evidenceOf(c.data);
      const result = tightenPolicy(
        policy,
        evidence,
        { catalog, observability: caseObservability(c.data.observability) },
        { generalize: { threshold: c.data.threshold ?? 5 } },
      );
      expect(result.after).toEqual(c.data.expect.policy);
      for (const d of c.data.expect.decisions ?? [])
        expect(result.decisions).toContainEqual(expect.objectContaining(d));
      // Every case's result must also pass the proof.
      verifyTightening({
        before: [policy],
        after: [mustParse(result.after)],
        used: [...evidence.used.values()],
        catalog,
        sample: { partition: 'aws', region: 'us-east-1', account: '123456789012' },
      });
    });
  }
});

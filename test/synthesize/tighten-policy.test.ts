import { describe, expect, it } from 'vitest';
import type { Observability } from '../../src/catalog/observability.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { Policy } from '../../src/policy/policy.js';
import type { Decision } from '../../src/synthesize/decision.js';
import type { RoleEvidence } from '../../src/synthesize/role-evidence.js';
import { tightenPolicy } from '../../src/synthesize/tighten-policy.js';
import type { ActionReport, DeniedReport } from '../../src/usage/usage-report.js';
import { verifyTightening } from '../../src/verify/verify-tightening.js';
import { loadCases } from '../support/case-loader.js';
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

export function evidenceOf(c: Pick<TightenCase, 'used' | 'denied' | 'dataEventServices'>): RoleEvidence {
  const used: ActionReport[] = c.used.map((u) => ({
    action: u.action,
    count: 1,
    firstSeen: '2026-10-01T00:00:00.000Z',
    lastSeen: '2026-10-30T00:00:00.000Z',
    resources: u.resources ?? [],
    functions: u.functions ?? ['fn'],
    ...(u.unresolved ? { unresolved: u.unresolved } : {}),
  }));
  const denied: DeniedReport[] = (c.denied ?? []).map((d) => ({
    action: d.action,
    count: 1,
    errorCode: d.errorCode ?? 'AccessDenied',
    firstSeen: '2026-10-01T00:00:00.000Z',
    lastSeen: '2026-10-02T00:00:00.000Z',
    resources: [],
    functions: ['fn'],
  }));
  return {
    roleArn: 'arn:aws:iam::123456789012:role/r',
    functions: ['fn'],
    used: new Map(used.map((u) => [u.action.toLowerCase(), u])),
    denied,
    coverage: {
      dataEventServices: new Set(c.dataEventServices ?? []),
      window: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-30T00:00:00.000Z' },
      days: 30,
      events: 1000,
      regions: ['us-east-1'],
    },
  };
}

export function mustParse(doc: unknown, source = 'policy.json'): Policy {
  const parsed = parsePolicy(doc, source);
  if (parsed.kind === 'invalid') throw new Error(JSON.stringify(parsed.problems));
  return parsed.policy;
}

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

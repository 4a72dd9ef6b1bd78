import { describe, expect, it } from 'vitest';
import { parseInvokePolicy } from '../../../src/aws/audit-estate/parse-invoke-policy.js';
import type { FindingLocation } from '../../../src/model/finding.js';
import { loadCases } from '../../support/case-loader.js';

/** A resource-based policy (an object, or GetPolicy's text as is) and what it reads as. */
interface InvokePolicyCase {
  policy: unknown;
  expect:
    { kind: 'permissions'; permissions: Record<string, unknown>[] } | { kind: 'invalid'; reason: string };
}

const place: FindingLocation = {
  kind: 'resource',
  arn: 'arn:aws:lambda:us-east-1:111122223333:function:orders-api',
};

describe('parseInvokePolicy (test/cases/invoke-policy)', () => {
  for (const c of loadCases<InvokePolicyCase>('invoke-policy')) {
    it(`${c.file}: ${c.description}`, () => {
      const text = typeof c.data.policy === 'string' ? c.data.policy : JSON.stringify(c.data.policy);
      const out = parseInvokePolicy(text, place);
      if (c.data.expect.kind === 'invalid') {
        expect(out).toEqual({ kind: 'invalid', reason: c.data.expect.reason });
        return;
      }
      expect(out).toEqual({
        kind: 'permissions',
        permissions: c.data.expect.permissions.map((p) => ({ ...p, place })),
      });
    });
  }
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

describe('parseInvokePolicy on any text', () => {
  it('never throws: any JSON or string reads as permissions or invalid, each permission with a principal and action', () => {
    // Mostly well-formed statements, so the odd value sits next to readable ones.
    const statement = fc.record(
      {
        Effect: fc.oneof({ weight: 4, arbitrary: fc.constant('Allow') }, fc.constantFrom('Deny', 'allow', 7)),
        Principal: fc.oneof(
          fc.constant('*'),
          {
            weight: 3,
            arbitrary: fc.dictionary(fc.constantFrom('AWS', 'Service', '__proto__'), fc.jsonValue()),
          },
          fc.jsonValue(),
        ),
        Action: fc.oneof({ weight: 3, arbitrary: fc.string() }, fc.array(fc.string()), fc.jsonValue()),
        Condition: fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.jsonValue())),
      },
      { requiredKeys: [] },
    );
    const text = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.array(statement).map((s) => JSON.stringify({ Statement: s })),
    );
    fc.assert(
      fc.property(text, (t) => {
        const out = parseInvokePolicy(t, place);
        if (out.kind === 'invalid') return typeof out.reason === 'string';
        return out.permissions.every(
          (p) => typeof p.principal === 'string' && typeof p.action === 'string' && p.place === place,
        );
      }),
      { numRuns: 500 },
    );
  });
});

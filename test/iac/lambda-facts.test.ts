import { describe, expect, it } from 'vitest';
import lambdaNeedsData from '../../src/catalog/data/lambda-needs.json' with { type: 'json' };
import type { LambdaNeedsData } from '../../src/catalog/lambda-needs.js';
import { extractLambdaFacts } from '../../src/iac/lambda-facts/extract-lambda-facts.js';
import { factsForPolicy } from '../../src/iac/lambda-facts/facts-for-policy.js';
import { templateRequirements } from '../../src/iac/lambda-facts/template-requirements.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { stackResourceMap, type StackResourceRow } from '../../src/iac/resolve-expression.js';
import { loadCases } from '../support/case-loader.js';
import { testResolveContext } from '../support/resolve-context.js';

/**
 * A template (its lines), what iamtrim should read from it for each function (role,
 * configuration, mappings, as `lambdaRequirements()` takes them), and the permissions that
 * follow, each written `action on resource[, resource]`.
 */
interface FactsCase {
  file: string;
  text: string[];
  params?: Record<string, string>;
  stackResources?: StackResourceRow[];
  expect: {
    functions: {
      function: string;
      role: string;
      config: Record<string, unknown>;
      mappings: Record<string, unknown>[];
      unresolved?: Record<string, string>;
      required: string[];
    }[];
    /** Role of each located statement policy → the functions whose needs it gets. */
    policies?: Record<string, string[]>;
  };
}

const needs = lambdaNeedsData as unknown as LambdaNeedsData;

describe('Lambda facts from templates (test/cases/iac-lambda-facts)', () => {
  for (const c of loadCases<FactsCase>('iac-lambda-facts')) {
    it(`${c.file}: ${c.description}`, () => {
      const text = c.data.text.join('\n') + '\n';
      const ctx = {
        ...testResolveContext(text),
        params: c.data.params ?? {},
        stackResources: stackResourceMap(c.data.stackResources ?? []),
      };
      const facts = extractLambdaFacts(c.data.file, text, ctx);
      expect(facts.map((f) => f.function)).toEqual(c.data.expect.functions.map((f) => f.function));
      facts.forEach((f, i) => {
        const want = c.data.expect.functions[i];
        if (!want) return;
        expect(f.role, f.function).toBe(want.role);
        expect(f.config, f.function).toEqual(want.config);
        expect(f.mappings, f.function).toEqual(want.mappings);
        if (want.unresolved) expect(f.unresolved, f.function).toEqual(want.unresolved);
        const got = templateRequirements(f, needs).map((r) => `${r.action} on ${r.resources.join(', ')}`);
        expect([...new Set(got)].sort(), f.function).toEqual([...want.required].sort());
      });
      for (const [role, functions] of Object.entries(c.data.expect.policies ?? {})) {
        const policy = locatePolicies(c.data.file, text).find((p) => p.role === role);
        expect(policy, role).toBeDefined();
        if (policy) expect(factsForPolicy(facts, policy).map((f) => f.function)).toEqual(functions);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { locateCloudFormationPolicies } from '../../src/iac/cloudformation/locate-cloudformation.js';
import { assertNarrower, decideSamTemplate } from '../../src/iac/sam-policy-templates.js';
import { loadCases } from '../support/case-loader.js';
import { evidenceOf } from '../support/evidence.js';
import { testResolveContext } from '../support/resolve-context.js';

/** A SAM function with one policy template, the usage, and what should become of the template. */
interface SamCase {
  text: string;
  used: { action: string; resources?: string[] }[];
  dataEventServices?: string[];
  expect: { kind: 'keep' | 'narrow' | 'remove'; to?: string };
}

const ctx = { catalog: createEventCatalog().actions, observability: createDefaultObservability() };

describe('SAM policy templates (test/cases/iac-sam)', () => {
  for (const c of loadCases<SamCase>('iac-sam')) {
    it(`${c.file}: ${c.description}`, () => {
      const found = locateCloudFormationPolicies('template.yaml', c.data.text).filter(
        (p) => p.kind === 'sam-template',
      );
      expect(found).toHaveLength(1);
      const policy = found[0];
      if (!policy) return;
      const resolve = testResolveContext(c.data.text);
      const decision = decideSamTemplate(
        policy,
        evidenceOf({ used: c.data.used, dataEventServices: c.data.dataEventServices ?? [] }),
        ctx,
        resolve,
      );
      expect(decision.kind).toBe(c.data.expect.kind);
      if (decision.kind === 'narrow') {
        expect(decision.to).toBe(c.data.expect.to);
        expect(() => assertNarrower(policy.samTemplate?.name ?? '', decision.to, ctx, resolve)).not.toThrow();
      }
    });
  }

  it('refuses a "narrowing" that would widen access', () => {
    const resolve = {
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      params: {},
      stackResources: new Map(),
      templateResources: new Map(),
    };
    expect(() => assertNarrower('DynamoDBReadPolicy', 'DynamoDBCrudPolicy', ctx, resolve)).toThrow(
      /would widen access/,
    );
  });
});

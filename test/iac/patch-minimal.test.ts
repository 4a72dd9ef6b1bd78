import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { patchPolicy } from '../../src/iac/patch-policy.js';
import { renderStatementList } from '../../src/iac/render-statements.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';
import { loadCases } from '../support/case-loader.js';
import { evidenceOf } from '../support/evidence.js';
import { testResolveContext } from '../support/resolve-context.js';

/**
 * A template, the role's usage, and the whole patched template as a person would have
 * edited it (written by hand): untouched statements byte for byte, the file's own key order,
 * quoting, list style and comments kept.
 */
interface MinimalCase {
  file: string;
  text: string;
  used: { action: string; resources?: string[] }[];
  dataEventServices?: string[];
  expected: string;
}

const ctx = { catalog: createEventCatalog().actions, observability: createDefaultObservability() };

describe('patches are minimal, like a person edit (test/cases/iac-minimal)', () => {
  for (const c of loadCases<MinimalCase>('iac-minimal')) {
    it(`${c.file}: ${c.description}`, () => {
      const { text, file } = c.data;
      const policies = locatePolicies(file, text).filter((p) => p.kind === 'statements');
      expect(policies).toHaveLength(1);
      const policy = policies[0];
      if (!policy) return;
      const evidence = evidenceOf({
        used: c.data.used,
        dataEventServices: c.data.dataEventServices ?? ['s3', 'dynamodb', 'sqs'],
      });
      const result = patchPolicy(policy, evidence, ctx, testResolveContext(text));
      expect(result.changed).toBe(true);
      const after = applyEdits(text, [renderStatementList(text, policy, result.statements)]);
      expect(after).toBe(c.data.expected);
    });
  }
});

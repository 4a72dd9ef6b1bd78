import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { expression } from '../../src/iac/cloudformation/intrinsics.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { patchPolicy } from '../../src/iac/patch-policy.js';
import { renderStatementList } from '../../src/iac/render-statements.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';
import { loadCases } from '../support/case-loader.js';
import { evidenceOf } from '../support/evidence.js';
import { testResolveContext } from '../support/resolve-context.js';

/**
 * A template, the role's usage, and the statements expected after patching: each as its
 * Sid, action texts and resource texts exactly as they appear in the patched file.
 */
interface PatchCase {
  file: string;
  text: string;
  used: { action: string; resources?: string[] }[];
  dataEventServices?: string[];
  expect: { statements: { sid?: string; actions: string[]; resources: string[] }[]; unresolved?: string[] };
}

const ctx = { catalog: createEventCatalog().actions, observability: createDefaultObservability() };

describe('patching templates (test/cases/iac-patch)', () => {
  for (const c of loadCases<PatchCase>('iac-patch')) {
    it(`${c.file}: ${c.description}`, () => {
      const { text, file } = c.data;
      const policies = locatePolicies(c.data.file, text).filter((p) => p.kind === 'statements');
      expect(policies).toHaveLength(1);
      const policy = policies[0];
      if (!policy) return;
      const evidence = evidenceOf({
        used: c.data.used,
        dataEventServices: c.data.dataEventServices ?? ['s3', 'dynamodb', 'sqs'],
      });
      const resolve = testResolveContext(text);
      const result = patchPolicy(policy, evidence, ctx, resolve);
      if (c.data.expect.unresolved) expect(result.unresolved).toEqual(c.data.expect.unresolved);
      const edit = renderStatementList(text, policy, result.statements);
      const after = applyEdits(text, [edit]);
      // Bytes outside the statement list are untouched.
      expect(after.slice(0, edit.start)).toBe(text.slice(0, edit.start));
      expect(after.slice(after.length - (text.length - edit.end))).toBe(text.slice(edit.end));
      const relocated = locatePolicies(file, after).filter((p) => p.kind === 'statements');
      expect(relocated).toHaveLength(1);
      const got = relocated[0]?.statements.map((s) => ({
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
        actions: s.actions.map((a) => a.source),
        resources: s.resources.map((r) => r.source),
      }));
      expect(got).toEqual(c.data.expect.statements);
    });
  }
});

describe('CloudFormation Fn::Sub', () => {
  it('reads ${!Name} as the literal text ${Name} wherever it stands, not only at the end', () => {
    const node = parseDocument('{"Fn::Sub": "${!Literal}-${AWS::Region}-${!Tail}"}').contents;
    expect(expression(node)).toEqual({
      kind: 'sub',
      parts: ['${Literal}-', { kind: 'ref', name: 'AWS::Region' }, '-${Tail}'],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { diffPolicies, type DiffLine, type StatementDiff } from '../../src/diff/policy-diff.js';
import { loadCases } from '../support/case-loader.js';
import { mustParse } from '../support/evidence.js';

/** A policy-diff case: two policies and the statement diffs expected, lines as "<change> <value>". */
interface PolicyDiffCase {
  before: unknown;
  after: unknown;
  expect: {
    empty: boolean;
    statements: (Omit<StatementDiff, 'actions' | 'resources' | 'condition'> & {
      actions: string[];
      resources: string[];
      condition?: string;
    })[];
  };
}

const text = (lines: readonly DiffLine[]): string[] => lines.map((l) => `${l.change} ${l.value}`);

describe('diffPolicies (test/cases/diff/policy-diff)', () => {
  for (const c of loadCases<PolicyDiffCase>('diff/policy-diff')) {
    it(`${c.file}: ${c.description}`, () => {
      const diff = diffPolicies(
        mustParse(c.data.before, 'before.json'),
        mustParse(c.data.after, 'after.json'),
      );
      expect(diff.source).toBe('before.json');
      expect(diff.empty).toBe(c.data.expect.empty);
      expect(
        diff.statements.map((s) => ({ ...s, actions: text(s.actions), resources: text(s.resources) })),
      ).toEqual(c.data.expect.statements.map((s) => ({ condition: undefined, ...s })));
    });
  }
});

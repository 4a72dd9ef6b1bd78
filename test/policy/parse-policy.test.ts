import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { Statement } from '../../src/policy/policy.js';
import { loadCases } from '../support/case-loader.js';

/**
 * A parse case: any input parsePolicy accepts (a document, an AWS CLI envelope, JSON
 * text, URL-encoded text) and either the shape of the parsed policy or every problem
 * with its JSON path.
 */
interface ParsePolicyCase {
  input: unknown;
  expect:
    | {
        kind: 'policy';
        statements: number;
        statementIsArray?: boolean;
        version?: string;
        id?: string;
        /** Per statement, in order: the fields given must equal the parsed ones. */
        parsed?: Partial<Pick<Statement, 'sid' | 'effect' | 'actions' | 'resources' | 'condition'>>[];
      }
    | { kind: 'invalid'; problems: { path: string; messageIncludes: string }[] };
}

/** The statements of a plain document as written, when the input is one (no envelope, no text). */
function writtenStatements(input: unknown): Record<string, unknown>[] | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const st = (input as Record<string, unknown>).Statement;
  if (st === undefined) return undefined;
  return (Array.isArray(st) ? st : [st]) as Record<string, unknown>[];
}

describe('parsePolicy (test/cases/parse-policy)', () => {
  for (const c of loadCases<ParsePolicyCase>('parse-policy')) {
    it(`${c.file}: ${c.description}`, () => {
      const result = parsePolicy(c.data.input, c.file);
      const want = c.data.expect;
      if (want.kind === 'invalid') {
        expect(result.kind, JSON.stringify(result)).toBe('invalid');
        if (result.kind !== 'invalid') return;
        expect(result.source).toBe(c.file);
        // Every expected problem is reported at its path...
        for (const p of want.problems) {
          expect(result.problems).toContainEqual({
            path: p.path,
            message: expect.stringContaining(p.messageIncludes),
          });
        }
        // ...and nothing is reported anywhere else.
        const expectedPaths = new Set(want.problems.map((p) => p.path));
        for (const p of result.problems)
          expect(expectedPaths, `unexpected problem ${JSON.stringify(p)}`).toContain(p.path);
        return;
      }

      expect(result.kind, JSON.stringify(result)).toBe('policy');
      if (result.kind !== 'policy') return;
      const policy = result.policy;
      expect(policy.source).toBe(c.file);
      expect(policy.statements).toHaveLength(want.statements);
      if (want.statementIsArray !== undefined) expect(policy.statementIsArray).toBe(want.statementIsArray);
      if (want.version !== undefined) expect(policy.version).toBe(want.version);
      if (want.id !== undefined) expect(policy.id).toBe(want.id);
      policy.statements.forEach((st, i) => expect(st.index).toBe(i));
      (want.parsed ?? []).forEach((fields, i) => {
        const st = policy.statements[i] as Statement;
        for (const [key, value] of Object.entries(fields))
          expect(st[key as keyof Statement], `statement ${i} ${key}`).toEqual(value);
      });
      // Conditions are never interpreted: each parsed statement carries its Condition as written.
      const written = writtenStatements(c.data.input);
      if (written) {
        policy.statements.forEach((st, i) => expect(st.condition).toEqual(written[i]?.Condition));
      }
    });
  }
});

describe('parsePolicy properties', () => {
  it('never throws; an invalid result always names at least one problem, each at a JSON path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.json()), (input) => {
        const result = parsePolicy(input, 'arbitrary');
        if (result.kind === 'invalid') {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) expect(p.path).toMatch(/^\$/);
        }
      }),
    );
  });

  const action = fc.constantFrom(
    's3:GetObject',
    's3:Get*',
    'dynamodb:*',
    '*',
    'sqs:?endMessage',
    'kms:Decrypt',
  );
  const resource = fc.constantFrom(
    '*',
    'arn:aws:s3:::orders/*',
    'arn:aws:s3:::home/${aws:username}/*',
    'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
  );
  const stringOrList = <T extends string>(arb: fc.Arbitrary<T>): fc.Arbitrary<string | string[]> =>
    fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));
  const statement = fc.record(
    {
      Sid: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
      Effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.tuple(fc.constantFrom('Action', 'NotAction'), stringOrList(action)),
      resource: fc.tuple(fc.constantFrom('Resource', 'NotResource'), stringOrList(resource)),
      Condition: fc.dictionary(
        fc.constantFrom('StringEquals', 'StringLike', 'Bool', 'ForAnyValue:StringLike'),
        fc.dictionary(fc.constantFrom('aws:SourceVpc', 'aws:RequestedRegion'), stringOrList(fc.string())),
        { minKeys: 1, maxKeys: 2 },
      ),
    },
    { requiredKeys: ['Effect', 'action', 'resource'] },
  );

  it('a well-formed document parses, with every string-or-array normalized to a list', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(statement, { minLength: 1, maxLength: 4, selector: (s) => s.Sid ?? Symbol() }),
        fc.boolean(),
        (generated, asArray) => {
          const written = generated.map(({ action: [ak, av], resource: [rk, rv], ...rest }) => ({
            ...rest,
            [ak]: av,
            [rk]: rv,
          }));
          const single = !asArray && written.length === 1;
          const result = parsePolicy(
            { Version: '2012-10-17', Statement: single ? written[0] : written },
            'generated',
          );
          expect(result.kind, JSON.stringify(result)).toBe('policy');
          if (result.kind !== 'policy') return;
          expect(result.policy.statementIsArray).toBe(!single);
          expect(result.policy.statements).toHaveLength(generated.length);
          generated.forEach((g, i) => {
            const st = result.policy.statements[i] as Statement;
            const list = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : v);
            expect(st.sid).toBe(g.Sid);
            expect(st.effect).toBe(g.Effect);
            expect(st.actions).toEqual({ kind: g.action[0], patterns: list(g.action[1]) });
            expect(st.resources).toEqual({ kind: g.resource[0], patterns: list(g.resource[1]) });
            expect(st.condition).toEqual(g.Condition);
          });
        },
      ),
    );
  });
});

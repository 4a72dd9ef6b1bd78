import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { StatementToWrite } from '../../src/iac/patch-policy.js';
import type { Expression } from '../../src/iac/template-policy.js';
import { renderCdkStatements } from '../../src/render/cdk-statement.js';
import { expectGolden } from './golden.js';

const kept = (expression: Expression, source: string) =>
  ({ kind: 'kept', value: { kind: 'expression', expression, source } }) as const;
const literal = (text: string) => ({ kind: 'literal', text }) as const;

const statement = (over: Partial<StatementToWrite>): StatementToWrite => ({
  original: undefined,
  sid: undefined,
  effect: 'Allow',
  actionKey: 'Action',
  actions: [literal('dynamodb:GetItem')],
  resourceKey: 'Resource',
  resources: [literal('*')],
  conditionSource: undefined,
  ...over,
});

/** Syntax errors TypeScript finds in `code` (the snippet needs no types to parse). */
function syntaxErrors(code: string): string[] {
  const file = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true);
  return (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

describe('CDK statements for a synthesized template', () => {
  const cases: StatementToWrite[] = [
    statement({
      sid: 'OrdersTable',
      actions: [literal('dynamodb:GetItem'), literal('dynamodb:PutItem')],
      resources: [
        kept(
          { kind: 'getatt', resource: 'OrdersTable1A2B3C4D', attribute: 'Arn' },
          '{"Fn::GetAtt":["OrdersTable1A2B3C4D","Arn"]}',
        ),
        kept(
          {
            kind: 'join',
            delimiter: '',
            parts: [{ kind: 'getatt', resource: 'OrdersTable1A2B3C4D', attribute: 'Arn' }, '/index/*'],
          },
          '{"Fn::Join":["",[{"Fn::GetAtt":["OrdersTable1A2B3C4D","Arn"]},"/index/*"]]}',
        ),
      ],
    }),
    statement({
      effect: 'Deny',
      actionKey: 'NotAction',
      actions: [literal('logs:*')],
      resources: [
        kept(
          {
            kind: 'sub',
            parts: [
              'arn:',
              { kind: 'ref', name: 'AWS::Partition' },
              ':logs:*:',
              { kind: 'ref', name: 'AWS::AccountId' },
              ':*',
            ],
          },
          '!Sub arn:${AWS::Partition}:logs:*:${AWS::AccountId}:*',
        ),
      ],
      conditionSource: '{"Bool": {"aws:SecureTransport": "false"}}',
    }),
  ];

  it('reads as its golden file and parses as TypeScript', () => {
    const code = renderCdkStatements(cases);
    expect(syntaxErrors(code)).toEqual([]);
    expectGolden('cdk-statements.ts.txt', code + '\n');
  });

  it('cannot be broken out of by text from the template', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (sid, text) => {
        const code = renderCdkStatements([
          statement({
            sid,
            resources: [literal(text), kept({ kind: 'opaque', description: 'Fn::If' }, text)],
            conditionSource: text,
          }),
        ]);
        expect(syntaxErrors(code)).toEqual([]);
        // Exactly one statement call: nothing injected a second one.
        expect(code.match(/new iam\.PolicyStatement/g)).toHaveLength(1);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { patchPolicy } from '../../src/iac/patch-policy.js';
import { renderStatementList } from '../../src/iac/render-statements.js';
import { canonicalValue } from '../../src/iac/cloudformation/canonical-value.js';
import { meaningOfStatement } from '../../src/iac/statement-meaning.js';
import { applyEdits } from '../../src/iac/text/text-edits.js';
import type { LocatedPolicy } from '../../src/iac/template-policy.js';
import { loadCases } from '../support/case-loader.js';
import { comparablePolicy } from '../support/comparable-policy.js';
import { evidenceOf, type TestUsage } from '../support/evidence.js';
import { testResolveContext } from '../support/resolve-context.js';

/** A template with one editable policy, and the calls a role could have made through it. */
interface MeaningCase {
  file: string;
  text: string;
  uses: TestUsage['used'];
  dataEventServices: string[];
}

const ctx = { catalog: createEventCatalog().actions, observability: createDefaultObservability() };

function onlyPolicy(file: string, text: string): LocatedPolicy {
  const policies = locatePolicies(file, text).filter((p) => p.kind === 'statements');
  expect(policies).toHaveLength(1);
  return policies[0] as LocatedPolicy;
}

describe('a patched template means what the proof checked (test/cases/iac-meaning)', () => {
  for (const c of loadCases<MeaningCase>('iac-meaning')) {
    it(`${c.file}: ${c.description}`, () => {
      const { file, text, uses, dataEventServices } = c.data;
      const policy = onlyPolicy(file, text);
      const resolve = testResolveContext(text);
      fc.assert(
        fc.property(fc.subarray(uses, { minLength: 1 }), (used) => {
          const evidence = evidenceOf({ used, dataEventServices });
          const result = patchPolicy(policy, evidence, ctx, resolve);
          const after = result.changed
            ? applyEdits(text, [renderStatementList(text, policy, result.statements)])
            : text;
          // Parse the patched file and resolve its policy as `patch` does (patchPolicy's
          // `before` is that resolution): it is the policy the proof checked.
          const again = onlyPolicy(file, after);
          const reread = patchPolicy(again, evidence, ctx, resolve);
          expect(comparablePolicy(reread.before, reread)).toBe(comparablePolicy(result.after, result));
          // Statements left as they were are byte-identical.
          for (const st of result.statements)
            if (st.original) expect(after).toContain(text.slice(st.original.range[0], st.original.range[1]));
        }),
        { numRuns: 40, seed: 13 },
      );
    });
  }

  it('writes a kept list-form !Sub back as written, never as three list items', () => {
    const c = loadCases<MeaningCase>('iac-meaning').find((x) => x.file === 'sam-intrinsic-forms.json');
    if (!c) throw new Error('sam-intrinsic-forms.json is missing');
    const { file, text, dataEventServices } = c.data;
    const policy = onlyPolicy(file, text);
    const evidence = evidenceOf({
      used: [{ action: 'sqs:SendMessage', resources: ['arn:aws:sqs:us-east-1:123456789012:jobs-a'] }],
      dataEventServices,
    });
    const result = patchPolicy(policy, evidence, ctx, testResolveContext(text));
    const after = applyEdits(text, [renderStatementList(text, policy, result.statements)]);
    expect(after).toContain(
      [
        '              Resource: !Sub',
        '              - "arn:aws:sqs:${region}:${AWS::AccountId}:jobs-a"',
        '              - region: !Ref AWS::Region',
      ].join('\n'),
    );
    const first = onlyPolicy(file, after).statements[0];
    expect(first && meaningOfStatement(first).resources).toHaveLength(1);
  });
});

describe('kept values keep their bytes', () => {
  it('a multi-line list item keeps its continuation columns when its statement is rewritten', () => {
    const text = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Policies:',
      '        - Statement:',
      '            - Effect: Allow',
      '              Action:',
      '                - sqs:SendMessage',
      '                - sqs:DeleteMessage',
      '              Resource:',
      '                - !Sub ["arn:aws:sqs:${r}:${AWS::AccountId}:jobs",',
      '                        {r: !Ref AWS::Region}]',
      '                - !Sub',
      '                  - arn:aws:sqs:${AWS::Region}:${a}:jobs-b',
      '                  - a: !Ref AWS::AccountId',
      '',
    ].join('\n');
    const policy = onlyPolicy('template.yaml', text);
    const evidence = evidenceOf({
      used: [
        {
          action: 'sqs:SendMessage',
          resources: ['arn:aws:sqs:us-east-1:123456789012:jobs', 'arn:aws:sqs:us-east-1:123456789012:jobs-b'],
        },
      ],
      dataEventServices: ['sqs'],
    });
    const result = patchPolicy(policy, evidence, ctx, testResolveContext(text));
    expect(result.changed).toBe(true);
    const after = applyEdits(text, [renderStatementList(text, policy, result.statements)]);
    expect(after).not.toContain('sqs:DeleteMessage');
    expect(after).toContain(text.slice(text.indexOf('              Resource:')));
  });
});

describe('canonical values', () => {
  it.each([
    ['!Sub ["a${x}", {x: !Ref Y}]', 'Fn::Sub:\n- a${x}\n- x:\n    Ref: Y'],
    ['!GetAtt T.Arn', '{"Fn::GetAtt": ["T", "Arn"]}'],
    [
      '!If [C, !ImportValue e, !Ref AWS::NoValue]',
      'Fn::If: [C, {"Fn::ImportValue": e}, {Ref: AWS::NoValue}]',
    ],
    [
      "!Join ['', [!Select [0, !Split [',', x]], '/*']]",
      "Fn::Join:\n  - ''\n  - - !Select\n      - 0\n      - !Split [',', x]\n    - /*",
    ],
  ])('%s reads as %s', (short, long) => {
    expect(canonicalValue(short)).toBe(canonicalValue(long));
  });

  it.each([
    ['!Sub ["a${x}", {x: !Ref Y}]', '!Sub "a${x}"'],
    ['!Sub\n- a\n- b', '!Sub a'],
    ['!GetAtt T.Arn', '!GetAtt T.Name'],
    ['!If [C, a, b]', '!If [C, b, a]'],
  ])('%s differs from %s', (a, b) => {
    expect(canonicalValue(a)).not.toBe(canonicalValue(b));
  });
});

import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SHORT_TAGS } from '../../src/iac/cloudformation/short-tags.js';
import { expression } from '../../src/iac/cloudformation/intrinsics.js';
import { resolveExpression } from '../../src/iac/resolve-expression.js';
import { returnValuesOf } from '../../src/iac/return-values.js';
import type { Expression } from '../../src/iac/template-policy.js';
import { loadCases } from '../support/case-loader.js';
import { testResolveContext } from '../support/resolve-context.js';

/**
 * A template declaring resource `X`, and expressions over it (CloudFormation YAML, or a
 * Terraform `type.name.attribute` reference) with what each resolves to; `null` when
 * the expression must stay unresolved (the value is unknown before deployment, or the
 * type has no such attribute).
 */
interface ReturnValueCase {
  template: string;
  expressions: {
    yaml?: string;
    terraform?: string;
    expect: { value: string; exact: boolean } | null;
  }[];
}

function expressionOf(e: ReturnValueCase['expressions'][number]): Expression {
  if (e.terraform !== undefined) {
    const [type, name, ...attribute] = e.terraform.split('.');
    return { kind: 'getatt', resource: `${type}.${name}`, attribute: attribute.join('.') };
  }
  const doc = parseDocument(e.yaml ?? '', { customTags: SHORT_TAGS as never });
  return expression(doc.contents);
}

describe('Ref and GetAtt return values, type by type (test/cases/iac-return-values)', () => {
  for (const c of loadCases<ReturnValueCase>('iac-return-values')) {
    it(`${c.file}: ${c.description}`, () => {
      const ctx = testResolveContext(c.data.template);
      for (const e of c.data.expressions) {
        const got = resolveExpression(expressionOf(e), ctx);
        expect(got ?? null, e.yaml ?? e.terraform).toEqual(e.expect);
      }
    });
  }

  it('uses the deployed physical id: a queue URL is its Ref, and gives its ARN', () => {
    const ctx = {
      ...testResolveContext('Resources:\n  X:\n    Type: AWS::SQS::Queue\n'),
      stackResources: new Map([
        [
          'X',
          {
            logicalId: 'X',
            type: 'AWS::SQS::Queue',
            physicalId: 'https://sqs.us-east-1.amazonaws.com/123456789012/stack-X-ABC',
          },
        ],
      ]),
    };
    const at = (yaml: string) => resolveExpression(expressionOf({ yaml, expect: null }), ctx);
    expect(at('!Ref X')?.value).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/stack-X-ABC');
    expect(at('!GetAtt X.Arn')).toEqual({
      value: 'arn:aws:sqs:us-east-1:123456789012:stack-X-ABC',
      exact: true,
    });
    expect(at('!GetAtt X.QueueName')).toEqual({ value: 'stack-X-ABC', exact: true });
  });

  it('answers only for own rows: a type named like an Object property is unknown', () => {
    expect(returnValuesOf('toString')).toBeUndefined();
    expect(returnValuesOf('__proto__')).toBeUndefined();
    const ctx = testResolveContext('Resources:\n  X:\n    Type: constructor\n');
    expect(resolveExpression({ kind: 'getatt', resource: 'X', attribute: 'Arn' }, ctx)).toBeUndefined();
  });

  it('leaves a name that refers to its own resource unknown instead of recursing', () => {
    const ctx = testResolveContext(
      "Resources:\n  X:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${X.QueueName}-2'\n",
    );
    expect(resolveExpression({ kind: 'getatt', resource: 'X', attribute: 'Arn' }, ctx)).toEqual({
      value: 'arn:aws:sqs:us-east-1:123456789012:*X*',
      exact: false,
    });
  });

  it('cites a source for every row', () => {
    for (const type of ['AWS::Logs::LogGroup', 'AWS::Serverless::StateMachine', 'aws_cloudwatch_log_group'])
      expect(returnValuesOf(type)?.source).toMatch(/^https:\/\//);
  });
});

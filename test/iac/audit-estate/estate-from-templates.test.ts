import { describe, expect, it } from 'vitest';
import { estateFromTemplates } from '../../../src/iac/audit-estate/estate-from-templates.js';

const sam = (fn: string): string =>
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    `  ${fn}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: app.handler',
    '',
  ].join('\n');

const mainTf = `resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.lambda.arn
}
`;
const iamTf = `resource "aws_iam_role" "lambda" {
  name = "api-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
`;
const policyTf = `resource "aws_iam_role_policy" "api" {
  role   = aws_iam_role.lambda.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }]
  })
}

# iamtrim:ignore public-invoke partner webhook
resource "aws_lambda_permission" "open" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "*"
}
`;

describe('estateFromTemplates', () => {
  it('reads the .tf files of one directory as one module: a permission and a policy find the function and role declared in other files', () => {
    const estate = estateFromTemplates([
      { file: 'infra/main.tf', text: mainTf },
      { file: 'infra/iam.tf', text: iamTf },
      { file: 'infra/policy.tf', text: policyTf },
    ]);
    expect(estate.subjects).toEqual(['infra/main.tf', 'infra/iam.tf', 'infra/policy.tf']);
    expect(estate.functions).toHaveLength(1);
    const f = estate.functions[0];
    expect(f).toMatchObject({
      id: 'aws_lambda_function.api',
      role: 'aws_iam_role.lambda',
      place: { file: 'infra/main.tf', line: 1 },
      permissions: [{ principal: '*', conditionKeys: [], place: { file: 'infra/policy.tf', line: 10 } }],
      suppressions: [
        { rule: 'public-invoke', reason: 'partner webhook', place: { file: 'infra/policy.tf', line: 9 } },
      ],
    });
    expect(f?.roleText).toBeUndefined();
    expect(estate.roles).toHaveLength(1);
    expect(estate.roles[0]).toMatchObject({
      id: 'aws_iam_role.lambda',
      name: 'api-role',
      trustsLambda: true,
      place: { file: 'infra/iam.tf', line: 1 },
      statements: [
        { actions: ['dynamodb:*'], resources: ['*'], place: { file: 'infra/policy.tf', line: 5 } },
      ],
    });
    expect(estate.skipped).toEqual([]);
  });

  it('keeps the same logical id in two templates apart: two functions, two roles, none shared', () => {
    const estate = estateFromTemplates([
      { file: 'a/template.yaml', text: sam('HelloFunction') },
      { file: 'b/template.yaml', text: sam('HelloFunction') },
    ]);
    expect(estate.functions.map((f) => [f.id, f.role])).toEqual([
      ['a/template.yaml#HelloFunction', 'a/template.yaml#HelloFunctionRole'],
      ['b/template.yaml#HelloFunction', 'b/template.yaml#HelloFunctionRole'],
    ]);
    expect(estate.roles.map((r) => r.id)).toEqual([
      'a/template.yaml#HelloFunctionRole',
      'b/template.yaml#HelloFunctionRole',
    ]);
  });

  it('reads two Terraform directories as two modules: a reference does not cross them', () => {
    const estate = estateFromTemplates([
      { file: 'one/main.tf', text: mainTf },
      { file: 'two/policy.tf', text: policyTf },
    ]);
    expect(estate.functions.map((f) => [f.id, f.role, f.roleText])).toEqual([
      ['one#aws_lambda_function.api', undefined, 'aws_iam_role.lambda.arn'],
    ]);
    expect(estate.functions[0]?.permissions).toEqual([]);
    expect(estate.skipped.map((s) => s.reason)).toEqual([
      'its function aws_lambda_function.api.function_name is not a function of the files read',
    ]);
  });

  it('leaves ids as written when there is one unit', () => {
    const estate = estateFromTemplates([{ file: 'template.yaml', text: sam('OnlyFunction') }]);
    expect(estate.functions.map((f) => f.id)).toEqual(['OnlyFunction']);
    expect(estate.roles.map((r) => r.id)).toEqual(['OnlyFunctionRole']);
  });
});

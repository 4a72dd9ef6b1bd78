import { describe, expect, it } from 'vitest';
import { templateParameterDefaults } from '../../src/iac/template-parameters.js';
import { terraformRoleNames } from '../../src/iac/terraform-role-names.js';
import { tooLittleEvidence } from '../../src/synthesize/min-days-gate.js';

describe('template parameter defaults', () => {
  it('reads plain defaults of YAML and JSON templates, and leaves out expressions and odd names', () => {
    const yaml = `Parameters:
  Stage:
    Type: String
    Default: 'prod'
  Count:
    Type: Number
    Default: 3
  Computed:
    Type: String
    Default: !Ref AWS::Region
  NoDefault:
    Type: String
Resources: {}
`;
    expect(templateParameterDefaults(yaml)).toEqual({ Stage: 'prod', Count: '3' });
    const json = JSON.stringify({ Parameters: { Stage: { Default: 'dev' }, __proto__x: { Default: 'x' } } });
    expect(templateParameterDefaults(json)).toEqual({ Stage: 'dev' });
    expect(templateParameterDefaults('not: [valid')).toEqual({});
  });
});

describe('Terraform role names', () => {
  it('names aws_iam_role resources and modules by their literal names only', () => {
    const tf = `resource "aws_iam_role" "orders" {
  name = "orders-api-role"
  inline_policy {
    name = "not-the-role"
  }
}
resource "aws_iam_role" "computed" {
  name = "\${var.prefix}-role"
}
module "api" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "api"
}
module "named" {
  source    = "terraform-aws-modules/lambda/aws"
  role_name = "named-role"
  function_name = "fn"
}
`;
    expect(Object.fromEntries(terraformRoleNames(tf))).toEqual({
      'aws_iam_role.orders': 'orders-api-role',
      'module.api': 'api',
      'module.named': 'named-role',
    });
    expect(terraformRoleNames('resource "x" {').size).toBe(0);
  });
});

describe('the min-days gate', () => {
  it.each([
    [10, 30, false, true],
    [30, 30, false, false],
    [10, 30, true, false],
    [0, 0, false, false],
  ])('%d day(s) against --min-days %d (force %s): gated %s', (span, minDays, force, gated) => {
    const why = tooLittleEvidence(span, { minDays, force });
    expect(why !== undefined).toBe(gated);
    if (why) expect(why).toContain(`fewer than --min-days ${minDays}`);
  });
});

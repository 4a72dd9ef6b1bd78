import { describe, expect, it } from 'vitest';
import { templateResources } from '../../src/iac/cloudformation/template-resources.js';
import { locatePolicies } from '../../src/iac/locate-policies.js';
import { templatePolicyKind } from '../../src/iac/template-policy-kind.js';

const statement = `
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: '*'`;

const CFN = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: own
          PolicyDocument:${statement}
  Extra:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref FnRole]
      PolicyDocument:${statement.replace(/\n {4}/g, '\n')}
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: attached
      Roles: [!Ref FnRole]
      PolicyDocument:${statement.replace(/\n {4}/g, '\n')}
`;

const TF = `resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "own" {
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_iam_policy" "extra" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "extra" {
  role = aws_iam_role.fn.name
  policy_arn = aws_iam_policy.extra.arn
}
`;

describe('templatePolicyKind: which IAM size limit a template policy answers to', () => {
  it('CloudFormation: role Policies and AWS::IAM::Policy are inline, AWS::IAM::ManagedPolicy is managed', () => {
    const found = locatePolicies('template.yaml', CFN).filter((p) => p.kind === 'statements');
    const kinds = Object.fromEntries(
      found.map((p) => [p.path, templatePolicyKind(p, templateResources(CFN))]),
    );
    expect(kinds).toEqual({
      'Resources.FnRole.Properties.Policies[0].PolicyDocument.Statement': 'inline',
      'Resources.Extra.Properties.PolicyDocument.Statement': 'managed',
      'Resources.Attached.Properties.PolicyDocument.Statement': 'inline',
    });
  });

  it('Terraform: aws_iam_role_policy is inline, aws_iam_policy is managed', () => {
    const found = locatePolicies('main.tf', TF).filter((p) => p.kind === 'statements');
    const kinds = Object.fromEntries(
      found.map((p) => [p.path.split('.').slice(0, 2).join('.'), templatePolicyKind(p, new Map())]),
    );
    expect(kinds).toEqual({ 'aws_iam_role_policy.own': 'inline', 'aws_iam_policy.extra': 'managed' });
  });

  it('a bare policy file is judged as managed', () => {
    const [p] = locatePolicies(
      'policy.json',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
    );
    expect(p && templatePolicyKind(p, new Map())).toBe('managed');
  });
});

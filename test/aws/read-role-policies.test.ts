import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodePolicyDocument,
  policyKind,
  readRolePolicies,
  roleNameOf,
} from '../../src/aws/read-role-policies.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';

const iam = mockClient(IAMClient);
afterEach(() => iam.reset());

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

describe('roleNameOf / policyKind / decodePolicyDocument', () => {
  it('takes the last path segment of a role ARN in any partition', () => {
    expect(roleNameOf('arn:aws:iam::111122223333:role/a/b/my-role')).toBe('my-role');
    expect(roleNameOf('arn:aws-us-gov:iam::111122223333:role/gov-role')).toBe('gov-role');
    expect(roleNameOf('plain-name')).toBe('plain-name');
    expect(() => roleNameOf('arn:aws:iam::111122223333:user/bob')).toThrow(AwsError);
  });

  it('AWS-managed policies live in the aws pseudo-account of every partition', () => {
    expect(policyKind('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe('aws-managed');
    expect(policyKind('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole')).toBe('aws-managed');
    expect(policyKind('arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess')).toBe('aws-managed');
    expect(policyKind('arn:aws:iam::111122223333:policy/aws/x')).toBe('customer-managed');
  });

  it('decodes RFC 3986 encoding and keeps + as +', () => {
    expect(decodePolicyDocument('%7B%22a%22%3A%22x+y%20z%22%7D', 'p')).toEqual({ a: 'x+y z' });
    expect(() => decodePolicyDocument('%E0%A4%A', 'p')).toThrow(
      'p: policy document is not valid URL-encoding',
    );
    expect(() => decodePolicyDocument('not%20json', 'p')).toThrow('p: policy document is not JSON');
  });
});

describe('readRolePolicies (mocked client)', () => {
  it('reads inline, attached and boundary policies in aws-us-gov', async () => {
    const boundary = 'arn:aws-us-gov:iam::111122223333:policy/boundary';
    const managed = 'arn:aws-us-gov:iam::aws:policy/AWSXrayWriteOnlyAccess';
    iam.on(GetRoleCommand, { RoleName: 'svc' }).resolves({
      Role: {
        RoleName: 'svc',
        Arn: 'arn:aws-us-gov:iam::111122223333:role/svc',
        Path: '/',
        RoleId: 'x',
        CreateDate: new Date(),
        PermissionsBoundary: {
          PermissionsBoundaryArn: boundary,
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        },
      },
    });
    iam
      .on(ListRolePoliciesCommand)
      .resolvesOnce({ PolicyNames: ['a'], IsTruncated: true, Marker: 'k1' })
      .resolvesOnce({ PolicyNames: ['b'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).callsFake((input: { PolicyName: string }) => ({
      RoleName: 'svc',
      PolicyName: input.PolicyName,
      PolicyDocument: enc({ Statement: [{ Sid: input.PolicyName }] }),
    }));
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: managed }] });
    iam.on(GetPolicyCommand).callsFake((input: { PolicyArn: string }) => ({
      Policy: { PolicyName: input.PolicyArn.split('/').pop(), DefaultVersionId: 'v9' },
    }));
    iam.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string; VersionId: string }) => ({
      PolicyVersion: { Document: enc({ From: input.PolicyArn, V: input.VersionId }) },
    }));

    const out = await readRolePolicies(new IAMClient({ region: 'us-gov-west-1' }), 'svc');
    expect(out.partition).toBe('aws-us-gov');
    expect(out.policies.map((p) => [p.kind, p.name, p.document])).toEqual([
      ['inline', 'a', { Statement: [{ Sid: 'a' }] }],
      ['inline', 'b', { Statement: [{ Sid: 'b' }] }],
      ['aws-managed', 'AWSXrayWriteOnlyAccess', { From: managed, V: 'v9' }],
    ]);
    expect(out.boundary).toEqual({
      kind: 'customer-managed',
      name: 'boundary',
      arn: boundary,
      versionId: 'v9',
      document: { From: boundary, V: 'v9' },
    });
    expect(iam.commandCalls(ListRolePoliciesCommand)[1]?.args[0].input.Marker).toBe('k1');
  });

  it('a role without a boundary has none, and AccessDenied on ListAttachedRolePolicies names it', async () => {
    iam.on(GetRoleCommand).resolves({
      Role: { RoleName: 'r', Arn: 'arn:aws:iam::1:role/r', Path: '/', RoleId: 'x', CreateDate: new Date() },
    });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam
      .on(ListAttachedRolePoliciesCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(readRolePolicies(new IAMClient({ region: 'us-east-1' }), 'r')).rejects.toThrow(
      'iamtrim needs iam:ListAttachedRolePolicies for r',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { toAuditRoles } from '../../../src/aws/audit-estate/to-audit-roles.js';
import type { AccountAuthorization, AccountRole } from '../../../src/model/account-role.js';

const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

function role(name: string, extra: Partial<AccountRole> = {}): AccountRole {
  return {
    arn: `arn:aws:iam::111122223333:role/service-role/${name}`,
    name,
    path: '/service-role/',
    policies: [],
    ...extra,
  };
}

const orders = role('orders', {
  trustPolicy: lambdaTrust,
  policies: [
    {
      kind: 'inline',
      name: 'orders-inline',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Read',
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:Query'],
            Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders',
          },
          {
            Effect: 'Allow',
            NotAction: 'iam:*',
            NotResource: ['arn:aws:s3:::secret/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
        ],
      },
    },
    {
      kind: 'customer-managed',
      name: 'logs',
      arn: 'arn:aws:iam::111122223333:policy/logs',
      versionId: 'v2',
      document: { Statement: { Effect: 'Deny', Action: 'logs:DeleteLogGroup', Resource: '*' } },
    },
    {
      kind: 'aws-managed',
      name: 'AWSLambdaBasicExecutionRole',
      arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      document: { Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] },
    },
  ],
});

const broken = role('broken', {
  trustPolicy: {
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  policies: [
    {
      kind: 'inline',
      name: 'ok',
      document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
    },
    { kind: 'inline', name: 'bad', document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] } },
  ],
});

const authorization: AccountAuthorization = {
  source: 'auth.json',
  roles: [orders, broken, role('unused')],
  skipped: [
    {
      what: 'policy arn:aws:iam::111122223333:policy/gone',
      reason: 'NoSuchEntity',
      role: broken.arn,
      part: 'grant',
    },
    { what: 'policy of another role', reason: 'NoSuchEntity', role: 'arn:aws:iam::111122223333:role/other' },
  ],
};

describe('toAuditRoles', () => {
  it('flattens inline and customer-managed statements as written, lists every managed policy by ARN', () => {
    const out = toAuditRoles(authorization, [orders.arn, orders.arn]);
    expect(out.skipped).toEqual([]);
    expect(out.roles).toHaveLength(1);
    const r = out.roles[0]!;
    const place = { kind: 'resource', arn: orders.arn };
    expect(r).toMatchObject({ id: orders.arn, arn: orders.arn, name: 'orders', place, trustsLambda: true });
    expect(r.managedPolicies).toEqual([
      { ref: 'arn:aws:iam::111122223333:policy/logs', place },
      { ref: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', place },
    ]);
    expect(r.statements).toEqual([
      {
        policy: 'orders-inline',
        sid: 'Read',
        index: 0,
        effect: 'Allow',
        actionKey: 'Action',
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resourceKey: 'Resource',
        resources: ['arn:aws:dynamodb:us-east-1:111122223333:table/orders'],
        hasCondition: false,
        place,
      },
      {
        policy: 'orders-inline',
        index: 1,
        effect: 'Allow',
        actionKey: 'NotAction',
        actions: ['iam:*'],
        resourceKey: 'NotResource',
        resources: ['arn:aws:s3:::secret/*'],
        hasCondition: true,
        place,
      },
      {
        policy: 'arn:aws:iam::111122223333:policy/logs',
        index: 0,
        effect: 'Deny',
        actionKey: 'Action',
        actions: ['logs:DeleteLogGroup'],
        resourceKey: 'Resource',
        resources: ['*'],
        hasCondition: false,
        place,
      },
    ]);
  });

  it('reports unreadable policies, missing roles and what the authorization skipped for these roles only', () => {
    const missing = 'arn:aws:iam::111122223333:role/ghost';
    const out = toAuditRoles(authorization, [missing, broken.arn]);
    expect(out.roles.map((r) => r.id)).toEqual([broken.arn]);
    expect(out.roles[0]!.trustsLambda).toBe(false);
    expect(out.roles[0]!.statements.map((s) => s.policy)).toEqual(['ok']);
    expect(out.skipped).toEqual([
      { what: missing, reason: 'role not found in auth.json' },
      { what: `${broken.arn} policy bad`, reason: 'statement 0 has no readable Resource' },
      { what: 'policy arn:aws:iam::111122223333:policy/gone', reason: 'NoSuchEntity' },
    ]);
  });

  it('leaves trustsLambda unknown when the trust policy was not read', () => {
    const out = toAuditRoles(authorization, [role('unused').arn]);
    expect(out.roles[0]).not.toHaveProperty('trustsLambda');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountRole, GrantedPolicy } from '../../src/model/account-role.js';
import { grantedPolicySource, parseGrantedPolicies } from '../../src/policy/parse-granted-policies.js';

const ROLE = 'arn:aws:iam::123456789012:role/orders-api-role';
const doc = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});
const inline = (name: string, document: unknown = doc('s3:GetObject')): GrantedPolicy => ({
  kind: 'inline',
  name,
  document,
});
const managed = (arn: string, document: unknown = doc('sqs:SendMessage')): GrantedPolicy => ({
  kind: arn.includes(':iam::aws:') ? 'aws-managed' : 'customer-managed',
  name: arn.slice(arn.lastIndexOf('/') + 1),
  arn,
  versionId: 'v1',
  document,
});
const role = (policies: GrantedPolicy[], boundary?: GrantedPolicy): AccountRole => ({
  arn: ROLE,
  name: 'orders-api-role',
  path: '/',
  policies,
  ...(boundary ? { boundary } : {}),
});

describe('parseGrantedPolicies', () => {
  it('labels inline policies by where they live and managed ones by ARN, with their size-limit kind', () => {
    const basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    const own = 'arn:aws:iam::123456789012:policy/orders';
    const out = parseGrantedPolicies(role([inline('s3'), managed(own), managed(basic)]));
    expect(out.policies.map((p) => p.source)).toEqual([`${ROLE} inline policy s3`, own, basic]);
    expect([...out.kinds]).toEqual([
      [`${ROLE} inline policy s3`, 'inline'],
      [own, 'managed'],
      [basic, 'managed'],
    ]);
    expect(out.notes).toEqual([
      `${basic} is AWS-managed and cannot be edited: detach it and attach a customer-managed policy with the tightened content`,
    ]);
    expect(out.invalid).toEqual([]);
  });

  it('never takes the boundary for a grant, and says it caps the role', () => {
    const b = managed('arn:aws:iam::123456789012:policy/boundary', doc('*'));
    const out = parseGrantedPolicies(role([inline('s3')], b));
    expect(out.policies.map((p) => p.source)).toEqual([`${ROLE} inline policy s3`]);
    expect(out.kinds.has(b.arn!)).toBe(false);
    expect(out.notes).toContain(`permissions boundary ${b.arn} caps the role; it is not tightened`);
  });

  it('returns a policy that does not parse with its problems, instead of dropping it', () => {
    const out = parseGrantedPolicies(
      role([inline('bad', { Statement: [{ Effect: 'Maybe' }] }), inline('ok')]),
    );
    expect(out.policies.map((p) => p.source)).toEqual([`${ROLE} inline policy ok`]);
    expect(out.invalid.map((i) => i.source)).toEqual([`${ROLE} inline policy bad`]);
    expect(out.invalid[0]?.problems.length).toBeGreaterThan(0);
  });

  it('says so when the role has no policy at all', () => {
    expect(parseGrantedPolicies(role([])).notes).toEqual([`${ROLE} has no inline or attached policies`]);
  });

  it('accounts for every granted policy exactly once, under its own label', () => {
    const granted = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }).map((n) => inline(n)),
      fc.string({ minLength: 1, maxLength: 12 }).map((n) => managed(`arn:aws:iam::123456789012:policy/${n}`)),
      fc.constant(inline('broken', { Version: 7 })),
    );
    fc.assert(
      fc.property(fc.array(granted, { maxLength: 6 }), (policies) => {
        const out = parseGrantedPolicies(role(policies));
        expect(out.policies.length + out.invalid.length).toBe(policies.length);
        const labels = policies.map((p) => grantedPolicySource(ROLE, p));
        expect([...out.policies.map((p) => p.source), ...out.invalid.map((i) => i.source)].sort()).toEqual(
          [...labels].sort(),
        );
      }),
    );
  });
});

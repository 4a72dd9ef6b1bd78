import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountAuthorization, AccountRole } from '../../src/model/account-role.js';
import type { AccountRolesReport } from '../../src/model/account-roles-report.js';
import { accountRolesRenderers, rolesFormats } from '../../src/render/index.js';
import { buildAccountRolesReport } from '../../src/usage/account-roles-report.js';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { FORBIDDEN_IN_TEXT, hostileString } from '../support/hostile-strings.js';
import { expectGolden } from './golden.js';

const trust = (...services: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: services.length === 1 ? services[0] : services },
      Action: 'sts:AssumeRole',
    },
    // A Deny names a service that may not assume the role: not a trusted one.
    { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const doc = { Version: '2012-10-17', Statement: [] };
const role = (name: string, extra: Partial<AccountRole> = {}): AccountRole => ({
  arn: `arn:aws:iam::123456789012:role/${name}`,
  name,
  path: '/',
  policies: [{ kind: 'inline', name: 'p', document: doc }],
  ...extra,
});

const auth: AccountAuthorization = {
  source: 'account.json',
  roles: [
    role('orders-shared-role', { trustPolicy: trust('lambda.amazonaws.com') }),
    role('orders-api-role', {
      trustPolicy: trust('lambda.amazonaws.com', 'edgelambda.amazonaws.com'),
      boundary: {
        kind: 'customer-managed',
        name: 'b',
        arn: 'arn:aws:iam::123456789012:policy/b',
        document: doc,
      },
    }),
    role('ci-deploy', { trustPolicy: trust('codebuild.amazonaws.com'), policies: [] }),
    role('unknown-trust'),
    role('img\u001b[2Jresize', { trustPolicy: trust('lambda.amazonaws.com') }),
  ],
  skipped: [
    {
      what: 'attached policy arn:aws:iam::aws:policy/ReadOnlyAccess of arn:aws:iam::123456789012:role/ci-deploy',
      reason: 'the AWS-managed policy is not in the file',
      role: 'arn:aws:iam::123456789012:role/ci-deploy',
    },
  ],
};

const principal = (name: string, functions: string[]) => ({
  arn: `arn:aws:iam::123456789012:role/${name}`,
  type: 'role',
  functions,
  actions: [],
  denied: [],
});
const usage: UsageReport = {
  principals: [
    principal('orders-shared-role', ['orders-worker', 'orders-reporter']),
    principal('orders-api-role', ['orders-api']),
    // The same name under another path is another role.
    { ...principal('other/orders-api-role', ['intruder']) },
  ],
  unmapped: [],
  skipped: [],
  stats: {
    files: 1,
    records: 0,
    events: 0,
    window: { from: null, to: null },
    regions: [],
    days: 0,
    dataEventSources: [],
    classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
  },
};

describe('roles --account-authorization renderers', () => {
  it('offer the formats roles offers', () => {
    expect(Object.keys(accountRolesRenderers)).toEqual(rolesFormats);
  });

  it('mark trust, policies, boundary and shared roles (golden), escapes made visible', () => {
    const report = buildAccountRolesReport(auth, { report: usage, sources: ['logs/'] });
    const shared = report.roles.find((r) => r.roleName === 'orders-shared-role');
    expect(shared).toMatchObject({
      lambda: true,
      shared: true,
      functions: ['orders-reporter', 'orders-worker'],
    });
    expect(report.roles.find((r) => r.roleName === 'orders-api-role')).toMatchObject({
      trustedServices: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'],
      functions: ['orders-api'],
      shared: false,
    });
    expect(report.roles.find((r) => r.roleName === 'unknown-trust')).toMatchObject({ lambda: undefined });
    const table = accountRolesRenderers.table(report);
    expect(table).not.toContain('\u001b');
    expectGolden('account-roles-table.txt', table);
  });

  it('without evidence claim no function and no sharing', () => {
    const report = buildAccountRolesReport(auth);
    expect(report.roles.every((r) => r.functions === undefined && r.shared === undefined)).toBe(true);
    expect(accountRolesRenderers.table(report)).not.toMatch(/SHARED|no function seen/);
  });

  it('write json that reads back to the report', () => {
    const report = buildAccountRolesReport(auth, { report: usage, sources: ['logs/'] });
    expect(JSON.parse(accountRolesRenderers.json(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('let no control, bidi or zero-width character of a name through the table', () => {
    fc.assert(
      fc.property(hostileString, hostileString, hostileString, (name, fn, reason) => {
        const hostile: AccountAuthorization = {
          source: `file${name}`,
          roles: [role(name, { trustPolicy: trust(`svc${name}`) })],
          skipped: [{ what: name, reason }],
        };
        const report: AccountRolesReport = buildAccountRolesReport(hostile, {
          report: { ...usage, principals: [principal(name, [fn, `${fn}2`])] },
          sources: [fn],
        });
        expect(accountRolesRenderers.table(report)).not.toMatch(FORBIDDEN_IN_TEXT);
      }),
    );
  });
});

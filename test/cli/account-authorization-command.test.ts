import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountRolesReport } from '../../src/model/account-roles-report.js';
import { runMain } from '../support/run-main.js';

// suggest and roles over what `aws iam get-account-authorization-details` prints, offline.

const EXAMPLE = 'fixtures/example/cloudtrail';
const SELECTORS = 'fixtures/example/trail-selectors.json';
const API_POLICY = 'fixtures/example/policies/orders-api-role.json';
const SHARED_POLICY = 'fixtures/example/policies/orders-shared-role.json';
const ACCOUNT = '123456789012';
const API_ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/orders-api-role`;
const SHARED_ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-shared-role`;
const API_MANAGED = `arn:aws:iam::${ACCOUNT}:policy/orders-api`;
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-account-cli-'));
const usageFile = join(tmp, 'usage.json');
const accountFile = join(tmp, 'account.json');
const basicFile = join(tmp, 'basic.json');

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});
const basic = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
};
const role = (arn: string, name: string, path: string, extra: Record<string, unknown>) => ({
  Path: path,
  RoleName: name,
  RoleId: 'AROAEXAMPLE',
  Arn: arn,
  CreateDate: '2024-01-02T03:04:05Z',
  AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust('lambda.amazonaws.com'))),
  InstanceProfileList: [],
  RolePolicyList: [],
  AttachedManagedPolicies: [],
  ...extra,
});
const managed = (arn: string, doc: unknown) => ({
  PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
  Arn: arn,
  Path: '/',
  DefaultVersionId: 'v2',
  PolicyVersionList: [
    { Document: encodeURIComponent(JSON.stringify(doc)), VersionId: 'v2', IsDefaultVersion: true },
    {
      Document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [] })),
      VersionId: 'v1',
      IsDefaultVersion: false,
    },
  ],
});

beforeAll(async () => {
  // Two --no-paginate pages, concatenated, as a user appending to one file gets them.
  const page1 = {
    RoleDetailList: [
      role(API_ROLE, 'orders-api-role', '/service-role/', {
        AttachedManagedPolicies: [{ PolicyName: 'orders-api', PolicyArn: API_MANAGED }],
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: BOUNDARY,
        },
      }),
      role(SHARED_ROLE, 'orders-shared-role', '/', {
        RolePolicyList: [{ PolicyName: 'orders-shared', PolicyDocument: json(SHARED_POLICY) }],
        AttachedManagedPolicies: [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC }],
      }),
      role(`arn:aws:iam::${ACCOUNT}:role/ci-deploy`, 'ci-deploy', '/', {
        AssumeRolePolicyDocument: trust('codebuild.amazonaws.com'),
      }),
      role(`arn:aws:iam::${ACCOUNT}:role/evil\u001b[2J`, 'evil\u001b[2J', '/', {}),
    ],
    Policies: [managed(API_MANAGED, json(API_POLICY))],
    IsTruncated: true,
    Marker: 'm1',
  };
  const page2 = {
    RoleDetailList: [],
    Policies: [
      managed(BASIC, basic),
      managed(BOUNDARY, {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    ],
    IsTruncated: false,
  };
  writeFileSync(accountFile, `${JSON.stringify(page1, null, 2)}\n${JSON.stringify(page2, null, 2)}\n`);
  writeFileSync(basicFile, JSON.stringify(basic));
  const usage = await runMain([
    'usage',
    '--cloudtrail',
    EXAMPLE,
    '--format',
    'json',
    '--out',
    usageFile,
    '--quiet',
  ]);
  expect(usage.status, usage.stderr).toBe(0);
});

function suggest(...args: string[]) {
  return runMain(['suggest', '--usage', usageFile, '--trail-config', SELECTORS, ...args]);
}

describe('suggest --account-authorization', () => {
  it('gives the same policy as the same document given with --policy (by name and by ARN)', async () => {
    const fromPolicy = await suggest(
      '--quiet',
      '--role',
      'orders-api-role',
      '--policy',
      API_POLICY,
      '--format',
      'json',
    );
    expect(fromPolicy.status, fromPolicy.stderr).toBe(0);
    for (const ref of ['orders-api-role', API_ROLE]) {
      const fromFile = await suggest(
        '--quiet',
        '--role',
        ref,
        '--account-authorization',
        accountFile,
        '--format',
        'json',
      );
      expect(fromFile.status, fromFile.stderr).toBe(0);
      expect(fromFile.stdout).toBe(fromPolicy.stdout);
    }
  });

  it('gives the same decisions for an inline and an AWS-managed policy, labelled as a live read labels them', async () => {
    const fromPolicy = await suggest(
      '--quiet',
      '--role',
      'orders-shared-role',
      '--policy',
      SHARED_POLICY,
      '--policy',
      basicFile,
      '--format',
      'json',
    );
    const fromFile = await suggest(
      '--role',
      'orders-shared-role',
      '--account-authorization',
      accountFile,
      '--format',
      'json',
    );
    expect(fromFile.status, fromFile.stderr).toBe(0);
    // The live labels: the managed policy's ARN, and where the inline one lives.
    expect(fromFile.stdout).toContain(`${SHARED_ROLE} inline policy orders-shared`);
    expect(fromFile.stdout).toContain(BASIC);
    const relabel = fromPolicy.stdout
      .split(SHARED_POLICY)
      .join(`${SHARED_ROLE} inline policy orders-shared`)
      .split(basicFile)
      .join(BASIC);
    expect(fromFile.stdout).toBe(relabel);
    expect(fromFile.stderr).toMatch(/AWSLambdaBasicExecutionRole is AWS-managed and cannot be edited/);
  });

  it('notes the boundary and does not tighten it', async () => {
    const run = await suggest(
      '--role',
      'orders-api-role',
      '--account-authorization',
      accountFile,
      '--format',
      'json',
    );
    expect(run.stderr).toContain(`permissions boundary ${BOUNDARY} caps the role; it is not tightened`);
    expect(run.stdout).not.toContain(BOUNDARY);
  });

  it('refuses an unknown role with the nearest names, and --policy beside the file', async () => {
    const typo = await suggest(
      '--quiet',
      '--role',
      'orders-shard-role',
      '--account-authorization',
      accountFile,
    );
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain(`no role orders-shard-role in ${accountFile}: nearest: orders-shared-role`);
    const both = await suggest(
      '--role',
      'orders-api-role',
      '--account-authorization',
      accountFile,
      '--policy',
      API_POLICY,
    );
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--account-authorization or --policy/);
  });

  it('refuses a role whose every grant is missing from the file, naming the file', async () => {
    const partial = join(tmp, 'partial.json');
    writeFileSync(
      partial,
      JSON.stringify({
        RoleDetailList: [
          role(API_ROLE, 'orders-api-role', '/service-role/', {
            AttachedManagedPolicies: [{ PolicyName: 'orders-api', PolicyArn: API_MANAGED }],
          }),
        ],
      }),
    );
    const run = await suggest('--role', 'orders-api-role', '--account-authorization', partial);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(partial);
    expect(run.stderr).toMatch(/none of the policies of .*orders-api-role could be read/);
  });
});

describe('roles --account-authorization', () => {
  it('lists every role of the file with its trust, offline', async () => {
    const run = await runMain(['roles', '--account-authorization', accountFile, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AccountRolesReport;
    expect(report.roles.map((r) => [r.roleName, r.lambda, r.functions])).toEqual([
      ['ci-deploy', false, undefined],
      ['evil\u001b[2J', true, undefined],
      ['orders-shared-role', true, undefined],
      ['orders-api-role', true, undefined],
    ]);
    expect(report.roles.find((r) => r.roleName === 'orders-api-role')?.boundary).toBe(BOUNDARY);
  });

  it('with evidence, names the functions seen acting as each role and flags the shared one', async () => {
    const run = await runMain([
      'roles',
      '--account-authorization',
      accountFile,
      '--usage',
      usageFile,
      '--format',
      'table',
      '--fail-on-shared',
    ]);
    expect(run.status).toBe(3);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('evil\\u001b[2J');
    expect(run.stdout).toMatch(
      /orders-shared-role {2}\[lambda\] {2}2 policies {2}SHARED by 2 functions\n {2}orders-reporter\n {2}orders-worker\n/,
    );
    expect(run.stdout).toMatch(/role\/ci-deploy {2}\[not lambda: codebuild\.amazonaws\.com\]/);
    expect(run.stdout).toMatch(/orders-api-role {2}\[lambda\] {2}1 policy, boundary .*\n {2}orders-api\n/);
    expect(run.stderr).toMatch(/1 role\(s\) seen acting for more than one function/);
  });

  it('takes evidence only with the file', async () => {
    const run = await runMain(['roles', '--usage', usageFile]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/go with --account-authorization/);
  });
});

import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { runCli, runCliAsync } from '../support/run-cli.js';
import { USAGE_COLUMNS } from '../../src/athena/build-usage-query.js';
import { miniAthena, readRecords, toWire, trailFiles } from '../support/mini-athena.js';
import { startAthenaServer } from '../support/wire/athena-server.js';
import { startCloudFormationServer } from '../support/wire/cloudformation-server.js';
import {
  fixtureHandler,
  lookupEventsHandler,
  startCloudTrailServer,
} from '../support/wire/cloudtrail-server.js';
import { startIamServer } from '../support/wire/iam-server.js';
import { startLambdaServer } from '../support/wire/lambda-server.js';
import { startS3Server, type S3TestServer } from '../support/wire/s3-server.js';
import type { WireServer } from '../support/wire/wire-server.js';

/**
 * The CLI end to end against local servers that speak each service's wire protocol: the
 * real SDK clients in a child process, pointed here by the SDK's own AWS_ENDPOINT_URL_*
 * variables, with fake credentials. The bucket holds the bundled example trail.
 */
const EXAMPLE = 'fixtures/example/cloudtrail';
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const API_POLICY = JSON.parse(
  readFileSync('fixtures/example/policies/orders-api-role.json', 'utf8'),
) as unknown;

let iam: WireServer;
let lambda: WireServer;
let cloudformation: WireServer;
let s3: S3TestServer;
let env: Record<string, string>;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

beforeAll(async () => {
  iam = await startIamServer({
    roles: {
      'orders-api-role': {
        arn: ROLE_ARN,
        inline: { 'orders-api': API_POLICY },
        attached: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
    },
    policies: {
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
        name: 'AWSLambdaBasicExecutionRole',
        defaultVersion: 'v1',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: '*',
            },
          ],
        },
      },
    },
    pageSize: 1,
  });
  const fn = (name: string, role: string) => ({
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`,
    Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    Runtime: 'nodejs22.x',
  });
  lambda = await startLambdaServer({
    functions: [
      fn('orders-api', 'orders-api-role'),
      fn('orders-worker', 'orders-shared-role'),
      fn('orders-report', 'orders-shared-role'),
    ],
    pageSize: 2,
  });
  cloudformation = await startCloudFormationServer({
    stacks: {
      'orders-prod': [
        {
          LogicalResourceId: 'OrdersApiRole',
          PhysicalResourceId: 'orders-api-role',
          ResourceType: 'AWS::IAM::Role',
        },
      ],
    },
  });
  s3 = await startS3Server({ pageSize: 5 });
  for (const f of files(EXAMPLE)) s3.put('trail-bucket', relative(EXAMPLE, f), readFileSync(f));
  const config = mkdtempSync(join(tmpdir(), 'iamtrim-live-'));
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(config, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(config, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_IAM: iam.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.url,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
  };
});

afterAll(async () => {
  await Promise.all([iam?.close(), lambda?.close(), cloudformation?.close(), s3?.close()]);
});

// Each test spawns the CLI two or three times, and LookupEvents is paced at 2 requests a second:
// the default 5 s is too tight on a loaded machine.
describe('iamtrim against local AWS endpoints', { timeout: 30_000 }, () => {
  it('roles: lists every function with its role across pages and flags the shared role', async () => {
    const listsBefore = lambda.count('ListFunctions');
    const run = await runCliAsync(['roles', '--regions', 'eu-west-1', '--format', 'json'], env);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      roles: { roleArn: string; shared: boolean; functions: unknown[] }[];
    };
    const shared = out.roles.find((r) => r.roleArn.endsWith('/orders-shared-role'));
    expect(shared?.shared).toBe(true);
    expect(shared?.functions).toHaveLength(2);
    expect(out.roles.find((r) => r.roleArn === ROLE_ARN)?.shared).toBe(false);
    // Three functions at two per page: two ListFunctions calls, the second with the marker.
    expect(lambda.count('ListFunctions') - listsBefore).toBe(2);
    const failing = await runCliAsync(
      ['roles', '--regions', 'eu-west-1', '--fail-on-shared', '--quiet'],
      env,
    );
    expect(failing.status).toBe(3);
  });

  it('usage from s3:// equals usage from the same files on disk', async () => {
    const fromBucket = await runCliAsync(
      [
        'usage',
        '--cloudtrail',
        's3://trail-bucket',
        '--format',
        'json',
        '--quiet',
        '--role',
        'orders-api-role',
      ],
      env,
    );
    expect(fromBucket.status, fromBucket.stderr).toBe(0);
    const local = runCli([
      'usage',
      '--cloudtrail',
      EXAMPLE,
      '--format',
      'json',
      '--quiet',
      '--role',
      'orders-api-role',
    ]);
    expect(local.status, local.stderr).toBe(0);
    const strip = (text: string) => {
      const r = JSON.parse(text) as { principals: unknown; stats: { records: number; files: number } };
      return { principals: r.principals, records: r.stats.records, files: r.stats.files };
    };
    expect(strip(fromBucket.stdout)).toEqual(strip(local.stdout));
    // No cache by default: every object of the example trail is fetched once.
    expect(s3.requests.filter((r) => r.key !== undefined)).toHaveLength(files(EXAMPLE).length);
  });

  it('suggest without --policy reads the role from IAM and tightens it', async () => {
    const [rolePolicies, policyVersions, configs] = [
      iam.count('GetRolePolicy'),
      iam.count('GetPolicyVersion'),
      lambda.count('GetFunctionConfiguration'),
    ];
    const run = await runCliAsync(
      [
        'suggest',
        '--cloudtrail',
        EXAMPLE,
        '--region',
        'eu-west-1',
        '--role',
        'orders-api-role',
        '--trail-config',
        'fixtures/example/trail-selectors.json',
        '--format',
        'json',
        '--force',
      ],
      env,
    );
    expect(run.status, run.stderr).toBe(0);
    // One inline policy, one attached managed policy.
    expect(iam.count('GetRolePolicy') - rolePolicies).toBe(1);
    expect(iam.count('GetPolicyVersion') - policyVersions).toBe(1);
    // The function's own configuration is read live for what its setup needs.
    expect(lambda.count('GetFunctionConfiguration') - configs).toBe(1);
    expect(run.stderr).toMatch(/AWSLambdaBasicExecutionRole is AWS-managed/);
    const out = JSON.parse(run.stdout) as { policies: { policy: unknown }[] };
    expect(out.policies).toHaveLength(2);
    for (const p of out.policies) expect(parsePolicy(p.policy, 'out').kind).toBe('policy');
    expect(JSON.stringify(out.policies)).not.toContain('dynamodb:Scan');
  });

  it('patch --stack resolves the role through DescribeStackResources', async () => {
    const run = await runCliAsync(
      [
        'patch',
        '--template',
        'fixtures/example/template.yaml',
        '--cloudtrail',
        EXAMPLE,
        '--stack',
        'orders-prod',
        '--quiet',
      ],
      env,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(cloudformation.count('DescribeStackResources')).toBe(1);
    expect(run.stdout).toMatch(/^- +- dynamodb:DeleteItem/m);
  });

  it('an AccessDenied on its own call names the missing action and the README section', async () => {
    const denied = await startIamServer({ roles: {}, deny: ['GetRole'] });
    try {
      const run = await runCliAsync(
        ['suggest', '--cloudtrail', EXAMPLE, '--region', 'eu-west-1', '--role', 'orders-api-role', '--quiet'],
        { ...env, AWS_ENDPOINT_URL_IAM: denied.url },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/iam:GetRole/);
      expect(run.stderr).toMatch(/iamtrim's own permissions/);
    } finally {
      await denied.close();
    }
  });

  it("usage --lookup-events reads the function's session page by page, and says what it cannot see", async () => {
    // The management events of the example trail for one function: what LookupEvents holds.
    const records = files(EXAMPLE)
      .flatMap(
        (f) =>
          (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: Record<string, unknown>[] })
            .Records,
      )
      .filter((r) => {
        const arn = (r.userIdentity as { arn?: string } | undefined)?.arn ?? '';
        return arn.endsWith('/orders-api') && r.managementEvent !== false && r.eventCategory !== 'Data';
      });
    // LookupEvents is paced at 2 requests a second: a few pages, not many, keep the test quick.
    const pageSize = 50;
    expect(records.length).toBeGreaterThan(2 * pageSize);
    const trail = await startCloudTrailServer({
      LookupEvents: lookupEventsHandler({
        pageSize,
        events: records.map((r) => ({
          eventTime: r.eventTime as string,
          eventName: r.eventName as string,
          username: 'orders-api',
          cloudTrailEvent: r,
        })),
      }),
    });
    try {
      const run = await runCliAsync(
        ['usage', '--lookup-events', '--function', 'orders-api', '--region', 'eu-west-1', '--format', 'json'],
        { ...env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/90 days/);
      const lookups = trail.requestsFor('LookupEvents');
      expect(lookups.length).toBe(Math.ceil(records.length / pageSize));
      const dir = mkdtempSync(join(tmpdir(), 'iamtrim-lookup-'));
      writeFileSync(join(dir, 'events.json'), JSON.stringify({ Records: records }));
      const local = runCli([
        'usage',
        '--cloudtrail',
        join(dir, 'events.json'),
        '--format',
        'json',
        '--quiet',
      ]);
      expect(local.status, local.stderr).toBe(0);
      const principals = (text: string) => (JSON.parse(text) as { principals: unknown }).principals;
      expect(principals(run.stdout)).toEqual(principals(local.stdout));
    } finally {
      await trail.close();
    }
  });

  it('--print-sql prints the Athena query and calls nothing', () => {
    const run = runCli([
      'usage',
      '--athena-table',
      'cloudtrail.trail_logs',
      '--print-sql',
      '--since',
      '2026-10-01',
      '--until',
      '2026-11-01',
      '--role',
      "o'brien-role",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/FROM\s+"cloudtrail"\."trail_logs"/i);
    expect(run.stdout).toContain("o''brien-role");
    expect(run.stdout).toMatch(/"timestamp"/);
  });

  it('suggest --trail reads the trail selectors live, exactly as --trail-config reads them from a file', async () => {
    const trailDoc = {
      Name: 'org-trail',
      IsMultiRegionTrail: false,
      HomeRegion: 'eu-west-1',
      TrailARN: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail',
    };
    // Management events only, write-only: read-only management actions cannot be judged.
    const selectors = {
      TrailARN: trailDoc.TrailARN,
      EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [] }],
    };
    const trail = await startCloudTrailServer({
      GetTrail: fixtureHandler({ Trail: trailDoc }),
      GetEventSelectors: fixtureHandler(selectors),
    });
    try {
      const args = [
        'suggest',
        '--cloudtrail',
        EXAMPLE,
        '--role',
        'orders-api-role',
        '--policy',
        'fixtures/example/policies/orders-api-role.json',
        '--format',
        'markdown',
        '--force',
        '--quiet',
      ];
      const run = await runCliAsync([...args, '--trail', trailDoc.TrailARN, '--region', 'eu-west-1'], {
        ...env,
        AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(trail.requestsFor('GetTrail')).toHaveLength(1);
      expect(trail.requestsFor('GetEventSelectors')).toHaveLength(1);
      const dir = mkdtempSync(join(tmpdir(), 'iamtrim-trail-'));
      writeFileSync(join(dir, 'trail.json'), JSON.stringify({ Trail: trailDoc, ...selectors }));
      // Same AWS setting (live function configuration), selectors from a file instead.
      const fromFile = await runCliAsync(
        [...args, '--trail-config', join(dir, 'trail.json'), '--region', 'eu-west-1'],
        env,
      );
      const plain = runCli(args);
      expect(fromFile.status, fromFile.stderr).toBe(0);
      expect(plain.status, plain.stderr).toBe(0);
      expect(run.stdout).toBe(fromFile.stdout);
      // And the selectors matter: without them the suggestion differs.
      expect(plain.stdout).not.toBe(run.stdout);
    } finally {
      await trail.close();
    }
  });

  it('suggest from s3:// finds the trail delivering to the bucket and weighs the generated IAM last-accessed report', async () => {
    const la = await startIamServer({
      roles: { 'orders-api-role': { arn: ROLE_ARN } },
      lastAccessed: {
        [ROLE_ARN]: {
          completedAt: '2026-11-05T00:00:00Z',
          inProgressPolls: 1,
          pageSize: 2,
          services: [
            { ServiceNamespace: 's3', TotalAuthenticatedEntities: 0 },
            { ServiceNamespace: 'dynamodb', LastAuthenticated: '2026-11-04T00:00:00Z' },
            {
              ServiceNamespace: 'sqs',
              LastAuthenticated: '2026-11-04T00:00:00Z',
              TrackedActionsLastAccessed: [
                { ActionName: 'CreateQueue', LastAccessedTime: '2026-10-15T00:00:00Z' },
              ],
            },
          ],
        },
      },
    });
    const mainTrail = {
      Name: 'main',
      S3BucketName: 'trail-bucket',
      HomeRegion: 'eu-west-1',
      IsMultiRegionTrail: true,
      TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`,
    };
    const trail = await startCloudTrailServer({
      DescribeTrails: fixtureHandler({
        trailList: [
          mainTrail,
          {
            ...mainTrail,
            Name: 'audit',
            S3BucketName: 'audit-bucket',
            TrailARN: `${mainTrail.TrailARN}-audit`,
          },
        ],
      }),
      GetEventSelectors: fixtureHandler({
        TrailARN: mainTrail.TrailARN,
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
      }),
    });
    try {
      const run = await runCliAsync(
        [
          'suggest',
          '--cloudtrail',
          's3://trail-bucket',
          '--region',
          'eu-west-1',
          '--role',
          'orders-api-role',
          '--policy',
          'fixtures/example/policies/orders-api-role.json',
          '--format',
          'markdown',
          '--force',
        ],
        { ...env, AWS_ENDPOINT_URL_IAM: la.url, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint },
      );
      expect(run.status, run.stderr).toBe(0);
      // Only the trail writing to the scanned bucket is read.
      expect(run.stderr).toMatch(/trails delivering to s3:\/\/trail-bucket: main \(eu-west-1\)/);
      expect(trail.requestsFor('GetEventSelectors').map((r) => r.body.TrailName)).toEqual([
        mainTrail.TrailARN,
      ]);
      // The report is generated for the role, polled once while IN_PROGRESS, then read in two pages.
      expect(
        la.requests.find((r) => r.operation === 'GenerateServiceLastAccessedDetails')?.form.get('Arn'),
      ).toBe(ROLE_ARN);
      expect(la.count('GetServiceLastAccessedDetails')).toBe(1 + 2);
      expect(run.stderr).toMatch(/IAM last-accessed for .*orders-api-role.*3 service\(s\)/);
      // Markdown escapes punctuation; the reasons are read without the escapes.
      const text = run.stdout.replace(/\\/g, '');
      // s3 never used: s3:* goes, though CloudTrail alone could not judge most S3 actions.
      expect(text).toMatch(
        /IAM last-accessed: the role never used s3 since 2025-10-01 \(400-day tracking period\)/,
      );
      expect(text).not.toMatch(/s3 action\(s\)[^\n]*unknown/);
      // sqs:CreateQueue, which CloudTrail would call unused, was used inside the window.
      // (kept actions are listed under their reason)
      const why = text.indexOf(
        'IAM last-accessed shows use on 2026-10-15 that the CloudTrail evidence does not',
      );
      expect(why).toBeGreaterThan(0);
      expect(text.slice(why, why + 400)).toContain('<code>sqs:CreateQueue</code>');
      const plain = await runCliAsync(
        [
          'suggest',
          '--cloudtrail',
          's3://trail-bucket',
          '--region',
          'eu-west-1',
          '--role',
          'orders-api-role',
          '--policy',
          'fixtures/example/policies/orders-api-role.json',
          '--format',
          'json',
          '--force',
          '--no-last-accessed',
          '--trail-config',
          'fixtures/example/trail-selectors.json',
          '--quiet',
        ],
        { ...env, AWS_ENDPOINT_URL_IAM: la.url, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint },
      );
      expect(plain.status, plain.stderr).toBe(0);
      // --no-last-accessed and --trail-config: neither is asked for again.
      expect(la.count('GenerateServiceLastAccessedDetails')).toBe(1);
      expect(trail.requestsFor('DescribeTrails')).toHaveLength(1);
      // Without the report, CloudTrail alone calls sqs:CreateQueue unused.
      expect(plain.stdout).not.toContain('sqs:CreateQueue');
    } finally {
      await Promise.all([la.close(), trail.close()]);
    }
  });

  it("usage --athena-table runs the query, polls, pages the rows and gives the local scan's usage", async () => {
    // Rows computed from the example events the way the generated SQL groups them.
    const rows = miniAthena(trailFiles(EXAMPLE).flatMap(readRecords), {});
    const athena = await startAthenaServer({ columns: [...USAGE_COLUMNS], rows: toWire(rows), pageSize: 20 });
    try {
      const run = await runCliAsync(
        [
          'usage',
          '--athena-table',
          'cloudtrail.trail_logs',
          '--athena-output',
          's3://results/iamtrim/',
          '--role',
          'orders-api-role',
          '--format',
          'json',
          '--quiet',
        ],
        { ...env, AWS_ENDPOINT_URL_ATHENA: athena.endpoint },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(athena.sql).toHaveLength(1);
      expect(athena.sql[0]).toContain("'orders-api-role'");
      // Every row, 20 to a page, and not a page more.
      expect(rows.length).toBeGreaterThan(40);
      expect(athena.requests.filter((r) => r === 'GetQueryResults')).toHaveLength(
        Math.ceil(rows.length / 20),
      );
      const local = runCli([
        'usage',
        '--cloudtrail',
        EXAMPLE,
        '--role',
        'orders-api-role',
        '--format',
        'json',
        '--quiet',
      ]);
      expect(local.status, local.stderr).toBe(0);
      const principals = (text: string) => (JSON.parse(text) as { principals: unknown }).principals;
      expect(principals(run.stdout)).toEqual(principals(local.stdout));
    } finally {
      await athena.close();
    }
  });
});

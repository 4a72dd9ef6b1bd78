import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, type ApplyPorts } from '../../src/actions/apply.js';
import { checkApplyPlan } from '../../src/actions/check-apply-plan.js';
import { findBackup, rollbackRole } from '../../src/actions/rollback.js';
import { awsClientConfig } from '../../src/aws/aws-config.js';
import { readRolePolicies } from '../../src/aws/read-role-policies.js';
import { simulateRole } from '../../src/aws/simulate-role.js';
import { createRoleWriter } from '../../src/aws/write-role-policies.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import type { ApplyPlan } from '../../src/model/apply-plan.js';
import { createBackupStore } from '../../src/store/backup-store.js';
import { fastRetry, useFakeAwsEnv } from '../aws/wire-env.js';
import { runMain } from '../support/run-main.js';
import { startIamServer, type IamFixtures, type IamWireServer } from '../support/wire/iam-server.js';
import { queryError } from '../support/wire/wire-server.js';

// apply and rollback against the local IAM server: the real SDK client, the real query
// protocol, a server that keeps state, so "the role as it was" is the server's own state.

const ACCOUNT = '123456789012';
const ROLE = 'orders-api-role';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/${ROLE}`;
const DDB_FULL = 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess';
const DDB_FULL_COPY = `arn:aws:iam::${ACCOUNT}:policy/AmazonDynamoDBFullAccess-iamtrim`;
const CUSTOMER = `arn:aws:iam::${ACCOUNT}:policy/orders-api`;
const API_POLICY = JSON.parse(
  readFileSync('fixtures/example/policies/orders-api-role.json', 'utf8'),
) as unknown;
const DDB_FULL_DOC = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:*', 'cloudwatch:GetMetricData'],
      Resource: '*',
    },
  ],
};

/** The example role: its policy inline, plus an AWS-managed policy wider than its use. */
function inlineFixtures(extra: Partial<IamFixtures> = {}): IamFixtures {
  return {
    roles: {
      [ROLE]: {
        arn: ROLE_ARN,
        path: '/service-role/',
        inline: { 'orders-api': API_POLICY },
        attached: [DDB_FULL],
      },
    },
    policies: {
      [DDB_FULL]: { name: 'AmazonDynamoDBFullAccess', defaultVersion: 'v1', document: DDB_FULL_DOC },
    },
    ...extra,
  };
}

/** The same policy as a customer-managed one that already has IAM's five versions. */
function customerFixtures(): IamFixtures {
  const old = (n: number) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: `s3:Get${n}`, Resource: '*' }],
  });
  return {
    roles: { [ROLE]: { arn: ROLE_ARN, path: '/service-role/', attached: [CUSTOMER] } },
    policies: {
      [CUSTOMER]: {
        name: 'orders-api',
        defaultVersion: 'v5',
        document: API_POLICY,
        otherVersions: { v1: old(1), v2: old(2), v3: old(3), v4: old(4) },
      },
    },
  };
}

let usageFile: string;
let server: IamWireServer | undefined;
let restore: () => void = () => {};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamtrim-apply-usage-'));
  usageFile = join(dir, 'usage.json');
  const run = await runMain([
    'usage',
    '--cloudtrail',
    'fixtures/example/cloudtrail',
    '--format',
    'json',
    '--out',
    usageFile,
    '--workers',
    '1',
  ]);
  expect(run.status, run.stderr).toBe(0);
}, 60_000);

afterEach(async () => {
  restore();
  await server?.close();
  server = undefined;
});

async function start(
  fixtures: IamFixtures,
  faults: Parameters<typeof startIamServer>[1] = [],
): Promise<IamWireServer> {
  server = await startIamServer(fixtures, faults);
  restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_IAM: server.url, AWS_REGION: 'eu-west-1' });
  return server;
}

const evidence = (backup: string): string[] => [
  '--usage',
  usageFile,
  '--role',
  ROLE,
  '--force',
  '--trail-config',
  'fixtures/example/trail-selectors.json',
  '--backup',
  backup,
  '--quiet',
];

function backupFiles(dir: string): string[] {
  const roleDir = join(dir, ROLE);
  return existsSync(roleDir) ? readdirSync(roleDir) : [];
}

/** The plan `apply --write-plan` writes (no --yes: nothing changes). */
async function writePlan(backup: string): Promise<{ file: string; plan: ApplyPlan }> {
  const file = join(mkdtempSync(join(tmpdir(), 'iamtrim-plan-')), 'plan.json');
  const run = await runMain(['apply', ...evidence(backup), '--write-plan', file]);
  expect(run.status, run.stderr).toBe(0);
  return { file, plan: checkApplyPlan(JSON.parse(readFileSync(file, 'utf8')), file) };
}

/** The action's ports over a client that retries fast, for the fault cases. */
function ports(backup: string): ApplyPorts {
  const client = new IAMClient({ ...awsClientConfig({ region: 'us-east-1' }), retryStrategy: fastRetry() });
  return {
    readRole: () => readRolePolicies(client, ROLE),
    writer: createRoleWriter(client),
    simulate: (arn, pairs) => simulateRole(client, arn, pairs),
    backups: createBackupStore(backup, () => {
      throw new Error('no S3 here');
    }),
    now: () => new Date('2026-12-06T10:00:00.000Z'),
    catalog: createCatalog().actions,
  };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'iamtrim-backups-'));

describe('iamtrim apply', () => {
  it('without --yes prints the plan and makes no write call', async () => {
    const iam = await start(inlineFixtures());
    const backups = tmp();
    const run = await runMain(['apply', ...evidence(backups)]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Plan for role ${ROLE_ARN}`);
    expect(run.stdout).toContain('replace inline policy orders-api');
    expect(run.stdout).toContain(`create ${DDB_FULL_COPY}`);
    expect(run.stdout).toContain(`detach ${DDB_FULL}`);
    // The diff per policy, from the diff renderer.
    expect(run.stdout).toMatch(/Policy inline policy orders-api/);
    expect(iam.writes()).toEqual([]);
    expect(iam.count('SimulatePrincipalPolicy')).toBe(0);
    expect(backupFiles(backups)).toEqual([]);
  });

  it('applies an inline policy and replaces an AWS-managed one by a tightened copy; rollback restores both, twice = once', async () => {
    const iam = await start(inlineFixtures());
    const original = iam.roleState(ROLE);
    const backups = tmp();
    const run = await runMain(['apply', ...evidence(backups), '--yes']);
    expect(run.status, run.stderr).toBe(0);
    expect(iam.writes()).toEqual(['PutRolePolicy', 'CreatePolicy', 'AttachRolePolicy', 'DetachRolePolicy']);
    const after = iam.roleState(ROLE);
    expect(after.attached).toEqual([DDB_FULL_COPY]);
    expect(JSON.stringify(after.inline['orders-api'])).not.toContain('"s3:*"');
    expect(after.inline['orders-api']).not.toEqual(original.inline['orders-api']);
    expect(iam.count('SimulatePrincipalPolicy')).toBeGreaterThan(0);
    // The backup holds the role as it was.
    const [file] = backupFiles(backups);
    expect(file).toMatch(/\.json$/);
    const backup = JSON.parse(readFileSync(join(backups, ROLE, file!), 'utf8')) as {
      inline: { name: string; document: unknown }[];
      attached: { arn: string }[];
    };
    expect(backup.inline).toEqual([{ name: 'orders-api', document: API_POLICY }]);
    expect(backup.attached.map((a) => a.arn)).toEqual([DDB_FULL]);

    const dry = await runMain(['rollback', '--role', ROLE, '--backup', backups]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Would restore');
    expect(iam.roleState(ROLE)).toEqual(after);

    const first = await runMain(['rollback', '--role', ROLE, '--backup', backups, '--yes']);
    expect(first.status, first.stderr).toBe(0);
    expect(iam.roleState(ROLE)).toEqual(original);
    expect(iam.policyArns()).toEqual([DDB_FULL]);
    const writes = iam.writes().length;
    const second = await runMain(['rollback', '--role', ROLE, '--backup', backups, '--yes']);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('nothing to do');
    expect(iam.writes()).toHaveLength(writes);
    expect(iam.roleState(ROLE)).toEqual(original);
  });

  it('makes a customer-managed policy a new default version, deleting the oldest non-default when five exist', async () => {
    const iam = await start(customerFixtures());
    const original = iam.roleState(ROLE);
    const backups = tmp();
    const run = await runMain(['apply', ...evidence(backups), '--yes']);
    expect(run.status, run.stderr).toBe(0);
    expect(iam.writes()).toEqual(['DeletePolicyVersion', 'CreatePolicyVersion']);
    expect(iam.versionIds(CUSTOMER)).toEqual(['v2', 'v3', 'v4', 'v5', 'v6']);
    const after = iam.roleState(ROLE);
    expect(after.policies[CUSTOMER]!.defaultVersion).toBe('v6');
    expect(JSON.stringify(after.policies[CUSTOMER]!.document)).not.toContain('"s3:*"');

    const back = await runMain(['rollback', '--role', ROLE, '--backup', backups, '--yes']);
    expect(back.status, back.stderr).toBe(0);
    expect(iam.roleState(ROLE)).toEqual(original);
  });

  it('rolls back by itself and exits 1 when the simulator denies observed use', async () => {
    const iam = await start(inlineFixtures({ simulateDeny: ['dynamodb:GetItem'] }));
    const original = iam.roleState(ROLE);
    const backups = tmp();
    const run = await runMain(['apply', ...evidence(backups), '--yes']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/simulator denies observed use.*dynamodb:GetItem on arn:aws:dynamodb:/);
    expect(run.stderr).toContain('rolled back');
    expect(iam.roleState(ROLE)).toEqual(original);
    expect(iam.policyArns()).toEqual([DDB_FULL]);
    expect(backupFiles(backups)).toHaveLength(1);
  });

  it('refuses a plan when the role changed after it was made, and writes nothing', async () => {
    const iam = await start(inlineFixtures());
    const backups = tmp();
    const { file } = await writePlan(backups);
    // Someone edits the inline policy between the plan and the apply.
    const client = new IAMClient({ ...awsClientConfig({ region: 'us-east-1' }), retryStrategy: fastRetry() });
    await client.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: 'orders-api',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        }),
      }),
    );
    client.destroy();
    const edited = iam.roleState(ROLE);
    const dry = await runMain(['apply', '--role', ROLE, '--plan', file, '--backup', backups]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(
      /changed since the plan was made \(inline:orders-api was edited\): apply --yes would refuse/,
    );
    const run = await runMain(['apply', '--role', ROLE, '--plan', file, '--backup', backups, '--yes']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/changed since the plan was made \(inline:orders-api was edited\)/);
    expect(iam.writes()).toEqual(['PutRolePolicy']);
    expect(iam.roleState(ROLE)).toEqual(edited);
    expect(backupFiles(backups)).toEqual([]);
  });

  it('applies a plan file written earlier, once the role is unchanged', async () => {
    const iam = await start(inlineFixtures());
    const backups = tmp();
    const { file, plan } = await writePlan(backups);
    expect(plan.changes.map((c) => c.kind)).toEqual(['put-inline', 'replace-aws-managed']);
    const run = await runMain(['apply', '--role', ROLE, '--plan', file, '--backup', backups, '--yes']);
    expect(run.status, run.stderr).toBe(0);
    expect(iam.roleState(ROLE).inline['orders-api']).toEqual((plan.changes[0] as { after: unknown }).after);
  });

  it('refuses an edited plan file that would widen a policy, before any write', async () => {
    const iam = await start(inlineFixtures());
    const backups = tmp();
    const { file, plan } = await writePlan(backups);
    const widened = {
      ...plan,
      changes: [
        {
          ...plan.changes[0]!,
          after: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] },
        },
      ],
    };
    writeFileSync(file, JSON.stringify(widened));
    const run = await runMain(['apply', '--role', ROLE, '--plan', file, '--backup', backups, '--yes']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("fails the evaluator's proof");
    expect(iam.writes()).toEqual([]);
  });
});

describe('apply and rollback flags', () => {
  it('refuse a plan file together with evidence, and --policy (apply reads the role from IAM)', async () => {
    const both = await runMain(['apply', '--role', ROLE, '--plan', 'p.json', '--usage', 'u.json']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give --plan or the evidence');
    const policy = await runMain(['apply', '--role', ROLE, '--usage', 'u.json', '--policy', 'x.json']);
    expect(policy.status).toBe(2);
    expect(policy.stderr).toContain('--policy is not accepted');
  });

  it('rollback without a backup says where it looked and exits 1', async () => {
    const backups = tmp();
    const run = await runMain(['rollback', '--role', ROLE, '--backup', backups]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no backup of role ${ROLE}`);
    expect(run.stderr).toContain(backups);
  });
});

describe('apply halfway failures', () => {
  async function planFor(backups: string): Promise<ApplyPlan> {
    return (await writePlan(backups)).plan;
  }

  it('throttling that never clears: the backup is written before the first write, and rollback restores the role', async () => {
    const iam = await start(inlineFixtures());
    const original = iam.roleState(ROLE);
    const backups = tmp();
    const plan = await planFor(backups);
    // The first write succeeds; every write from the second on is throttled, the rollback's too.
    iam.setWriteFault({ kind: 'throttle-forever', onWrite: 2 });
    await expect(applyPlan(plan, ports(backups), 'plan')).rejects.toThrow(
      /automatic rollback failed too.*iamtrim rollback --role orders-api-role --to orders-api-role\/20261206T100000000Z --yes/s,
    );
    // Half applied, but the backup that holds the original was written first.
    expect(iam.writes()[0]).toBe('PutRolePolicy');
    expect(iam.roleState(ROLE)).not.toEqual(original);
    const backup = await findBackup(
      createBackupStore(backups, () => undefined as never),
      ROLE,
    );
    expect(backup.inline).toEqual([{ name: 'orders-api', document: API_POLICY }]);

    iam.setWriteFault(undefined);
    const done = await rollbackRole(backup, ports(backups), { dryRun: false });
    expect(done.steps.length).toBeGreaterThan(0);
    expect(iam.roleState(ROLE)).toEqual(original);
    expect(iam.policyArns()).toEqual([DDB_FULL]);
  });

  it('AccessDenied on the third write: the automatic rollback leaves the role as it was', async () => {
    const iam = await start(inlineFixtures());
    const original = iam.roleState(ROLE);
    const backups = tmp();
    const plan = await planFor(backups);
    iam.setWriteFault({ kind: 'access-denied', onWrite: 3 });
    await expect(applyPlan(plan, ports(backups), 'plan')).rejects.toThrow(
      /apply failed: access denied: iamtrim needs iam:AttachRolePolicy.*restored from backup/s,
    );
    expect(iam.writes().slice(0, 3)).toEqual(['PutRolePolicy', 'CreatePolicy', 'AttachRolePolicy']);
    expect(iam.roleState(ROLE)).toEqual(original);
    expect(iam.policyArns()).toEqual([DDB_FULL]);
    expect(backupFiles(backups)).toHaveLength(1);
  });

  it('AccessDenied on the third call of the run: nothing written, no backup', async () => {
    const iam = await start(inlineFixtures());
    const original = iam.roleState(ROLE);
    const backups = tmp();
    const plan = await planFor(backups);
    // A fresh server, so the fault's request count starts at this apply's first call.
    await iam.close();
    const denied = await start(inlineFixtures(), [
      {
        onRequests: [3],
        response: queryError(403, 'AccessDenied', `not authorized to perform: iam:GetRolePolicy`),
      },
    ]);
    await expect(applyPlan(plan, ports(backups), 'plan')).rejects.toThrow(/iam:GetRolePolicy/);
    expect(denied.writes()).toEqual([]);
    expect(denied.roleState(ROLE)).toEqual(original);
    expect(backupFiles(backups)).toEqual([]);
  });
});

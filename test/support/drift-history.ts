import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { callRecord } from './records.js';

/**
 * A made-up account history for the drift tests: two Lambda execution roles over 55 days
 * (D1 = 2026-09-01), read in three periods. What happens, and which run must report it:
 * - `orders-role` / `orders-api` reads its secret every day, describes its table on D1–D10
 *   only (unused from D41 on in a 30-day window: run 2 says `grant-became-unused`), never
 *   uses `kms:Decrypt` (`grant-unused` from run 1), and starts `ssm:GetParameter` on D40
 *   (run 2: `new-action-used`), after alice added it to the inline policy on D42 by
 *   PutRolePolicy (run 2: `policy-widened`, naming her and the event).
 * - `reports-role` / `reports-job` describes a secret every day; `reports-backfill` starts
 *   acting as the same role on D43 (run 2: `role-shared`, and `new-action-used` for what the
 *   new function does); `reports-job` is denied
 *   `kms:Decrypt` on D44 (run 2: `denied-new`) and again on D52 (not new in run 3).
 * - D50 has no logs at all (run 3: `coverage-gap`, which suppresses every unused claim).
 */
export const ACCOUNT = '123456789012';
export const ORDERS_ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-role`;
export const REPORTS_ROLE = `arn:aws:iam::${ACCOUNT}:role/reports-role`;
export const ALICE = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123abcd/alice`;
export const WIDEN_EVENT_ID = '5d0e7a43-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const D1 = Date.UTC(2026, 8, 1);
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of day n (1-based). */
export function dayOf(n: number): string {
  return new Date(D1 + (n - 1) * DAY_MS).toISOString().slice(0, 10);
}

function at(n: number, hour: number, minute = 0): string {
  return new Date(D1 + (n - 1) * DAY_MS + hour * 3_600_000 + minute * 60_000)
    .toISOString()
    .replace('.000', '');
}

/** Every record of day n (none on D50). */
export function recordsOfDay(n: number): Record<string, unknown>[] {
  if (n === 50) return [];
  const out: Record<string, unknown>[] = [];
  const orders = (name: string, source: string, params: Record<string, unknown>, hour: number) =>
    callRecord({ role: ORDERS_ROLE, fn: 'orders-api', source, name, params, time: at(n, hour) });
  const reports = (
    fn: string,
    name: string,
    source: string,
    params: Record<string, unknown>,
    hour: number,
    extra = {},
  ) => callRecord({ role: REPORTS_ROLE, fn, source, name, params, time: at(n, hour), ...extra });
  for (const hour of [3, 9, 15])
    out.push(
      orders(
        'GetSecretValue',
        'secretsmanager.amazonaws.com',
        { secretId: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:stripe-AbCdEf` },
        hour,
      ),
    );
  if (n <= 10) out.push(orders('DescribeTable', 'dynamodb.amazonaws.com', { tableName: 'Orders' }, 4));
  if (n >= 40) out.push(orders('GetParameter', 'ssm.amazonaws.com', { name: '/orders/feature-flags' }, 5));
  out.push(
    reports('reports-job', 'DescribeSecret', 'secretsmanager.amazonaws.com', { secretId: 'reports-db' }, 6),
  );
  if (n >= 43)
    out.push(
      reports(
        'reports-backfill',
        'DescribeSecret',
        'secretsmanager.amazonaws.com',
        { secretId: 'reports-db' },
        7,
      ),
    );
  if (n === 44 || n === 52)
    out.push(
      reports(
        'reports-job',
        'Decrypt',
        'kms.amazonaws.com',
        { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        8,
        {
          errorCode: 'AccessDenied',
          errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/reports-role/reports-job is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action`,
        },
      ),
    );
  if (n === 42)
    out.push({
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAADMINEXAMPLE:alice',
        arn: ALICE,
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd`,
            accountId: ACCOUNT,
            userName: 'AWSReservedSSO_Admin_0123abcd',
          },
        },
      },
      eventTime: at(n, 11, 7),
      eventSource: 'iam.amazonaws.com',
      eventName: 'PutRolePolicy',
      awsRegion: 'us-east-1',
      eventType: 'AwsApiCall',
      eventID: WIDEN_EVENT_ID,
      recipientAccountId: ACCOUNT,
      requestParameters: {
        roleName: 'orders-role',
        policyName: 'orders-inline',
        policyDocument: JSON.stringify(ordersPolicy(2)),
      },
      responseElements: null,
    });
  return out;
}

/**
 * Writes days `from`..`to` as CloudTrail delivers them to S3 (one gzipped file a day, in
 * `AWSLogs/<account>/CloudTrail/us-east-1/YYYY/MM/DD/`); a day without records gets no file.
 * Returns the files written.
 */
export function writeTrailDays(dir: string, from: number, to: number): string[] {
  const files: string[] = [];
  for (let n = from; n <= to; n++) {
    const records = recordsOfDay(n);
    if (records.length === 0) continue;
    const [y, m, d] = dayOf(n).split('-');
    const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', y!, m!, d!);
    mkdirSync(folder, { recursive: true });
    const file = join(
      folder,
      `${ACCOUNT}_CloudTrail_us-east-1_${y}${m}${d}T2355Z_drifttest${String(n).padStart(4, '0')}.json.gz`,
    );
    writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
    files.push(file);
  }
  return files;
}

function ordersPolicy(version: 1 | 2): object {
  const actions = ['secretsmanager:GetSecretValue', 'dynamodb:DescribeTable', 'ssm:DeleteParameter'];
  if (version === 2) actions.push('ssm:GetParameter');
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Orders', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
}

const reportsPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Reports',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'sqs:DeleteQueue'],
      Resource: '*',
    },
  ],
};

const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/**
 * What `aws iam get-account-authorization-details` prints for the two roles: version 1 before
 * alice's change on D42, version 2 after it.
 */
export function accountAuthorization(version: 1 | 2): object {
  const role = (name: string, id: string, policyName: string, doc: object) => ({
    Path: '/',
    RoleName: name,
    RoleId: id,
    Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    CreateDate: '2026-06-01T10:00:00+00:00',
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(lambdaTrust)),
    RolePolicyList: [{ PolicyName: policyName, PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }],
    AttachedManagedPolicies: [],
    InstanceProfileList: [],
    Tags: [],
  });
  return {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      role('orders-role', 'AROAORDERSROLE0000001', 'orders-inline', ordersPolicy(version)),
      role('reports-role', 'AROAREPORTSROLE000001', 'reports-inline', reportsPolicy),
    ],
    Policies: [],
  };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { startIamServer } from '../support/wire/iam-server.js';
import { startLambdaServer } from '../support/wire/lambda-server.js';
import type { InjectedFault, WireResponse, WireServer } from '../support/wire/wire-server.js';

/**
 * Profiles, regions and AWS's failures as a person meets them: a temporary AWS config and
 * credentials file, the real SDK in-process, and local servers that speak Lambda and IAM.
 */
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const dir = mkdtempSync(join(tmpdir(), 'iamtrim-profile-'));
const CONFIG = join(dir, 'config');
const CREDENTIALS = join(dir, 'credentials');
writeFileSync(CONFIG, '[default]\nregion = us-west-2\n\n[profile prod]\nregion = eu-central-1\n');
writeFileSync(
  CREDENTIALS,
  '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n\n[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = s\n',
);

const fn = {
  FunctionName: 'orders-api',
  FunctionArn: `arn:aws:lambda:eu-central-1:${ACCOUNT}:function:orders-api`,
  Role: ROLE_ARN,
  Runtime: 'nodejs22.x',
};

function lambdaFailure(type: string, message: string, status = 403): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ message }),
  };
}

let servers: WireServer[] = [];
let saved: Record<string, string | undefined> = {};

async function lambda(faults: InjectedFault[] = [], deny: string[] = []): Promise<WireServer> {
  const s = await startLambdaServer({ functions: [fn], deny }, faults);
  servers.push(s);
  process.env.AWS_ENDPOINT_URL_LAMBDA = s.url;
  return s;
}

// The SDK reads its files and endpoints from the process's environment.
beforeEach(() => {
  const vars = {
    AWS_CONFIG_FILE: CONFIG,
    AWS_SHARED_CREDENTIALS_FILE: CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const cleared = [
    'AWS_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_LAMBDA',
    'AWS_ENDPOINT_URL_IAM',
  ];
  saved = {};
  for (const k of [...Object.keys(vars), ...cleared]) saved[k] = process.env[k];
  for (const k of cleared) delete process.env[k];
  Object.assign(process.env, vars);
});

afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const signedWith = (s: WireServer): string[] =>
  s.requests.map(
    (r) =>
      /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(String(r.headers.authorization))?.slice(1).join(' ') ?? '',
  );

describe('AWS_PROFILE and --profile', () => {
  it('mean the same: the same keys, the region of the profile, the same output', async () => {
    const a = await lambda();
    const flag = await runMain(['roles', '--profile', 'prod']);
    const b = await lambda();
    const env = await runMain(['roles'], { env: { NO_COLOR: '1', AWS_PROFILE: 'prod' } });
    expect(flag.status).toBe(0);
    expect(env).toEqual(flag);
    expect(signedWith(a)).toEqual(['AKIAPROD eu-central-1']);
    expect(signedWith(b)).toEqual(['AKIAPROD eu-central-1']);
  });

  it('the flag wins over the variable', async () => {
    const a = await lambda();
    await runMain(['roles', '--profile', 'prod'], { env: { AWS_PROFILE: 'default' } });
    expect(signedWith(a)).toEqual(['AKIAPROD eu-central-1']);
  });

  it('AWS_PROFILE makes suggest read the role from IAM, as --profile does', async () => {
    const iam = await startIamServer({
      roles: {
        'orders-api-role': {
          arn: ROLE_ARN,
          inline: {
            api: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
          },
        },
      },
    });
    servers.push(iam);
    process.env.AWS_ENDPOINT_URL_IAM = iam.url;
    await lambda();
    const args = [
      'suggest',
      '--quiet',
      '--role',
      'orders-api-role',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--trail-config',
      'fixtures/example/trail-selectors.json',
      '--no-last-accessed',
      '--force',
    ];
    const flag = await runMain([...args, '--profile', 'prod']);
    const reads = iam.count('GetRolePolicy');
    const env = await runMain(args, { env: { AWS_PROFILE: 'prod' } });
    expect(flag.stderr).toBe('');
    expect(flag.status).toBe(0);
    expect(reads).toBeGreaterThan(0);
    expect(iam.count('GetRolePolicy')).toBe(2 * reads);
    expect(env).toEqual(flag);
  });

  it.each([
    ['--profile', ['--profile', 'staging'], {}],
    ['AWS_PROFILE', [], { AWS_PROFILE: 'staging' }],
  ])('a missing profile given by %s is named, with the files looked in', async (_how, flag, env) => {
    const s = await lambda();
    const r = await runMain(['roles', ...flag], { env: { NO_COLOR: '1', ...env } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `iamtrim: error: AWS profile "staging" is not defined in ${CONFIG} or ${CREDENTIALS}: check --profile or AWS_PROFILE (\`aws configure list-profiles\` lists them, \`aws configure --profile staging\` creates it)\n`,
    );
    expect(s.requests).toHaveLength(0);
  });
});

describe('roles when regions fail', () => {
  it('exits 1 and gives each region its reason when every region failed', async () => {
    await lambda([], ['ListFunctions']);
    const r = await runMain([
      'roles',
      '--profile',
      'prod',
      '--regions',
      'eu-west-1,us-east-1',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^iamtrim: error: no region could be listed \(2 of 2 failed\)/);
    expect(r.stderr).toContain('eu-west-1, us-east-1: access denied: iamtrim needs lambda:ListFunctions');
  });

  it('lists the regions that answered when only some failed, and warns of the others', async () => {
    await lambda([{ onRequests: [1], response: lambdaFailure('AccessDeniedException', 'denied by an SCP') }]);
    const r = await runMain([
      'roles',
      '--profile',
      'prod',
      '--regions',
      'eu-west-1,us-east-1',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).failedRegions).toEqual([expect.stringMatching(/^eu-west-1: access denied/)]);
    expect(r.stderr).toMatch(/^iamtrim: warning: region skipped: eu-west-1: /);
  });

  it('an expired session token is one line that says how to refresh it', async () => {
    await lambda([
      {
        onRequests: [1],
        response: lambdaFailure(
          'ExpiredTokenException',
          'The security token included in the request is expired',
        ),
      },
    ]);
    const r = await runMain(['roles', '--profile', 'prod']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'iamtrim: error: the AWS credentials have expired (ExpiredTokenException): refresh them (`aws sso login`, or new keys for the profile) and run again\n',
    );
  });
});

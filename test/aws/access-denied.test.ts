import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionForCommand, awsCall, toAwsError } from '../../src/aws/access-denied.js';
import { AwsError } from '../../src/errors/iamtrim-error.js';

function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('toAwsError', () => {
  it.each([
    ['AccessDenied', 'GetRolePolicyCommand', 'iam:GetRolePolicy'],
    ['AccessDeniedException', 'ListFunctionsCommand', 'lambda:ListFunctions'],
    ['UnauthorizedOperation', 'DescribeStackResourcesCommand', 'cloudformation:DescribeStackResources'],
  ])('%s on %s names %s and the README section', (code, command, action) => {
    const err = toAwsError(sdkError(code, 'not authorized'), command, 'my-role');
    expect(err).toBeInstanceOf(AwsError);
    expect(err.code).toBe('aws');
    expect(err.message).toBe(
      `access denied: iamtrim needs ${action} for my-role; see README section "iamtrim's own permissions" (AWS said: not authorized)`,
    );
  });

  it('reads the query-protocol Code when the name differs', () => {
    const err = toAwsError(
      sdkError('IAMServiceException', 'x', { Code: 'AccessDenied' }),
      'GetPolicyCommand',
    );
    expect(err.message).toMatch(/^access denied: iamtrim needs iam:GetPolicy;/);
  });

  it('takes an action name where two services share a command name (Lambda and IAM GetPolicy)', () => {
    const err = toAwsError(sdkError('AccessDeniedException', 'no'), 'lambda:GetPolicy', 'orders-api');
    expect(err.message).toMatch(/^access denied: iamtrim needs lambda:GetPolicy for orders-api;/);
    const other = toAwsError(sdkError('ServiceException', 'boom'), 'lambda:GetPolicy', 'orders-api');
    expect(other.message).toBe('lambda GetPolicy for orders-api failed: ServiceException: boom');
    expect(actionForCommand('GetPolicyCommand')).toBe('iam:GetPolicy');
    expect(actionForCommand('constructor')).toBeUndefined();
  });

  it('names the operation when the command is not in the table', () => {
    const err = toAwsError(sdkError('AccessDenied', 'no'), 'TagRoleCommand');
    expect(err.message).toMatch(/^access denied: iamtrim needs the permission for TagRole;/);
  });

  it('other errors carry service, operation and the SDK message, and keep the cause', () => {
    const cause = sdkError('NoSuchEntityException', 'The role cannot be found.');
    const err = toAwsError(cause, 'GetRoleCommand', 'ghost');
    expect(err.message).toBe(
      'iam GetRole for ghost failed: NoSuchEntityException: The role cannot be found.',
    );
    expect(err.cause).toBe(cause);
  });

  it('maps every command iamtrim sends', () => {
    const dir = fileURLToPath(new URL('../../src/aws/', import.meta.url));
    const sent = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/awsCall\(\s*'(\w+Command)'/g)])
      .map((m) => m[1]!);
    expect(sent.length).toBeGreaterThanOrEqual(12);
    expect(sent.filter((c) => actionForCommand(c) === undefined)).toEqual([]);
    expect(actionForCommand('GetPolicyVersionCommand')).toBe('iam:GetPolicyVersion');
    expect(actionForCommand('ListAttachedRolePoliciesCommand')).toBe('iam:ListAttachedRolePolicies');
    expect(actionForCommand('ListEventSourceMappingsCommand')).toBe('lambda:ListEventSourceMappings');
    expect(actionForCommand('AssumeRoleCommand')).toBe('sts:AssumeRole');
  });

  it('awsCall passes results through and translates failures', async () => {
    await expect(awsCall('GetRoleCommand', async () => 42)).resolves.toBe(42);
    await expect(
      awsCall('GetRoleCommand', async () => Promise.reject(sdkError('AccessDenied', 'no')), 'r'),
    ).rejects.toThrow('iamtrim needs iam:GetRole for r');
  });
});

describe('missing credentials', () => {
  it('says no credentials were found, and where the chain looked', () => {
    const err = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const out = toAwsError(err, 'ListFunctionsCommand', 'eu-west-1');
    expect(out.message).toMatch(/^no AWS credentials/);
    expect(out.message).toMatch(/--profile/);
  });
});

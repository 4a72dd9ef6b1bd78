import { AwsError } from '../errors/iamtrim-error.js';
import { explainSdkError, oneLine } from '../errors/explain-sdk-error.js';

/**
 * The IAM action each SDK command needs. AccessDenied messages from AWS do not always name
 * the action (Lambda's do, IAM's usually do, STS's do not), so iamtrim names it itself.
 */
const commandActions: Readonly<Record<string, string>> = {
  GetRoleCommand: 'iam:GetRole',
  ListRolePoliciesCommand: 'iam:ListRolePolicies',
  GetRolePolicyCommand: 'iam:GetRolePolicy',
  ListAttachedRolePoliciesCommand: 'iam:ListAttachedRolePolicies',
  GetPolicyCommand: 'iam:GetPolicy',
  GetPolicyVersionCommand: 'iam:GetPolicyVersion',
  GetAccountAuthorizationDetailsCommand: 'iam:GetAccountAuthorizationDetails',
  ListFunctionsCommand: 'lambda:ListFunctions',
  GetFunctionConfigurationCommand: 'lambda:GetFunctionConfiguration',
  ListEventSourceMappingsCommand: 'lambda:ListEventSourceMappings',
  DescribeStackResourcesCommand: 'cloudformation:DescribeStackResources',
  AssumeRoleCommand: 'sts:AssumeRole',
  GetTrailCommand: 'cloudtrail:GetTrail',
  GetEventSelectorsCommand: 'cloudtrail:GetEventSelectors',
  DescribeTrailsCommand: 'cloudtrail:DescribeTrails',
  GenerateServiceLastAccessedDetailsCommand: 'iam:GenerateServiceLastAccessedDetails',
  GetServiceLastAccessedDetailsCommand: 'iam:GetServiceLastAccessedDetails',
  GetFunctionUrlConfigCommand: 'lambda:GetFunctionUrlConfig',
  DescribeLogGroupsCommand: 'logs:DescribeLogGroups',
  // Only `apply` and `rollback` write.
  PutRolePolicyCommand: 'iam:PutRolePolicy',
  DeleteRolePolicyCommand: 'iam:DeleteRolePolicy',
  CreatePolicyCommand: 'iam:CreatePolicy',
  DeletePolicyCommand: 'iam:DeletePolicy',
  CreatePolicyVersionCommand: 'iam:CreatePolicyVersion',
  DeletePolicyVersionCommand: 'iam:DeletePolicyVersion',
  SetDefaultPolicyVersionCommand: 'iam:SetDefaultPolicyVersion',
  ListPolicyVersionsCommand: 'iam:ListPolicyVersions',
  AttachRolePolicyCommand: 'iam:AttachRolePolicy',
  DetachRolePolicyCommand: 'iam:DetachRolePolicy',
  SimulatePrincipalPolicyCommand: 'iam:SimulatePrincipalPolicy',
};

const deniedCodes = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/**
 * The IAM action behind an SDK command name such as `GetRolePolicyCommand`. A name that is
 * already an action (`lambda:GetPolicy`) is itself: two services share some command names
 * (IAM's and Lambda's `GetPolicyCommand`), and the table can hold only one of them.
 */
export function actionForCommand(commandName: string): string | undefined {
  if (commandName.includes(':')) return commandName;
  return Object.hasOwn(commandActions, commandName) ? commandActions[commandName] : undefined;
}

/** Where to send a user whose credentials lack a permission iamtrim needs. */
const ownPermissionsHint = `see README section "iamtrim's own permissions"`;

/**
 * Translates an SDK failure at the edge: the one place a raw SDK error becomes iamtrim's
 * one-line message with its fix (`explainSdkError` for failures of the setup, the action
 * for a denied call). `commandName` is the class name of the command
 * that was sent (e.g. `GetRolePolicyCommand`); `target` says what it was about.
 */
export function toAwsError(err: unknown, commandName: string, target?: string): AwsError {
  // Already translated further down (the --assume-role credentials of a client, for one).
  if (err instanceof AwsError) return err;
  const e = err as { name?: string; Code?: string; message?: string };
  const code = e?.Code ?? e?.name ?? 'Error';
  const operation = commandName.replace(/^[\w-]+:/, '').replace(/Command$/, '');
  const action = actionForCommand(commandName);
  const about = target ? ` for ${target}` : '';
  if (deniedCodes.has(code)) {
    const needed = action ?? `the permission for ${operation}`;
    return new AwsError(
      `access denied: iamtrim needs ${needed}${about}; ${ownPermissionsHint} (AWS said: ${oneLine(e?.message ?? code)})`,
      { cause: err },
    );
  }
  const service = action?.split(':')[0] ?? 'aws';
  const general = explainSdkError(err, `${service} ${operation}${about}`);
  if (general) return new AwsError(general, { cause: err });
  return new AwsError(
    `${service} ${operation}${about} failed: ${code}: ${oneLine(e?.message ?? String(err))}`,
    {
      cause: err,
    },
  );
}

/** Runs one AWS call, translating any failure with the command's name (`GetRoleCommand`). */
export async function awsCall<T>(commandName: string, call: () => Promise<T>, target?: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toAwsError(err, commandName, target);
  }
}

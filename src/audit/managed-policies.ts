/**
 * What the audit knows about AWS managed policies by name. Their documents are not in the
 * estate (only customer-managed statements are), so the few facts rules need are written here,
 * each from the policy's page in the AWS Managed Policy Reference
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html).
 */

/** The policy's name from an ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`) or a bare name. */
export function managedPolicyName(ref: string): string | undefined {
  const name = ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
  // IAM policy names: letters, digits and +=,.@-_ ; anything else is an unresolved template value,
  // and so is a Terraform reference (`aws_iam_policy.app.arn`, `data.aws_iam_policy.basic.arn`).
  if (/^(data|module|var|local|aws_\w+)\./.test(name)) return undefined;
  return /^[\w+=,.@-]+$/.test(name) ? name : undefined;
}

/** Whether the reference is to an AWS managed policy (its ARN's account is `aws`, or a bare name). */
export function isAwsManaged(ref: string): boolean {
  return ref.startsWith('arn:')
    ? /^arn:[\w-]+:iam::aws:policy\//.test(ref)
    : managedPolicyName(ref) !== undefined;
}

/** AdministratorAccess, PowerUserAccess, or any AWS `*FullAccess` policy. */
export function isPrivilegedManagedPolicy(ref: string): boolean {
  const name = managedPolicyName(ref);
  if (!name || !isAwsManaged(ref)) return false;
  return name === 'AdministratorAccess' || name === 'PowerUserAccess' || name.endsWith('FullAccess');
}

// Each of these allows logs:CreateLogStream and logs:PutLogEvents on every log group
// (their pages in the AWS Managed Policy Reference; PowerUserAccess by NotAction iam/organizations/account).
const WRITES_LOGS = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaKinesisExecutionRole',
  'AWSLambdaDynamoDBExecutionRole',
  'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaMSKExecutionRole',
  'AWSLambdaExecute',
  'AdministratorAccess',
  'PowerUserAccess',
  'CloudWatchLogsFullAccess',
]);

/**
 * `yes` when the AWS managed policy lets a role write to any log group, `unknown` for any other
 * policy (its document is not in the estate, so a rule must not assume either way).
 */
export function managedPolicyWritesLogs(ref: string): 'yes' | 'unknown' {
  const name = managedPolicyName(ref);
  return name && isAwsManaged(ref) && WRITES_LOGS.has(name) ? 'yes' : 'unknown';
}

// Policies that grant only what Lambda itself uses on the function's behalf (logs, X-Ray, VPC
// network interfaces, event-source pollers): a function with only these calls no other service.
const LAMBDA_OWN = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaKinesisExecutionRole',
  'AWSLambdaDynamoDBExecutionRole',
  'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaMSKExecutionRole',
  'AWSXRayDaemonWriteAccess',
  'AWSXrayWriteOnlyAccess',
]);

/** Whether an AWS managed policy grants only what Lambda itself uses for the function. */
export function isLambdaOwnManagedPolicy(ref: string): boolean {
  const name = managedPolicyName(ref);
  return name !== undefined && isAwsManaged(ref) && LAMBDA_OWN.has(name);
}

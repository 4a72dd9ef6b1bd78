/**
 * Is this role a Lambda execution role, judged from its sessions? Lambda names the session
 * after the function (`assumed-role/<role>/<function>`), so a role whose every session name
 * is a valid function name, and none has the shape other services and tools give theirs
 * (EC2 instance IDs, UUIDs, `botocore-session-…`, e-mail addresses), is taken to be one.
 */
export function isLambdaExecutionRole(sessionNames: readonly string[]): boolean {
  if (sessionNames.length === 0) return false;
  return sessionNames.every((s) => FUNCTION_NAME.test(s) && !NOT_A_FUNCTION.some((re) => re.test(s)));
}

// Lambda function names: letters, digits, hyphens and underscores, 1 to 64 characters.
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

// Session names that other callers use; none of them is what Lambda would write.
const NOT_A_FUNCTION: readonly RegExp[] = [
  /^i-[0-9a-f]{8,17}$/i, // EC2 instance profile (logs that mask IDs change their case)
  /^[0-9a-f]{32}$/, // ECS tasks
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUIDs (SDKs, Step Functions)
  /^botocore-session-\d+$/,
  /^aws-(go|sdk-java|sdk-js)-/i,
  /^AWSCodeBuild-/,
  /^GitHubActions$/i,
  /^\d+$/, // numeric (SDK default timestamps)
];

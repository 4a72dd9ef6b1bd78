import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { AwsError } from '../../errors/iamtrim-error.js';
import type { AccountAuthorization } from '../../model/account-role.js';
import type {
  AuditEstate,
  AuditFunction,
  AuditInvokePermission,
  AuditLogGroup,
} from '../../model/audit-estate.js';
import type { DeployedFunction } from '../../model/role-functions.js';
import type { AwsClientConfig } from '../aws-config.js';
import { listFunctions } from '../list-functions.js';
import { readEventSourceArns } from './read-event-source-arns.js';
import { readFunctionUrl } from './read-function-url.js';
import { readInvokePermissions } from './read-invoke-permissions.js';
import { LAMBDA_LOG_GROUP_PREFIX, readLogGroups } from './read-log-groups.js';
import { toAuditRoles } from './to-audit-roles.js';
import { sdk } from '../../sdk/require-sdk.js';

/** What the live read needs: a client per region for each service, and the account's roles. */
export interface LiveEstateSources {
  readonly lambda: (region: string) => LambdaClient;
  readonly logs: (region: string) => CloudWatchLogsClient;
  /** From `readAccountAuthorization` (live) or `readAccountAuthorizationFile` (`--account-authorization FILE`). */
  readonly authorization: AccountAuthorization;
}

/**
 * The default clients: one per region and service, with iamtrim's shared settings
 * (credentials, six attempts, adaptive retry, so throttling is ridden out by the SDK).
 */
export async function createLiveEstateClients(
  config: Partial<AwsClientConfig>,
): Promise<Pick<LiveEstateSources, 'lambda' | 'logs'>> {
  const { LambdaClient } = sdk('@aws-sdk/client-lambda');
  const { CloudWatchLogsClient } = sdk('@aws-sdk/client-cloudwatch-logs');
  return {
    lambda: (region) => new LambdaClient({ ...config, region }),
    logs: (region) => new CloudWatchLogsClient({ ...config, region }),
  };
}

/**
 * The live account as an `AuditEstate`: every function of each region (ListFunctions) with its
 * tracing, custom log group, resource-based policy (GetPolicy), URL (GetFunctionUrlConfig) and
 * event source mappings; the roles they run as, from the authorization; and the functions' log groups
 * (DescribeLogGroups), default or custom, that exist. Calls run one at a time: these are control-plane
 * APIs with low rate limits shared with the account's deployments.
 *
 * What cannot be read is in `skipped` with why, and the rest is still read: a region whose
 * listing fails (not enabled, an SCP) is `region <name>`; a function part that is denied
 * (`<function ARN> resource-based policy`) leaves the function in the estate with that part
 * empty. When no region can be listed the answer would read "no functions", so that throws.
 */
export async function readLiveEstate(
  sources: LiveEstateSources,
  regions: readonly string[],
): Promise<AuditEstate> {
  const failed: { region: string; error: AwsError }[] = [];
  const listed = await listFunctions(regions, {}, sources.lambda, {
    onRegionError: (region, error) => failed.push({ region, error }),
  });
  if (regions.length > 0 && failed.length === regions.length) throw allRegionsFailed(failed);

  const skipped: { what: string; reason: string }[] = failed.map((f) => ({
    what: `region ${f.region}`,
    reason: f.error.message,
  }));
  const functions: AuditFunction[] = [];
  const logGroups: AuditLogGroup[] = [];
  const subjects: string[] = [];
  const roleArns = new Set(sources.authorization.roles.map((r) => r.arn));
  const account = accountOf(listed.map((f) => f.functionArn)) ?? accountOf([...roleArns]) ?? 'unknown';

  for (const region of regions) {
    if (failed.some((f) => f.region === region)) continue;
    subjects.push(`aws://${account}/${region}`);
    const inRegion = listed.filter((f) => f.region === region);
    if (inRegion.length === 0) continue;
    const lambda = sources.lambda(region);
    const mappings = await readEventSourceArns(lambda, region);
    if (mappings.kind === 'skipped')
      skipped.push({ what: `event source mappings in ${region}`, reason: mappings.reason });
    const mapped = mappings.kind === 'read' ? mappings.value : new Map<string, string[]>();
    for (const f of inRegion)
      functions.push(await readFunction(lambda, f, mapped.get(f.functionArn) ?? [], roleArns, skipped));
    const arn = inRegion[0]!.functionArn.split(':');
    const groups = await readLogGroups(
      sources.logs(region),
      region,
      inRegion.map((f) => customLogGroupOf(f) ?? `${LAMBDA_LOG_GROUP_PREFIX}${f.functionName}`),
      `arn:${arn[1]}:logs:${region}:${arn[4]}:log-group:`,
    );
    if (groups.kind === 'read') logGroups.push(...groups.value);
    else skipped.push({ what: `log groups in ${region}`, reason: groups.reason });
  }

  const roles = toAuditRoles(
    sources.authorization,
    listed.map((f) => f.roleArn).filter((a) => roleArns.has(a)),
  );
  for (const f of functions)
    if (f.roleText !== undefined)
      skipped.push({ what: f.roleText, reason: `role not found in ${sources.authorization.source}` });
  skipped.push(...roles.skipped);
  return { subjects, functions, roles: roles.roles, logGroups, skipped: dedupe(skipped) };
}

async function readFunction(
  lambda: LambdaClient,
  f: DeployedFunction,
  eventSources: readonly string[],
  roleArns: ReadonlySet<string>,
  skipped: { what: string; reason: string }[],
): Promise<AuditFunction> {
  const policy = await readInvokePermissions(lambda, f.functionArn, f.functionName);
  const url = await readFunctionUrl(lambda, f.functionArn, f.functionName);
  if (policy.kind === 'skipped')
    skipped.push({ what: `${f.functionArn} resource-based policy`, reason: policy.reason });
  if (url.kind === 'skipped') skipped.push({ what: `${f.functionArn} function URL`, reason: url.reason });
  const permissions = policy.kind === 'read' ? policy.value : [];
  const custom = customLogGroupOf(f);
  return {
    id: f.functionArn,
    name: f.functionName,
    place: { kind: 'resource', arn: f.functionArn },
    ...(roleArns.has(f.roleArn) ? { role: f.roleArn } : { roleText: f.roleArn }),
    ...(f.tracingMode !== undefined ? { tracing: f.tracingMode } : {}),
    ...(custom !== undefined ? { customLogGroup: custom } : {}),
    permissions,
    ...(url.kind === 'read' && url.value ? { url: url.value } : {}),
    invokers: invokersOf(permissions, eventSources),
  };
}

/**
 * ListFunctions reports the default group too; only a group other than `/aws/lambda/<name>`
 * is custom (a role's log grant for the default group does not cover it).
 */
function customLogGroupOf(f: DeployedFunction): string | undefined {
  return f.logGroup !== undefined && f.logGroup !== `${LAMBDA_LOG_GROUP_PREFIX}${f.functionName}`
    ? f.logGroup
    : undefined;
}

/**
 * Who is configured to invoke: the service principals the policy lets in, with their
 * SourceArn, and the event source mappings' sources. Accounts and `*` are permissions, not
 * configured triggers, so they are not listed here.
 */
function invokersOf(
  permissions: readonly AuditInvokePermission[],
  eventSources: readonly string[],
): string[] {
  const out = new Set(eventSources);
  for (const p of permissions) {
    if (!p.principal.endsWith('.amazonaws.com')) continue;
    out.add(p.principal);
    if (p.sourceArn !== undefined) out.add(p.sourceArn);
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function accountOf(arns: readonly string[]): string | undefined {
  for (const arn of arns) {
    const account = arn.split(':')[4];
    if (account) return account;
  }
  return undefined;
}

function dedupe(list: readonly { what: string; reason: string }[]): { what: string; reason: string }[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = `${s.what}\n${s.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every region failed: one error with each region's reason, as `roles` reports it. */
function allRegionsFailed(failed: readonly { region: string; error: AwsError }[]): AwsError {
  if (failed.length === 1) return failed[0]!.error;
  const lines = failed.map((f) => `  ${f.region}: ${f.error.message}`);
  return new AwsError(
    `no region could be listed (${failed.length} of ${failed.length} failed), so no function is known:\n${lines.join('\n')}`,
  );
}

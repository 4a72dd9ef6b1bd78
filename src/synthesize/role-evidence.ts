import type { LambdaNeed } from '../catalog/lambda-needs.js';
import type { InputCoverage } from '../coverage/input-coverage.js';
import type { LastAccessedEvidence } from '../coverage/last-accessed.js';
import { isLambdaExecutionRole } from './lambda-role.js';
import { roleMatches } from '../normalize/principal.js';
import type { ActionReport, DeniedReport } from '../usage/usage-report.js';
import type { UsageReport } from '../usage/usage-report.js';
import type { RequiredPermission } from '../model/required-permission.js';

// Re-exported so importers of the old home keep working.
export type { RequiredPermission } from '../model/required-permission.js';

/** Everything known about one role: what it used, what it was refused, and the coverage. */
export interface RoleEvidence {
  readonly roleArn: string;
  readonly functions: readonly string[];
  /** Successful use, keyed by lower-case action. */
  readonly used: ReadonlyMap<string, ActionReport>;
  readonly denied: readonly DeniedReport[];
  /** What Lambda needs on the functions' behalf (kept whether or not it was seen). */
  readonly required: readonly RequiredPermission[];
  /** True when the sessions say this is a Lambda execution role. */
  readonly lambdaRole: boolean;
  /**
   * What Lambda may need through the role while the configuration of some of its functions
   * is unknown: kept as granted, never narrowed. Empty when every function's configuration
   * was given (then `required` says exactly what is needed).
   */
  readonly lambdaNeeds: readonly LambdaNeed[];
  /** Functions seen in the evidence whose configuration was not given. */
  readonly unconfiguredFunctions: readonly string[];
  readonly coverage: InputCoverage;
  /** IAM last-accessed for the role, when known: a second witness (see last-accessed-verdict). */
  readonly lastAccessed?: LastAccessedEvidence;
}

/**
 * Picks one role out of a usage report (by ARN or by name). Returns undefined when the
 * role made no recorded call; the caller decides whether that is an error.
 */
export function roleEvidence(
  report: UsageReport,
  role: string,
  coverage: InputCoverage,
  required: readonly RequiredPermission[] = [],
  possibleNeeds: readonly LambdaNeed[] = [],
  lastAccessed?: LastAccessedEvidence,
): RoleEvidence | undefined {
  const principal = report.principals.find((p) => p.type === 'role' && roleMatches(role, p.arn));
  if (!principal) return undefined;
  const configured = new Set(required.flatMap((r) => r.functions));
  // A role named for Lambda counts too: it only ever keeps more (its needs), never less.
  const lambdaRole =
    isLambdaExecutionRole(principal.functions) ||
    configured.size > 0 ||
    /lambda/i.test(principal.arn.slice(principal.arn.indexOf(':role/') + 6));
  const unconfigured = lambdaRole ? principal.functions.filter((f) => !configured.has(f)) : [];
  return {
    roleArn: principal.arn,
    functions: principal.functions,
    used: new Map(principal.actions.map((a) => [a.action.toLowerCase(), a])),
    denied: principal.denied,
    required,
    lambdaRole,
    // Configuration for every function says exactly what Lambda needs; until then, all of it may be.
    lambdaNeeds: lambdaRole && (unconfigured.length > 0 || configured.size === 0) ? possibleNeeds : [],
    unconfiguredFunctions: unconfigured,
    coverage,
    ...(lastAccessed ? { lastAccessed } : {}),
  };
}

/** Partition, account and region for representative ARNs in the proof: the role's own where known. */
export function sampleContext(evidence: RoleEvidence): {
  partition: string;
  region: string;
  account: string;
} {
  const parts = evidence.roleArn.split(':');
  return {
    partition: parts[1] ?? 'aws',
    account: parts[4] ?? '123456789012',
    region: evidence.coverage.regions.find((r) => r !== 'unknown') ?? 'us-east-1',
  };
}

/**
 * The evidence with more of Lambda's needs known (from a template or configuration files):
 * functions they cover count as configured, and once every function seen is, only the
 * configured needs remain.
 */
export function withRequirements(evidence: RoleEvidence, more: readonly RequiredPermission[]): RoleEvidence {
  if (more.length === 0) return evidence;
  const required = [...evidence.required, ...more];
  const configured = new Set(required.flatMap((r) => r.functions));
  const unconfigured = evidence.unconfiguredFunctions.filter((f) => !configured.has(f));
  return {
    ...evidence,
    required,
    lambdaRole: true,
    unconfiguredFunctions: unconfigured,
    lambdaNeeds: unconfigured.length === 0 ? [] : evidence.lambdaNeeds,
  };
}

const needsByAction = new WeakMap<RoleEvidence, ReadonlyMap<string, LambdaNeed>>();

/**
 * What Lambda may need this action for, when it is one of the role's possible needs. Looked
 * up for every granted action (thousands under `*`), so the index is built once per evidence.
 */
export function lambdaNeedFor(evidence: RoleEvidence, action: string): LambdaNeed | undefined {
  let index = needsByAction.get(evidence);
  if (!index) {
    index = new Map(evidence.lambdaNeeds.map((n) => [n.action.toLowerCase(), n]));
    needsByAction.set(evidence, index);
  }
  return index.get(action.toLowerCase());
}

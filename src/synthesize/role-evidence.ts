import type { InputCoverage } from '../coverage/input-coverage.js';
import type { LastAccessedEvidence } from '../coverage/last-accessed.js';
import { roleMatches } from '../normalize/principal.js';
import type { ActionReport, DeniedReport } from '../usage/usage-report.js';
import type { UsageReport } from '../usage/usage-report.js';

/**
 * A permission the Lambda service needs through the role, derived from the function's
 * configuration rather than observed (log writes, VPC interfaces, event-source pollers).
 */
export interface RequiredPermission {
  readonly action: string;
  /** ARNs it is needed on; `*` for actions that take no resource. */
  readonly resources: readonly string[];
  readonly reason: string;
  readonly functions: readonly string[];
}

/** Everything known about one role: what it used, what it was refused, and the coverage. */
export interface RoleEvidence {
  readonly roleArn: string;
  readonly functions: readonly string[];
  /** Successful use, keyed by lower-case action. */
  readonly used: ReadonlyMap<string, ActionReport>;
  readonly denied: readonly DeniedReport[];
  /** What Lambda needs on the functions' behalf (kept whether or not it was seen). */
  readonly required: readonly RequiredPermission[];
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
  lastAccessed?: LastAccessedEvidence,
): RoleEvidence | undefined {
  const principal = report.principals.find((p) => p.type === 'role' && roleMatches(role, p.arn));
  if (!principal) return undefined;
  return {
    roleArn: principal.arn,
    functions: principal.functions,
    used: new Map(principal.actions.map((a) => [a.action.toLowerCase(), a])),
    denied: principal.denied,
    required,
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

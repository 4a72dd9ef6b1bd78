import { roleMatches } from '../normalize/principal.js';
import type { ActionReport, DeniedReport, UsageReport } from '../usage/usage-report.js';

/** What the evidence covers, consulted before calling anything unused. */
export interface EvidenceCoverage {
  /** IAM prefixes for which the input holds data events (so their data events were logged). */
  readonly dataEventServices: ReadonlySet<string>;
  readonly window: { readonly from: string | null; readonly to: string | null };
  readonly days: number;
  readonly events: number;
  readonly regions: readonly string[];
}

/** Everything known about one role: what it used, what it was refused, and the coverage. */
export interface RoleEvidence {
  readonly roleArn: string;
  readonly functions: readonly string[];
  /** Successful use, keyed by lower-case action. */
  readonly used: ReadonlyMap<string, ActionReport>;
  readonly denied: readonly DeniedReport[];
  readonly coverage: EvidenceCoverage;
}

const DATA_SOURCE_PREFIX: Readonly<Record<string, string>> = { 'streams.dynamodb.amazonaws.com': 'dynamodb' };

/**
 * Picks one role out of a usage report (by ARN or by name). Returns undefined when the
 * role made no recorded call; the caller decides whether that is an error.
 */
export function roleEvidence(report: UsageReport, role: string): RoleEvidence | undefined {
  const principal = report.principals.find((p) => p.type === 'role' && roleMatches(role, p.arn));
  const coverage = coverageOf(report);
  if (!principal) return undefined;
  return {
    roleArn: principal.arn,
    functions: principal.functions,
    used: new Map(principal.actions.map((a) => [a.action.toLowerCase(), a])),
    denied: principal.denied,
    coverage,
  };
}

export function coverageOf(report: UsageReport): EvidenceCoverage {
  const dataEventServices = new Set(
    report.stats.dataEventSources.map((s) => DATA_SOURCE_PREFIX[s] ?? s.slice(0, s.indexOf('.'))),
  );
  return {
    dataEventServices,
    window: report.stats.window,
    days: report.stats.days,
    events: report.stats.events,
    regions: report.stats.regions,
  };
}

import type { Finding } from './finding.js';

/** The version of `drift --format json` (schema: `schema/drift-report.schema.json`). */
export const DRIFT_REPORT_VERSION = 1;

/** The kinds of drift finding, each a SARIF rule. */
export const DRIFT_FINDING_KINDS = [
  'policy-widened',
  'policy-narrowed',
  'new-action-used',
  'grant-became-unused',
  'grant-unused',
  'denied-new',
  'role-shared',
  'coverage-gap',
] as const;
export type DriftFindingKind = (typeof DRIFT_FINDING_KINDS)[number];

/**
 * What `drift` reports: the window, what the evidence covered, one summary per role, and the
 * findings (their `rule` is a `DriftFindingKind`). Sorted and free of run-dependent noise
 * (no durations, no temporary paths) so two runs' JSON diff cleanly.
 */
export interface DriftReport {
  readonly version: typeof DRIFT_REPORT_VERSION;
  /** ISO-8601 time of this run. */
  readonly runAt: string;
  /** The run this one is compared with; absent on the first run, which sets the baseline. */
  readonly previousRunAt?: string;
  readonly window: { readonly days: number; readonly from: string; readonly to: string };
  readonly evidence: DriftEvidence;
  readonly roles: readonly RoleDriftSummary[];
  /** Sorted by severity (high first), then role, kind, function, action. */
  readonly findings: readonly Finding[];
}

/** What the evidence behind the report was. */
export interface DriftEvidence {
  /** One line per source, with what this run read from it (e.g. `./logs (3 new file(s))`). */
  readonly sources: readonly string[];
  /** Log files (or objects, or queries) read in this run: only what is newer than the checkpoints. */
  readonly newInputs: number;
  readonly daysWithLogs: number;
  /** Days of the window (`YYYY-MM-DD`) without a single record. */
  readonly daysMissing: readonly string[];
  readonly regions: readonly string[];
  /** Inputs that could not be used, each with why. */
  readonly skipped: readonly { readonly file: string; readonly reason: string; readonly records: number }[];
}

/** One line per role: what it is granted, what it used, what could go, and the change since the last run. */
export interface RoleDriftSummary {
  readonly role: string;
  readonly functions: readonly string[];
  /** Granted actions (catalog-expanded); null for a role seen only in the evidence, whose policies are unknown. */
  readonly granted: number | null;
  readonly used: number;
  /** Null when a coverage gap suppresses every unused claim about the role. */
  readonly removable: number | null;
  /** Differences from the previous run's summary (this run minus that one); absent on the first run or for a new role. */
  readonly change?: {
    readonly granted: number | null;
    readonly used: number;
    readonly removable: number | null;
  };
}

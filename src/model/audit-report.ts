import type { Finding, FindingLocation, FindingSeverity } from './finding.js';

/** The version of the audit report's JSON shape; raise it when a reader of the old one would misread the new. */
export const AUDIT_REPORT_VERSION = 1;

/**
 * What `audit` found over one estate: every rule's tally, the open findings, the suppressed
 * ones (kept and counted, never dropped), the rules that failed to run, and what could not be
 * read. Sorted throughout, so equal inputs give equal reports.
 */
export interface AuditReport {
  readonly version: typeof AUDIT_REPORT_VERSION;
  /** What was read: template paths as given, or `aws://<account>/<region>`. */
  readonly subjects: readonly string[];
  /** The rules that ran, in the pack's order, with their metadata for renderers (SARIF `help`). */
  readonly rules: readonly AuditRuleSummary[];
  /** Open findings, sorted by severity (high first), rule, then subject. */
  readonly findings: readonly AuditFinding[];
  /** Findings a template suppression or the baseline accepted. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Subjects a rule could not judge, each with why (an unresolved value, no evidence). */
  readonly notApplicable: readonly AuditNotApplicable[];
  /** Rules that threw: reported, never fatal to the run. */
  readonly errors: readonly AuditRuleError[];
  /** Files, resources or calls the estate could not read, each with why. */
  readonly skipped: readonly { readonly what: string; readonly reason: string }[];
}

/** A finding with the fingerprint that baselines and SARIF `partialFingerprints` use. */
export interface AuditFinding extends Finding {
  /**
   * Hash of the rule and the subject (role/function id, policy, statement, action, resource):
   * stable across runs and line moves, so a baseline still matches after an unrelated edit.
   */
  readonly fingerprint: string;
}

/** One rule's tally over the estate. */
export interface AuditRuleSummary {
  readonly id: string;
  readonly title: string;
  readonly severity: FindingSeverity;
  /** Why the rule matters (Markdown-free prose). */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Matching checks of other scanners. */
  readonly references: readonly AuditRuleReference[];
  /** Subjects it judged compliant. */
  readonly compliant: number;
  /** Subjects it could not judge. */
  readonly notApplicable: number;
  /** Open findings. */
  readonly findings: number;
  /** Findings suppressed by the template or the baseline. */
  readonly suppressed: number;
}

/** A check of another scanner that looks at the same thing. */
export interface AuditRuleReference {
  readonly scanner: 'checkov' | 'prowler' | 'security-hub' | 'cfn-nag' | 'cdk-nag' | 'cloudsplaining';
  readonly id: string;
}

/** A finding that was accepted, and by what. */
export interface SuppressedFinding {
  readonly finding: AuditFinding;
  readonly by:
    | { readonly kind: 'template'; readonly reason?: string; readonly place: FindingLocation }
    | { readonly kind: 'baseline' };
}

/** A subject a rule could not judge. */
export interface AuditNotApplicable {
  readonly rule: string;
  /** `function:<id>`, `role:<id>` or `log-group:<name>`. */
  readonly subject: string;
  readonly reason: string;
}

/** A rule that threw instead of answering. */
export interface AuditRuleError {
  readonly rule: string;
  readonly message: string;
}

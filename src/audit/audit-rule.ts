import type { Catalog } from '../catalog/catalog.js';
import type { AuditEstate } from '../model/audit-estate.js';
import type { AuditRuleReference } from '../model/audit-report.js';
import type { FindingEvidence, FindingLocation } from '../model/finding.js';
import type { UsageReport } from '../usage/usage-report.js';

/**
 * One audit check: a pure function of the estate (and the optional evidence) that answers,
 * for every subject it looks at, compliant, not applicable (with why) or one or more findings.
 * Severity is not the rule's: the pack (`lambda-checklist.ts`) owns it.
 */
export interface AuditRule {
  /** Kebab-case, stable: suppressions, baselines and SARIF name rules by it. */
  readonly id: string;
  readonly title: string;
  readonly rationale: string;
  readonly fix: string;
  /** The matching checks of other scanners (each checked against that scanner's source). */
  readonly references: readonly AuditRuleReference[];
  check(estate: AuditEstate, context: AuditContext): readonly RuleOutcome[];
}

/** What a rule may read besides the estate. Everything is passed in; nothing is loaded. */
export interface AuditContext {
  /** The action catalog (access levels, expansions of `s3:*`). */
  readonly catalog: Pick<Catalog, 'actions'>;
  /** CloudTrail evidence, when the caller has it. */
  readonly usage?: UsageReport;
  /**
   * Per role, the grants `iamtrim suggest` would remove (computed by the caller, which owns the
   * suggest run). Absent: the least-privilege rule has nothing to judge.
   */
  readonly removable?: readonly RemovableGrants[];
}

/** What the evidence proves unused for one role. */
export interface RemovableGrants {
  /** The role's `AuditRole.id` or ARN. */
  readonly role: string;
  /** Actions (as written in the policy) that suggest would remove. */
  readonly actions: readonly string[];
  /** One line on the evidence behind it (window, trails), for the finding's evidence. */
  readonly detail?: string;
}

/** What a rule outcome is about. */
export interface AuditSubject {
  readonly kind: 'function' | 'role' | 'log-group';
  /** `AuditFunction.id`, `AuditRole.id` (or a role ARN shared by functions), or the log group name. */
  readonly id: string;
}

/** One answer of a rule for one subject. */
export type RuleOutcome =
  | { readonly kind: 'compliant'; readonly subject: AuditSubject }
  | { readonly kind: 'not-applicable'; readonly subject: AuditSubject; readonly reason: string }
  | RuleFinding;

/** A rule's finding, before the pack gives it a severity and a fingerprint. */
export interface RuleFinding {
  readonly kind: 'finding';
  readonly subject: AuditSubject;
  readonly message: string;
  readonly evidence: readonly FindingEvidence[];
  /** Narrows the subject: the policy, statement, action or resource the finding is about. */
  readonly detail?: {
    readonly policy?: string;
    readonly statement?: string | number;
    readonly action?: string;
    readonly resource?: string;
  };
  /** Where to fix it; defaults to the subject's place. */
  readonly location?: FindingLocation;
}

/** Shorthands for rules. */
export const compliant = (subject: AuditSubject): RuleOutcome => ({ kind: 'compliant', subject });
export const notApplicable = (subject: AuditSubject, reason: string): RuleOutcome => ({
  kind: 'not-applicable',
  subject,
  reason,
});
export const functionSubject = (id: string): AuditSubject => ({ kind: 'function', id });
export const roleSubject = (id: string): AuditSubject => ({ kind: 'role', id });

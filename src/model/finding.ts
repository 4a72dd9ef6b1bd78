/**
 * One result of an audit or a drift check, in a shape every renderer (text, Markdown, SARIF,
 * HTML) can show without knowing which check produced it.
 */
export interface Finding {
  /**
   * Stable id of the check that produced it (kebab-case): a drift finding's kind (e.g.
   * `policy-widened`) or an audit rule's id. SARIF's ruleId.
   */
  readonly rule: string;
  readonly severity: FindingSeverity;
  /** What the finding is about. */
  readonly subject: FindingSubject;
  /** Where to look or fix it; absent when the subject has no place (e.g. a role seen only live). */
  readonly location?: FindingLocation;
  /** One line for humans; input text in it is escaped by the renderer, not here. */
  readonly message: string;
  /** Why the check concluded what it did; a finding without evidence is an opinion. */
  readonly evidence: readonly FindingEvidence[];
}

/**
 * How much a finding matters. `--fail-on low|medium|high` compares against it; SARIF gets a
 * level and a `security-severity` from it (`FINDING_SEVERITY_SCORE`).
 */
export type FindingSeverity = 'high' | 'medium' | 'low';

/** Lowest first, for `--fail-on` comparisons and sorting. */
export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['low', 'medium', 'high'];

/** SARIF `security-severity` (GitHub: ≥ 7 high, ≥ 4 medium, else low). */
export const FINDING_SEVERITY_SCORE: Readonly<Record<FindingSeverity, string>> = {
  high: '8.0',
  medium: '5.0',
  low: '2.0',
};

/** The IAM thing a finding is about, from the role down to one action on one resource. */
export interface FindingSubject {
  /** Role ARN (or name when no ARN is known). */
  readonly role: string;
  /** The Lambda function (session name), when the finding is about one. */
  readonly function?: string;
  /** Policy name (inline) or ARN (managed), when the finding is about one policy. */
  readonly policy?: string;
  /** Statement Sid, or its 0-based index when it has none. */
  readonly statement?: string | number;
  /** IAM action, as written in the policy or as used. */
  readonly action?: string;
  /** Resource ARN (or pattern), when the finding is about one. */
  readonly resource?: string;
}

/** Where a finding points: a place in a file (template, policy file), or a live resource. */
export type FindingLocation =
  | {
      readonly kind: 'file';
      /** The path as the user gave it. */
      readonly file: string;
      /** 1-based, when known. */
      readonly line?: number;
      /** 1-based, when known. */
      readonly column?: number;
    }
  | { readonly kind: 'resource'; readonly arn: string };

/** One piece of evidence behind a finding: where it comes from, and what it says. */
export interface FindingEvidence {
  /** E.g. `cloudtrail`, `last-accessed`, `template`, `live-policy`, `coverage`, `snapshot`. */
  readonly source: string;
  readonly detail: string;
  /** How many calls (or days, or actions) the detail counts. */
  readonly count?: number;
  /** ISO-8601 times of the first and last call behind it. */
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** The CloudTrail event that caused it (`eventID`), when one did. */
  readonly eventId?: string;
  /** Who made that call: the caller's ARN (role ARN plus session name for assumed roles). */
  readonly actor?: string;
}

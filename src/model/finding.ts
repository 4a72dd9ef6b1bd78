/**
 * One result of an audit or a drift check, in a shape every renderer (text, Markdown, SARIF,
 * HTML) can show without knowing which check produced it. Nothing produces findings yet;
 * the audit and drift checks will.
 */
export interface Finding {
  /** Stable id of the check that produced it (kebab-case, e.g. `unused-action`); SARIF's ruleId. */
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

/** How much a finding matters; the three levels SARIF knows. */
export type FindingSeverity = 'error' | 'warning' | 'note';

/** The IAM thing a finding is about, from the role down to one action in one statement. */
export interface FindingSubject {
  /** Role ARN or name. */
  readonly role: string;
  /** Policy name (inline) or ARN (managed), when the finding is about one policy. */
  readonly policy?: string;
  /** Statement Sid, or its 0-based index when it has none. */
  readonly statement?: string | number;
  /** IAM action, as written in the policy. */
  readonly action?: string;
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
  /** E.g. `cloudtrail`, `last-accessed`, `template`, `live-policy`, `coverage`. */
  readonly source: string;
  readonly detail: string;
}

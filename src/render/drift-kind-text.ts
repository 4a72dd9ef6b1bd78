import { ownValue } from '../catalog/own-value.js';
import type { DriftFindingKind } from '../model/drift-report.js';
import type { FindingSeverity } from '../model/finding.js';

/** What a reader is told about one kind of drift finding, wherever it is shown. */
export interface DriftKindText {
  /** A short name: a Markdown heading word, SARIF's rule `name` and `shortDescription`. */
  readonly title: string;
  /** What the finding means and why it matters (SARIF `fullDescription`). */
  readonly description: string;
  /** What to do about it (SARIF `help`). */
  readonly fix: string;
  /**
   * The severity its findings usually have (SARIF `defaultConfiguration`); each finding
   * carries its own, which may differ (a new write action weighs more than a new read).
   */
  readonly severity: FindingSeverity;
}

/**
 * The texts of every drift finding kind, used by the Markdown and SARIF renderers so both say
 * the same thing. Plain text without Markdown syntax: each renderer writes it as its own format.
 */
export const DRIFT_KIND_TEXT: Readonly<Record<DriftFindingKind, DriftKindText>> = {
  'policy-widened': {
    severity: 'high',
    title: 'Policy widened',
    description:
      'The role is granted more than at the last run: a policy was added or attached, or a statement allows more actions or resources. The evidence names who changed it and when, from the IAM events in the same logs.',
    fix: 'Check that the change was intended and reviewed. If it was not, revert it and find out how the caller could change the role; if it was, the next run takes it as the new baseline.',
  },
  'policy-narrowed': {
    severity: 'low',
    title: 'Policy narrowed',
    description:
      'The role is granted less than at the last run: a policy was removed or detached, or a statement allows fewer actions or resources.',
    fix: 'Usually good news. Check that no function needs what went away: a denied-new finding for the same role points at a grant removed too far.',
  },
  'new-action-used': {
    severity: 'low',
    title: 'New action used',
    description:
      'A function used an action (or a resource) it had not used before in the window. The role allowed it, so nothing failed, but the function now does something it did not do before.',
    fix: 'Check that the new behaviour comes from a deployment you expect. If it does not, look at the event and at who deployed the function.',
  },
  'grant-became-unused': {
    severity: 'low',
    title: 'Grant became unused',
    description:
      'An action the role used before in the window has had no recorded use for the whole window, and the logs would have recorded it.',
    fix: 'Remove the grant (iamtrim suggest or patch writes the change), or, if it is only needed rarely, widen the window.',
  },
  'grant-unused': {
    severity: 'medium',
    title: 'Grant unused',
    description:
      'What iamtrim suggest would remove today: granted, never used in the window, and a use would have been recorded. The count and its trend since the last run are in the evidence.',
    fix: 'Run iamtrim suggest or patch for the role and review the change; every removal carries its evidence.',
  },
  'denied-new': {
    severity: 'medium',
    title: 'Call denied for the first time',
    description:
      'An authorization failure not seen before: a function misses a permission it now needs, or someone is probing what the role may do.',
    fix: 'If a function needs the permission, grant it for the resources it uses. If no function made the call, treat it as a sign the role is being misused.',
  },
  'role-shared': {
    severity: 'medium',
    title: 'Role shared by another function',
    description:
      'A role gained a second (or further) function. Every function using it gets the union of their permissions, so each has more than it needs.',
    fix: 'Give each function its own role, so that each can be tightened to what it uses.',
  },
  'coverage-gap': {
    severity: 'medium',
    title: 'Gap in the evidence',
    description:
      'The evidence does not cover the whole window: days without logs, a region that stopped delivering, trail selectors that changed, or a role younger than the window. Every unused claim the gap touches is suppressed, and says so.',
    fix: 'Check the trail: that it is logging, delivers from every region, and selects the data events the roles use. Unused claims come back once the window is covered again.',
  },
};

/** The text of a finding's rule: its kind's text, or a neutral one for a rule drift does not know. */
export function textOfRule(rule: string): DriftKindText {
  // Own-key lookup: a rule id could come from a state file written by someone else.
  return (
    ownValue<DriftKindText>(DRIFT_KIND_TEXT, rule) ?? {
      title: rule,
      description: rule,
      fix: 'See the finding’s message and evidence.',
      severity: 'medium',
    }
  );
}

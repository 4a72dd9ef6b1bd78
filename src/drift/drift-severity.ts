import type { DriftFindingKind } from '../model/drift-report.js';
import type { FindingSeverity } from '../model/finding.js';

/**
 * The default severity of each drift finding kind, in one place. Two kinds refine it from
 * their evidence: `new-action-used` (see `severityOfNewAction`) and `denied-new` (see
 * `severityOfDenied`).
 */
export const DRIFT_SEVERITY: Readonly<Record<DriftFindingKind, FindingSeverity>> = {
  'policy-widened': 'high',
  'policy-narrowed': 'low',
  'new-action-used': 'low',
  'grant-became-unused': 'low',
  'grant-unused': 'medium',
  'denied-new': 'medium',
  'role-shared': 'medium',
  'coverage-gap': 'medium',
};

/** Access levels whose first use changes something (the catalog's `accessLevel`). */
const CHANGING_ACCESS_LEVELS: ReadonlySet<string> = new Set(['write', 'permissions management', 'tagging']);

/**
 * A function that starts writing, tagging or changing permissions matters more than one that
 * starts reading: medium for Write / Permissions management / Tagging, low otherwise (and
 * low for an action the catalog does not know).
 */
export function severityOfNewAction(accessLevel: string | undefined): FindingSeverity {
  return accessLevel !== undefined && CHANGING_ACCESS_LEVELS.has(accessLevel.toLowerCase())
    ? 'medium'
    : DRIFT_SEVERITY['new-action-used'];
}

/** Services whose refused calls look like someone reaching for more identity or credentials. */
const IDENTITY_SERVICES: ReadonlySet<string> = new Set(['iam', 'sts', 'organizations']);

/**
 * A first refusal is medium (a missing permission, most often); high when the refused
 * action is an identity one (`iam:*`, `sts:*`, `organizations:*`), which a Lambda function
 * rarely needs and an intruder tries first.
 */
export function severityOfDenied(action: string): FindingSeverity {
  const service = action.slice(0, Math.max(action.indexOf(':'), 0)).toLowerCase();
  return IDENTITY_SERVICES.has(service) ? 'high' : DRIFT_SEVERITY['denied-new'];
}

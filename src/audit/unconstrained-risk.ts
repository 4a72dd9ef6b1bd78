import type { AuditEstate, AuditStatement } from '../model/audit-estate.js';
import type { FindingEvidence } from '../model/finding.js';
import type { AuditContext, RuleOutcome } from './audit-rule.js';
import { compliant, notApplicable, roleSubject } from './audit-rule.js';
import { isExecutionRole } from './estate-index.js';
import { listSome } from './list-some.js';
import {
  isUnconstrained,
  statementId,
  unconstrainedGrants,
  unresolvedActions,
  type UnconstrainedGrant,
} from './statement-grants.js';

/** What one risk category found in one role's unconstrained grants. */
export interface RiskHit {
  /** The category's names for what it found: actions, or escalation methods. */
  readonly items: readonly string[];
  /** One evidence line per item. */
  readonly evidence: readonly FindingEvidence[];
  /** The statements that grant it (the first is the finding's location). */
  readonly statements: readonly AuditStatement[];
}

/**
 * The shared walk of the cloudsplaining-style rules: for each execution role, its grants on every
 * resource (`unconstrainedGrants`), handed to `pick`; one finding per role listing all it found,
 * so `Action: "*"` gives one finding per category rather than one per escalation method.
 */
export function checkUnconstrainedRisk(
  estate: AuditEstate,
  context: AuditContext,
  noun: string,
  pick: (grants: ReadonlyMap<string, UnconstrainedGrant>) => RiskHit | undefined,
): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  for (const role of estate.roles) {
    const subject = roleSubject(role.id);
    if (!isExecutionRole(estate, role)) {
      out.push(notApplicable(subject, 'not a Lambda execution role'));
      continue;
    }
    const hit = pick(unconstrainedGrants(role, context.catalog.actions));
    if (hit && hit.items.length) {
      const first = hit.statements[0];
      out.push({
        kind: 'finding',
        subject,
        message: `the role allows ${noun} without resource constraints: ${listSome(hit.items)}`,
        evidence: hit.evidence,
        ...(first
          ? { detail: { policy: first.policy, statement: statementId(first) }, location: first.place }
          : {}),
      });
      continue;
    }
    const unresolved = role.statements
      .filter((st) => st.effect === 'Allow' && isUnconstrained(st))
      .flatMap(unresolvedActions);
    out.push(
      unresolved.length
        ? notApplicable(subject, `unresolved action values on "*": ${unresolved.join(', ')}`)
        : compliant(subject),
    );
  }
  return out;
}

/** The grants of the listed (lower-case) actions, as a hit. */
export function hitOfActions(
  grants: ReadonlyMap<string, UnconstrainedGrant>,
  actions: Iterable<string>,
): RiskHit | undefined {
  const found = [...actions]
    .flatMap((a) => grants.get(a) ?? [])
    .sort((a, b) => (a.action < b.action ? -1 : 1));
  if (!found.length) return undefined;
  return {
    items: found.map((g) => g.action),
    evidence: found.map((g) => ({
      source: 'policy',
      detail: `${g.action} on "*" (${g.statements.map((st) => `${st.policy} ${st.sid ?? `#${st.index}`}`).join(', ')})`,
    })),
    statements: found.flatMap((g) => g.statements),
  };
}

import type { ActionCatalog } from '../catalog/action-catalog.js';
import { actionsGrantedBy } from '../catalog/expand-action-pattern.js';
import type { AuditRole, AuditStatement } from '../model/audit-estate.js';
import type { Statement } from '../policy/policy.js';

// An action as IAM spells it (`s3:GetObject`, `s3:Get*`, `*`). Anything else in an estate is a
// template expression the extraction could not resolve (`!Ref ActionsParam`, `${var.actions}`).
const ACTION_TEXT = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;

/** Whether an action as written is a literal action or pattern (not an unresolved template value). */
export function isLiteralAction(text: string): boolean {
  return ACTION_TEXT.test(text);
}

/**
 * Whether a resource as written is literal: `*` or an ARN. A template reference (`!GetAtt
 * Table.Arn`) names one resource, so rules treat it as constrained; it is never `*`.
 */
export function isLiteralResource(text: string): boolean {
  return text === '*' || text.startsWith('arn:');
}

/** The statement's unresolved action texts (a rule that needs them cannot judge the statement). */
export function unresolvedActions(st: AuditStatement): string[] {
  return st.actions.filter((a) => !isLiteralAction(a));
}

/**
 * The estate statement as the policy model's `Statement`, with only its literal actions, so the
 * project's matching (`statementCoversAction`, `statementCoversResource`) applies unchanged.
 */
export function toPolicyStatement(st: AuditStatement): Statement {
  return {
    index: st.index,
    sid: st.sid,
    effect: st.effect,
    actions: { kind: st.actionKey, patterns: st.actions.filter(isLiteralAction) },
    resources: { kind: st.resourceKey, patterns: st.resources },
    condition: st.hasCondition ? {} : undefined,
    raw: { Effect: st.effect },
  };
}

/**
 * Allow without a Condition on every resource: `Resource: "*"`, or `NotResource` (which
 * grants everything it does not name). This is what cloudsplaining calls "without resource
 * constraints".
 */
export function isUnconstrained(st: AuditStatement): boolean {
  if (st.hasCondition) return false;
  return st.resourceKey === 'NotResource' || st.resources.includes('*');
}

/** Where a statement is, for messages: `policy` statement `sid` (or `#index`). */
export function statementLabel(st: AuditStatement): string {
  return `${st.policy} statement ${st.sid ?? `#${st.index}`}`;
}

/** The statement's id for finding subjects: its Sid, or its 0-based index. */
export function statementId(st: AuditStatement): string | number {
  return st.sid ?? st.index;
}

/** One action a role grants without resource constraints, with the statements that grant it. */
export interface UnconstrainedGrant {
  /** Canonical spelling from the catalog (or as written, when the catalog does not know it). */
  readonly action: string;
  readonly statements: readonly AuditStatement[];
}

const grantCache = new WeakMap<
  AuditRole,
  { catalog: ActionCatalog; grants: Map<string, UnconstrainedGrant> }
>();

/**
 * Every action the role grants on every resource, keyed by lower-case name: literal actions
 * and patterns expanded through the catalog, minus what an unconditional `Deny` on `*` takes
 * away. Cached per role, since several rules read it.
 */
export function unconstrainedGrants(
  role: AuditRole,
  catalog: ActionCatalog,
): ReadonlyMap<string, UnconstrainedGrant> {
  const cached = grantCache.get(role);
  if (cached && cached.catalog === catalog) return cached.grants;
  const grants = new Map<string, { action: string; statements: AuditStatement[] }>();
  for (const st of role.statements) {
    if (st.effect !== 'Allow' || !isUnconstrained(st)) continue;
    for (const action of actionsGrantedBy(toPolicyStatement(st).actions, catalog)) {
      const key = action.toLowerCase();
      const entry = grants.get(key) ?? { action, statements: [] };
      entry.statements.push(st);
      grants.set(key, entry);
    }
  }
  for (const st of role.statements) {
    if (
      st.effect !== 'Deny' ||
      st.hasCondition ||
      st.resourceKey !== 'Resource' ||
      !st.resources.includes('*')
    )
      continue;
    for (const action of actionsGrantedBy(toPolicyStatement(st).actions, catalog))
      grants.delete(action.toLowerCase());
  }
  grantCache.set(role, { catalog, grants });
  return grants;
}

/** Whether an action takes a resource type (so `Resource: "*"` on it is a choice, not a requirement). */
export function isRestrictable(action: string, catalog: ActionCatalog): boolean {
  const info = catalog.action(action);
  return info !== undefined && info.resourceTypes.length > 0;
}

/** The access levels of an action, split (`"Permissions management, Write"` → both). */
export function accessLevelsOf(action: string, catalog: ActionCatalog): readonly string[] {
  return (catalog.action(action)?.accessLevel ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}

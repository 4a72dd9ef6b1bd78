import type { RolePolicies, RolePolicy } from '../aws/read-role-policies.js';
import { canonicalJson, hashCanonical } from '../drift/canonical-json.js';
import { InputError } from '../errors/iamtrim-error.js';
import {
  APPLY_PLAN_VERSION,
  ROLE_BACKUP_VERSION,
  type ApplyPlan,
  type ObservedPair,
  type PolicyChange,
  type PolicyHash,
  type RoleBackup,
} from '../model/apply-plan.js';
import { grantedPolicySource } from '../policy/parse-granted-policies.js';
import { backupDirOf } from '../store/backup-store.js';
import type { SuggestOutcome } from './suggest.js';

/** The suffix of the customer-managed copy that replaces an AWS-managed policy. */
export const COPY_SUFFIX = '-iamtrim';

/** The key a policy's hash is filed under: `inline:<name>`, the managed ARN, or `boundary:<arn>`. */
function keyOf(p: RolePolicy): string {
  return p.kind === 'inline' ? `inline:${p.name}` : (p.arn ?? p.name);
}

function hashOf(p: RolePolicy): string {
  return hashCanonical({ kind: p.kind, versionId: p.versionId ?? null, document: p.document });
}

/**
 * The hash of every policy that shapes the role (inline, attached, boundary), sorted by key:
 * `apply` refuses to write when these differ from the plan's.
 */
export function hashRolePolicies(role: RolePolicies): PolicyHash[] {
  const out = role.policies.map((p) => ({ key: keyOf(p), hash: hashOf(p) }));
  if (role.boundary) out.push({ key: `boundary:${role.boundary.arn ?? ''}`, hash: hashOf(role.boundary) });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * What changed between the plan and the role now, one line per policy (empty: nothing).
 * Added, removed and edited policies all count.
 */
export function changesSincePlan(plan: ApplyPlan, role: RolePolicies): string[] {
  const now = new Map(hashRolePolicies(role).map((h) => [h.key, h.hash]));
  const then = new Map(plan.hashes.map((h) => [h.key, h.hash]));
  const lines: string[] = [];
  for (const [key, hash] of then) {
    if (!now.has(key)) lines.push(`${key} was removed`);
    else if (now.get(key) !== hash) lines.push(`${key} was edited`);
  }
  for (const key of now.keys()) if (!then.has(key)) lines.push(`${key} was added`);
  return lines;
}

function hasStatements(doc: unknown): boolean {
  const st = (doc as { Statement?: unknown } | null)?.Statement;
  return Array.isArray(st) ? st.length > 0 : st !== undefined && st !== null;
}

/** The ARN of a customer-managed policy named `name` in the role's account. */
function customerPolicyArn(role: RolePolicies, name: string): string {
  return `arn:${role.partition}:iam::${role.account}:policy/${name}`;
}

/**
 * The plan for one role: for each policy whose tightened document differs from what IAM
 * holds, the change that installs it (inline: put; customer-managed: new default version;
 * AWS-managed: a tightened copy in place of it; none left: delete or detach). Pure.
 */
export function planApply(
  role: RolePolicies,
  outcome: SuggestOutcome,
  observed: readonly ObservedPair[],
  createdAt: string,
  sample: ApplyPlan['sample'],
): ApplyPlan {
  if (outcome.parts) throw new InputError('apply does not take --split: apply the parts by hand');
  if (outcome.report.fresh)
    throw new InputError(
      `role ${role.roleName} has no policy to tighten: apply changes existing policies only`,
    );
  const after = new Map(outcome.results.map((r) => [r.source, r.after]));
  const changes: PolicyChange[] = [];
  for (const p of role.policies) {
    const next = after.get(grantedPolicySource(role.roleArn, p));
    if (next === undefined || canonicalJson(next) === canonicalJson(p.document)) continue;
    const empty = !hasStatements(next);
    if (p.kind === 'inline')
      changes.push(
        empty
          ? { kind: 'delete-inline', name: p.name, before: p.document }
          : { kind: 'put-inline', name: p.name, before: p.document, after: next },
      );
    else if (empty) changes.push({ kind: 'detach', arn: p.arn ?? '', name: p.name, before: p.document });
    else if (p.kind === 'customer-managed')
      changes.push({
        kind: 'new-version',
        arn: p.arn ?? '',
        name: p.name,
        versionId: p.versionId ?? '',
        before: p.document,
        after: next,
      });
    else {
      const copyName = `${p.name}${COPY_SUFFIX}`;
      changes.push({
        kind: 'replace-aws-managed',
        arn: p.arn ?? '',
        name: p.name,
        copyName,
        copyArn: customerPolicyArn(role, copyName),
        before: p.document,
        after: next,
      });
    }
  }
  return {
    version: APPLY_PLAN_VERSION,
    roleName: role.roleName,
    roleArn: role.roleArn,
    createdAt,
    hashes: hashRolePolicies(role),
    changes,
    observed: [...observed],
    sample,
  };
}

/** The observed (action, resource) pairs of a `suggest` result: each used action on each resource. */
export function observedPairsOf(outcome: SuggestOutcome): ObservedPair[] {
  const seen = new Map<string, ObservedPair>();
  for (const u of outcome.report.used)
    for (const resource of u.resources.length ? u.resources : ['*'])
      seen.set(`${u.action}\u0000${resource}`, { action: u.action, resource });
  return [...seen.values()].sort((a, b) =>
    a.action === b.action ? (a.resource < b.resource ? -1 : 1) : a.action < b.action ? -1 : 1,
  );
}

/** A backup id: `<role-name>/<UTC timestamp to the millisecond>`, safe as a store key. */
export function backupIdOf(roleName: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${backupDirOf(roleName)}/${stamp}`;
}

/** Everything `rollback` needs to restore the role as it is now, plus what the plan creates. */
export function backupOf(role: RolePolicies, plan: ApplyPlan, id: string, takenAt: string): RoleBackup {
  return {
    version: ROLE_BACKUP_VERSION,
    id,
    roleName: role.roleName,
    roleArn: role.roleArn,
    takenAt,
    inline: role.policies
      .filter((p) => p.kind === 'inline')
      .map((p) => ({ name: p.name, document: p.document }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    attached: role.policies.flatMap((p) =>
      p.kind === 'inline' || !p.arn
        ? []
        : [{ arn: p.arn, kind: p.kind, defaultVersionId: p.versionId ?? '', document: p.document }],
    ),
    boundary: role.boundary?.arn
      ? { arn: role.boundary.arn, versionId: role.boundary.versionId ?? '', document: role.boundary.document }
      : undefined,
    creates: plan.changes.flatMap((c) => (c.kind === 'replace-aws-managed' ? [c.copyArn] : [])),
  };
}

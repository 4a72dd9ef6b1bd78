import type { RolePolicies } from '../aws/read-role-policies.js';
import type { DeniedPair, SimulatedPair } from '../aws/simulate-role.js';
import type { RoleWriter } from '../aws/write-role-policies.js';
import type { ActionCatalog } from '../catalog/action-catalog.js';
import { AwsError, IamtrimError, InputError } from '../errors/iamtrim-error.js';
import type { ApplyPlan, PolicyChange, RoleBackup } from '../model/apply-plan.js';
import { grantedPolicySource } from '../policy/parse-granted-policies.js';
import type { BackupStore } from '../store/backup-store.js';
import { backupIdOf, backupOf, changesSincePlan } from './apply-plan.js';
import { proveApplyPlan } from './check-apply-plan.js';
import { describeChange } from '../render/apply-plan-text.js';
import { rollbackRole, type RollbackOutcome } from './rollback.js';

/** The I/O `apply` needs, passed in: IAM reads, writes and the simulator, the backup store, a clock. */
export interface ApplyPorts {
  /** The role's policies as IAM has them now. */
  readonly readRole: () => Promise<RolePolicies>;
  readonly writer: RoleWriter;
  /** IAM's policy simulator over the role: the pairs it does not allow. */
  readonly simulate: (roleArn: string, pairs: readonly SimulatedPair[]) => Promise<DeniedPair[]>;
  readonly backups: BackupStore;
  readonly now: () => Date;
  /** For the evaluator's proof of the plan before anything is sent. */
  readonly catalog: ActionCatalog;
  /** Progress lines (one per write). Default: none. */
  readonly log?: (line: string) => void;
}

/** How `apply` ended, when it did not throw. */
export type ApplyOutcome =
  /** The plan changes nothing: no backup, no write. */
  | { readonly kind: 'nothing-to-do' }
  | {
      readonly kind: 'applied';
      readonly backupId: string;
      readonly backupLocation: string;
      readonly steps: readonly string[];
    }
  /** The simulator denied observed use: the role was restored from the backup. */
  | {
      readonly kind: 'rolled-back';
      readonly backupId: string;
      readonly backupLocation: string;
      readonly denied: readonly DeniedPair[];
      readonly rollback: RollbackOutcome;
    };

async function applyChange(
  roleName: string,
  change: PolicyChange,
  writer: RoleWriter,
  log: (line: string) => void,
): Promise<void> {
  switch (change.kind) {
    case 'put-inline':
      await writer.putInline(roleName, change.name, change.after);
      break;
    case 'delete-inline':
      await writer.deleteInline(roleName, change.name);
      break;
    case 'new-version':
      await writer.createDefaultVersion(change.arn, change.after);
      break;
    case 'replace-aws-managed': {
      const arn = await writer.createPolicy(
        change.copyName,
        '/',
        change.after,
        `iamtrim: ${change.name} tightened to what the role was seen using`,
      );
      // Attach first, then detach: the role never lacks what the copy grants.
      await writer.attach(roleName, arn);
      await writer.detach(roleName, change.arn);
      break;
    }
    case 'detach':
      await writer.detach(roleName, change.arn);
      break;
  }
  for (const line of describeChange(change)) log(`done: ${line}`);
}

/**
 * `apply --yes`: installs a plan on the live role.
 * 1. Re-reads the role and refuses (InputError) when any policy changed since the plan.
 * 2. Proves the plan with the project's evaluator (a plan file may have been edited).
 * 3. Backs up every inline and attached policy and the boundary, before any write.
 * 4. Applies each change; a failed write triggers an automatic rollback from the backup.
 * 5. Asks IAM's simulator whether every observed pair is still allowed; if any is not,
 *    rolls back and returns `rolled-back` (the CLI exits 1).
 */
export async function applyPlan(plan: ApplyPlan, ports: ApplyPorts, where: string): Promise<ApplyOutcome> {
  const log = ports.log ?? (() => {});
  const role = await ports.readRole();
  if (role.roleArn !== plan.roleArn)
    throw new InputError(`the plan is for ${plan.roleArn}, not ${role.roleArn}`, where);
  const changed = changesSincePlan(plan, role);
  if (changed.length > 0)
    throw new InputError(
      `role ${role.roleName} changed since the plan was made (${changed.join('; ')}): nothing was written; make the plan again`,
      where,
    );
  if (plan.changes.length === 0) return { kind: 'nothing-to-do' };
  const changedKeys = new Set(
    plan.changes.map((c) =>
      c.kind === 'put-inline' || c.kind === 'delete-inline' ? `inline:${c.name}` : c.arn,
    ),
  );
  const unchanged = role.policies
    .filter((p) => !changedKeys.has(p.kind === 'inline' ? `inline:${p.name}` : (p.arn ?? '')))
    .map((p) => ({ source: grantedPolicySource(role.roleArn, p), document: p.document }));
  proveApplyPlan(plan, unchanged, ports.catalog, where);
  for (const c of plan.changes)
    if (c.kind === 'replace-aws-managed' && (await ports.writer.policyExists(c.copyArn)))
      throw new InputError(
        `${c.copyArn} exists already: delete it, or attach it in place of ${c.arn} by hand; nothing was written`,
        where,
      );

  const at = ports.now();
  const backup: RoleBackup = backupOf(role, plan, backupIdOf(role.roleName, at), at.toISOString());
  const backupLocation = await ports.backups.write(backup);
  log(`backup ${backup.id} written to ${backupLocation}`);

  const restore = async (why: string, cause: unknown): Promise<never> => {
    try {
      await rollbackRole(backup, ports, { dryRun: false });
    } catch (again) {
      throw new AwsError(
        `${why}; the automatic rollback failed too (${(again as Error).message}). The backup is at ${backupLocation}: run iamtrim rollback --role ${role.roleName} --to ${backup.id} --yes`,
        { cause },
      );
    }
    throw new AwsError(`${why}; the role was restored from backup ${backup.id} (${backupLocation})`, {
      cause,
    });
  };

  const steps: string[] = [];
  for (const change of plan.changes) {
    try {
      await applyChange(role.roleName, change, ports.writer, log);
      steps.push(...describeChange(change));
    } catch (err) {
      const message = err instanceof IamtrimError ? err.message : String(err);
      return restore(`apply failed: ${message}`, err);
    }
  }

  let denied: DeniedPair[];
  try {
    denied = await ports.simulate(role.roleArn, plan.observed);
  } catch (err) {
    const message = err instanceof IamtrimError ? err.message : String(err);
    return restore(`the policy simulator could not verify the change: ${message}`, err);
  }
  if (denied.length > 0) {
    let rollback: RollbackOutcome;
    try {
      rollback = await rollbackRole(backup, ports, { dryRun: false });
    } catch (again) {
      throw new AwsError(
        `IAM's simulator denied observed use (${denied.map((d) => `${d.action} on ${d.resource}`).join(', ')}) and the automatic rollback failed (${(again as Error).message}). The backup is at ${backupLocation}: run iamtrim rollback --role ${role.roleName} --to ${backup.id} --yes`,
        { cause: again },
      );
    }
    return { kind: 'rolled-back', backupId: backup.id, backupLocation, denied, rollback };
  }
  return { kind: 'applied', backupId: backup.id, backupLocation, steps };
}

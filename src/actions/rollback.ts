import type { RolePolicies } from '../aws/read-role-policies.js';
import type { RoleWriter } from '../aws/write-role-policies.js';
import { canonicalJson } from '../drift/canonical-json.js';
import { AwsError, InputError } from '../errors/iamtrim-error.js';
import type { RoleBackup } from '../model/apply-plan.js';
import type { BackupStore } from '../store/backup-store.js';
import { checkRoleBackup } from './check-apply-plan.js';

/** One IAM change that moves the role back towards its backup. */
export type RollbackStep =
  | { readonly kind: 'put-inline'; readonly name: string; readonly document: unknown }
  | { readonly kind: 'delete-inline'; readonly name: string }
  /** Make the backed-up version the default again (re-created from the document if it is gone). */
  | {
      readonly kind: 'restore-default';
      readonly arn: string;
      readonly versionId: string;
      readonly document: unknown;
    }
  | { readonly kind: 'attach'; readonly arn: string }
  | { readonly kind: 'detach'; readonly arn: string }
  /** A policy `apply` created (an AWS-managed policy's copy): deleted with its versions. */
  | { readonly kind: 'delete-policy'; readonly arn: string };

/** What the role holds now that the backup is compared with. */
export interface RollbackCurrent {
  readonly role: RolePolicies;
  /** Default version id of each backed-up customer-managed policy (undefined: the policy is gone). */
  readonly defaults: ReadonlyMap<string, string | undefined>;
  /** Which of the backup's `creates` exist now. */
  readonly existingCreated: readonly string[];
}

/**
 * The steps that restore `backup` over the role as it is now, in a safe order: what grants
 * comes back first, what apply added goes last. Pure; empty when the role already equals
 * the backup, which makes `rollback` idempotent.
 */
export function planRollback(backup: RoleBackup, current: RollbackCurrent): RollbackStep[] {
  const steps: RollbackStep[] = [];
  const inlineNow = new Map(
    current.role.policies.filter((p) => p.kind === 'inline').map((p) => [p.name, p.document]),
  );
  for (const p of backup.inline) {
    const now = inlineNow.get(p.name);
    if (now === undefined || canonicalJson(now) !== canonicalJson(p.document))
      steps.push({ kind: 'put-inline', name: p.name, document: p.document });
  }
  const attachedNow = new Set(current.role.policies.flatMap((p) => (p.arn ? [p.arn] : [])));
  for (const a of backup.attached) {
    // AWS owns the versions of its own policies: only the attachment is ours to restore.
    if (a.kind === 'customer-managed' && current.defaults.get(a.arn) !== a.defaultVersionId)
      steps.push({
        kind: 'restore-default',
        arn: a.arn,
        versionId: a.defaultVersionId,
        document: a.document,
      });
  }
  for (const a of backup.attached) if (!attachedNow.has(a.arn)) steps.push({ kind: 'attach', arn: a.arn });
  const backedUp = new Set(backup.attached.map((a) => a.arn));
  for (const arn of attachedNow) if (!backedUp.has(arn)) steps.push({ kind: 'detach', arn });
  for (const arn of backup.creates)
    if (current.existingCreated.includes(arn) && !backedUp.has(arn))
      steps.push({ kind: 'delete-policy', arn });
  const inlineBackedUp = new Set(backup.inline.map((p) => p.name));
  for (const name of inlineNow.keys())
    if (!inlineBackedUp.has(name)) steps.push({ kind: 'delete-inline', name });
  return steps;
}

/** One line per step, for the output without `--yes` and the report after. */
export function describeRollbackStep(step: RollbackStep): string {
  switch (step.kind) {
    case 'put-inline':
      return `restore inline policy ${step.name}`;
    case 'delete-inline':
      return `delete inline policy ${step.name} (not in the backup)`;
    case 'restore-default':
      return `make ${step.versionId} the default version of ${step.arn} again`;
    case 'attach':
      return `attach ${step.arn}`;
    case 'detach':
      return `detach ${step.arn} (not in the backup)`;
    case 'delete-policy':
      return `delete ${step.arn} (created by apply)`;
  }
}

/** The I/O `rollback` needs, passed in (IAM reads and writes). */
export interface RollbackPorts {
  /** The role's policies as IAM has them now. */
  readonly readRole: () => Promise<RolePolicies>;
  readonly writer: RoleWriter;
}

/** What the role holds now, for `planRollback`: reads the defaults of detached policies too. */
export async function readRollbackCurrent(
  backup: RoleBackup,
  ports: RollbackPorts,
): Promise<RollbackCurrent> {
  const role = await ports.readRole();
  const defaults = new Map<string, string | undefined>();
  for (const a of backup.attached) {
    if (a.kind !== 'customer-managed') continue;
    const attached = role.policies.find((p) => p.arn === a.arn);
    if (attached) defaults.set(a.arn, attached.versionId);
    else if (await ports.writer.policyExists(a.arn))
      defaults.set(a.arn, (await ports.writer.listVersions(a.arn)).find((v) => v.isDefault)?.versionId);
    else defaults.set(a.arn, undefined);
  }
  const existingCreated: string[] = [];
  for (const arn of backup.creates) if (await ports.writer.policyExists(arn)) existingCreated.push(arn);
  return { role, defaults, existingCreated };
}

async function runStep(roleName: string, step: RollbackStep, writer: RoleWriter): Promise<void> {
  switch (step.kind) {
    case 'put-inline':
      return writer.putInline(roleName, step.name, step.document);
    case 'delete-inline':
      return writer.deleteInline(roleName, step.name);
    case 'restore-default': {
      const versions = await writer.listVersions(step.arn).catch(() => undefined);
      if (versions?.some((v) => v.versionId === step.versionId))
        return writer.setDefaultVersion(step.arn, step.versionId);
      // The version is gone (or the policy): the document is what counts, under a new id.
      if (versions) await writer.createDefaultVersion(step.arn, step.document);
      else throw new AwsError(`cannot restore ${step.arn}: the policy no longer exists`);
      return;
    }
    case 'attach':
      return writer.attach(roleName, step.arn);
    case 'detach':
      return writer.detach(roleName, step.arn);
    case 'delete-policy':
      return writer.deletePolicy(step.arn);
  }
}

/** What a rollback did (or, with `dryRun`, would do). */
export interface RollbackOutcome {
  readonly backupId: string;
  readonly steps: readonly RollbackStep[];
  readonly applied: boolean;
}

/**
 * Restores the role to `backup` exactly: inline documents, attachments, the default versions
 * of customer-managed policies; deletes what apply created. With `dryRun`, only says what it
 * would do. A second run finds nothing to do.
 */
export async function rollbackRole(
  backup: RoleBackup,
  ports: RollbackPorts,
  options: { readonly dryRun: boolean },
): Promise<RollbackOutcome> {
  const steps = planRollback(backup, await readRollbackCurrent(backup, ports));
  if (options.dryRun) return { backupId: backup.id, steps, applied: false };
  for (const step of steps) await runStep(backup.roleName, step, ports.writer);
  return { backupId: backup.id, steps, applied: true };
}

/**
 * The backup to roll back to: `id` when given, else the role's latest. Refuses a backup of
 * another role, and names the store when there is none.
 */
export async function findBackup(store: BackupStore, roleName: string, id?: string): Promise<RoleBackup> {
  const chosen = id ?? (await store.list(roleName)).at(-1);
  if (chosen === undefined)
    throw new InputError(`no backup of role ${roleName}`, store.describe(`${roleName}/*`));
  const raw = await store.read(chosen);
  if (raw === undefined) throw new InputError(`no backup with id ${chosen}`, store.describe(chosen));
  const backup = checkRoleBackup(raw, store.describe(chosen));
  if (backup.roleName !== roleName)
    throw new InputError(
      `backup ${chosen} is of role ${backup.roleName}, not ${roleName}`,
      store.describe(chosen),
    );
  return backup;
}

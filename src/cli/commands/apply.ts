import type { Argv, ArgumentsCamelCase } from 'yargs';
import { applyPlan, type ApplyPorts } from '../../actions/apply.js';
import { changesSincePlan, observedPairsOf, planApply } from '../../actions/apply-plan.js';
import { checkApplyPlan } from '../../actions/check-apply-plan.js';
import { readRolePolicies } from '../../aws/read-role-policies.js';
import { simulateRole } from '../../aws/simulate-role.js';
import { createRoleWriter } from '../../aws/write-role-policies.js';
import { createCatalog } from '../../catalog/catalog.js';
import { InputError, UsageError } from '../../errors/iamtrim-error.js';
import type { ApplyPlan } from '../../model/apply-plan.js';
import { parseGrantedPolicies } from '../../policy/parse-granted-policies.js';
import { renderApplyPlan } from '../../render/apply-plan-text.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { readJsonFile } from '../../sources/read-json-file.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { createBackupStore, DEFAULT_BACKUP_LOCATION } from '../../store/backup-store.js';
import { chainRegion, clientConfigOf } from '../aws-options.js';
import { hasEvidenceSource } from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { accountRoleOf } from '../read-live-policies.js';
import { useColor } from '../use-color.js';
import { checkSuggestArgs, computeSuggestion, withSuggestOptions, type SuggestArgs } from './suggest.js';
import { sdk } from '../../sdk/require-sdk.js';

export interface ApplyArgs extends SuggestArgs {
  plan?: string;
  writePlan?: string;
  backup: string;
  yes: boolean;
}

export const command = 'apply';
export const describe =
  "Install the tightened policies on the live role (with --yes), after a backup; verify with IAM's simulator";

/** Shown under Examples in `iamtrim apply --help`. */
export const examples = [
  [
    '$0 apply --role orders-api-role --cloudtrail ./logs --write-plan plan.json',
    'Show the plan and save it; nothing is changed',
  ],
  ['$0 apply --role orders-api-role --plan plan.json --yes', 'Back up the role, apply the plan, verify'],
] as const;

/** Flags of `suggest` that pick the policies some other way than reading the live role. */
const NOT_FOR_APPLY = ['policy', 'accountAuthorization', 'newPolicy', 'split'] as const;

export function builder(y: Argv): Argv<ApplyArgs> {
  return withSuggestOptions(y)
    .option('plan', {
      type: 'string',
      describe: 'A plan written by apply --write-plan (instead of evidence)',
    })
    .option('write-plan', { type: 'string', describe: 'Write the plan to FILE (JSON) for a later --plan' })
    .option('backup', {
      type: 'string',
      default: DEFAULT_BACKUP_LOCATION,
      describe: 'Where the backup goes before any write: a directory or s3://bucket/prefix',
    })
    .option('yes', {
      type: 'boolean',
      default: false,
      describe: 'Write to IAM; without it the plan is printed and nothing changes',
    })
    .check((argv) => {
      for (const flag of NOT_FOR_APPLY)
        if (
          argv[flag] !== undefined &&
          argv[flag] !== false &&
          !(Array.isArray(argv[flag]) && !argv[flag].length)
        )
          throw new UsageError(
            `apply reads the role's policies from IAM: --${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is not accepted`,
          );
      if (argv.plan !== undefined) {
        if (argv.usage !== undefined || hasEvidenceSource(argv))
          throw new UsageError('give --plan or the evidence (--usage, --cloudtrail, ...), not both');
        return true;
      }
      return checkSuggestArgs(argv);
    }) as unknown as Argv<ApplyArgs>;
}

export async function handler(argv: ArgumentsCamelCase<ApplyArgs>, ctx: CommandContext): Promise<number> {
  const { IAMClient } = sdk('@aws-sdk/client-iam');
  const { S3Client } = sdk('@aws-sdk/client-s3');
  const config = clientConfigOf(argv);
  // IAM is global; its endpoint is per partition, picked by the configured region.
  const client = new IAMClient({ ...config, region: (await chainRegion(config)) ?? 'us-east-1' });
  try {
    const readRole = () => readRolePolicies(client, argv.role);
    const { plan, where } = argv.plan
      ? { plan: checkApplyPlan(await readJsonFile(argv.plan, 'apply plan'), argv.plan), where: argv.plan }
      : { plan: await planFromEvidence(argv, ctx, await readRole()), where: `role ${argv.role}` };
    if (argv.writePlan) await writeFileAtomic(argv.writePlan, JSON.stringify(plan, null, 2) + '\n');
    const color = useColor({ stdout: ctx.io.stdout, env: ctx.io.env }, argv.color, false);
    if (!argv.yes) {
      ctx.io.stdout.write(renderApplyPlan(plan, { color }));
      if (argv.plan) {
        // Say now what --yes would refuse.
        const changed = changesSincePlan(plan, await readRole());
        if (changed.length > 0)
          ctx.stderr(
            `iamtrim: warning: role ${plan.roleName} changed since the plan was made (${changed.join('; ')}): apply --yes would refuse it`,
          );
      }
      if (plan.changes.length > 0)
        ctx.stderr(
          'iamtrim: dry run: nothing was changed; add --yes to back up the role and apply this plan',
        );
      return ExitCode.ok;
    }
    const ports: ApplyPorts = {
      readRole,
      writer: createRoleWriter(client),
      simulate: (roleArn, pairs) => simulateRole(client, roleArn, pairs),
      backups: createBackupStore(argv.backup, () => new S3Client({ ...config, followRegionRedirects: true })),
      now: () => new Date(),
      catalog: createCatalog().actions,
      log: (line) => {
        if (!argv.quiet) ctx.stderr(`iamtrim: ${line}`);
      },
    };
    const outcome = await applyPlan(plan, ports, where);
    switch (outcome.kind) {
      case 'nothing-to-do':
        ctx.io.stdout.write(`role ${terminalSafe(plan.roleName)}: nothing to change\n`);
        return ExitCode.ok;
      case 'applied':
        ctx.io.stdout.write(
          `role ${terminalSafe(plan.roleName)}: applied ${outcome.steps.length} change(s); IAM's simulator allows all ${plan.observed.length} observed pair(s).\n` +
            `backup ${outcome.backupId} (${outcome.backupLocation}); undo with: iamtrim rollback --role ${plan.roleName} --to ${outcome.backupId} --yes\n`,
        );
        return ExitCode.ok;
      case 'rolled-back':
        ctx.stderr(
          `iamtrim: error: IAM's simulator denies observed use after the change: ${outcome.denied
            .map((d) => `${d.action} on ${d.resource} (${d.decision})`)
            .join(
              ', ',
            )}; the role was rolled back from backup ${outcome.backupId} (${outcome.rollback.steps.length} step(s))`,
        );
        return ExitCode.error;
    }
  } finally {
    client.destroy();
  }
}

/** The plan from the evidence: `suggest` on the live role's policies, as it is now. */
async function planFromEvidence(
  argv: ApplyArgs,
  ctx: CommandContext,
  role: Awaited<ReturnType<typeof readRolePolicies>>,
): Promise<ApplyPlan> {
  const granted = parseGrantedPolicies(accountRoleOf(role));
  const bad = granted.invalid[0];
  if (bad)
    throw new InputError(
      `the policy IAM returned does not parse: ${bad.problems.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
      bad.source,
    );
  if (!argv.quiet) for (const n of granted.notes) ctx.stderr(`iamtrim: note: ${terminalSafe(n)}`);
  const { outcome } = await computeSuggestion(argv, ctx, {
    roleArn: role.roleArn,
    policies: granted.policies,
    kinds: granted.kinds,
  });
  const region = outcome.report.coverage.regions.find((r) => r !== 'unknown') ?? 'us-east-1';
  return planApply(role, outcome, observedPairsOf(outcome), new Date().toISOString(), {
    partition: role.partition,
    account: role.account,
    region,
  });
}

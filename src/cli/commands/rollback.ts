import type { Argv, ArgumentsCamelCase } from 'yargs';
import { describeRollbackStep, findBackup, rollbackRole } from '../../actions/rollback.js';
import { readRolePolicies, roleNameOf } from '../../aws/read-role-policies.js';
import { createRoleWriter } from '../../aws/write-role-policies.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { createBackupStore, DEFAULT_BACKUP_LOCATION } from '../../store/backup-store.js';
import { chainRegion, clientConfigOf, withAwsOptions, type AwsArgs } from '../aws-options.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { sdk } from '../../sdk/require-sdk.js';

export interface RollbackArgs extends AwsArgs {
  role: string;
  to?: string;
  backup: string;
  yes: boolean;
}

export const command = 'rollback';
export const describe =
  'Restore a role exactly as an apply backup holds it (with --yes); running it twice changes nothing';

/** Shown under Examples in `iamtrim rollback --help`. */
export const examples = [
  ['$0 rollback --role orders-api-role', 'What restoring the latest backup would change'],
  [
    '$0 rollback --role orders-api-role --to orders-api-role/20261206T104644123Z --yes',
    'Restore that backup',
  ],
] as const;

export function builder(y: Argv): Argv<RollbackArgs> {
  return withAwsOptions(y)
    .option('role', { type: 'string', demandOption: true, describe: 'The role to restore (ARN or name)' })
    .option('to', { type: 'string', describe: "The backup id apply printed (default: the role's latest)" })
    .option('backup', {
      type: 'string',
      default: DEFAULT_BACKUP_LOCATION,
      describe: 'Where apply wrote its backups: a directory or s3://bucket/prefix',
    })
    .option('yes', {
      type: 'boolean',
      default: false,
      describe: 'Write to IAM; without it the steps are printed and nothing changes',
    }) as unknown as Argv<RollbackArgs>;
}

export async function handler(argv: ArgumentsCamelCase<RollbackArgs>, ctx: CommandContext): Promise<number> {
  const { IAMClient } = sdk('@aws-sdk/client-iam');
  const { S3Client } = sdk('@aws-sdk/client-s3');
  const config = clientConfigOf(argv);
  const store = createBackupStore(
    argv.backup,
    () => new S3Client({ ...config, followRegionRedirects: true }),
  );
  const roleName = roleNameOf(argv.role);
  const backup = await findBackup(store, roleName, argv.to);
  const client = new IAMClient({ ...config, region: (await chainRegion(config)) ?? 'us-east-1' });
  try {
    const outcome = await rollbackRole(
      backup,
      { readRole: () => readRolePolicies(client, argv.role), writer: createRoleWriter(client) },
      { dryRun: !argv.yes },
    );
    const lines = outcome.steps.map((s) => `  - ${terminalSafe(describeRollbackStep(s))}`);
    const head =
      outcome.steps.length === 0
        ? `role ${terminalSafe(roleName)} already equals backup ${terminalSafe(backup.id)}: nothing to do`
        : `${outcome.applied ? 'Restored' : 'Would restore'} role ${terminalSafe(roleName)} to backup ${terminalSafe(backup.id)}:`;
    ctx.io.stdout.write([head, ...lines].join('\n') + '\n');
    if (!outcome.applied && outcome.steps.length > 0)
      ctx.stderr('iamtrim: dry run: nothing was changed; add --yes to restore the backup');
    return ExitCode.ok;
  } finally {
    client.destroy();
  }
}

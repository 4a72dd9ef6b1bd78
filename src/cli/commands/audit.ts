import type { Argv, ArgumentsCamelCase } from 'yargs';
import { audit } from '../../actions/audit.js';
import { parsePermissions, removableActions } from '../../actions/removable-actions.js';
import { createLiveEstateClients, readLiveEstate } from '../../aws/audit-estate/read-live-estate.js';
import { baselineOf, parseBaseline } from '../../audit/baseline.js';
import { createCatalog, type Catalog } from '../../catalog/catalog.js';
import { UsageError } from '../../errors/iamtrim-error.js';
import { estateFromTemplates } from '../../iac/audit-estate/estate-from-templates.js';
import type { AccountAuthorization } from '../../model/account-role.js';
import type { AuditEstate } from '../../model/audit-estate.js';
import type { RemovableGrants } from '../../audit/audit-rule.js';
import { auditFormats, auditRenderers, type AuditFormat } from '../../render/index.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { readJsonFile } from '../../sources/read-json-file.js';
import { readTextFile } from '../../sources/read-text-file.js';
import { readUsageFile } from '../../sources/read-usage-file.js';
import { defaultAggregateOptions } from '../../usage/add-record.js';
import type { UsageReport } from '../../usage/usage-report.js';
import {
  loadAccountAuthorization,
  withAccountAuthorizationOption,
  type AccountAuthorizationArgs,
} from '../account-authorization-option.js';
import { clientConfigOf, regionsInScope } from '../aws-options.js';
import {
  collectReport,
  hasEvidenceSource,
  withEvidenceOptions,
  type EvidenceArgs,
} from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';
import { failOnSeverityVerdict, parseFailOnSeverity, withFailOnSeverityOption } from '../fail-on-severity.js';
import { packageVersion } from '../package-version.js';
import { terminalWidth } from '../terminal-width.js';
import { useColor } from '../use-color.js';
import { writeOutput } from '../write-output.js';

export interface AuditArgs extends EvidenceArgs, AccountAuthorizationArgs {
  template?: string[];
  live?: boolean;
  usage?: string;
  rules?: string;
  skip?: string;
  baseline?: string;
  writeBaseline?: string;
  format?: AuditFormat;
  out?: string;
  failOn?: string;
  quiet: boolean;
  color?: boolean;
}

export const command = 'audit';
export const describe =
  'Check Lambda functions and their roles against the security checklist, with evidence';

/** Shown under Examples in `iamtrim audit --help`. */
export const examples = [
  ['$0 audit --template template.yaml', 'A SAM/CloudFormation, Serverless or Terraform template'],
  [
    '$0 audit --profile prod --regions us-east-1,eu-west-1 --usage usage.json --format sarif --out audit.sarif',
    'The live account, with CloudTrail evidence, for code scanning',
  ],
  [
    '$0 audit --template template.yaml --baseline .iamtrim-baseline.json --fail-on low',
    'A CI gate that fails only on findings not in the baseline',
  ],
] as const;

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

export function builder(y: Argv): Argv<AuditArgs> {
  return withFailOnSeverityOption(withAccountAuthorizationOption(withEvidenceOptions(y)))
    .option('template', {
      type: 'string',
      array: true,
      describe: 'A SAM/CloudFormation, Serverless or Terraform file to audit (repeatable)',
    })
    .option('live', {
      type: 'boolean',
      describe:
        'Audit the deployed functions of the account too (ListFunctions in --region/--regions); the default when no --template is given',
    })
    .option('usage', {
      type: 'string',
      describe: 'Evidence: a usage report written by iamtrim usage --format json',
    })
    .option('rules', { type: 'string', describe: 'Run only these rule ids (comma-separated)' })
    .option('skip', { type: 'string', describe: 'Leave these rule ids out (comma-separated)' })
    .option('baseline', {
      type: 'string',
      describe: 'Accepted findings (written by --write-baseline): not reported as open',
    })
    .option('write-baseline', {
      type: 'string',
      describe: "Write this run's findings to FILE as the baseline",
    })
    .option('format', { choices: auditFormats, describe: 'Output (default: table on a terminal, else json)' })
    .option('out', { type: 'string', describe: 'Write the report to FILE (atomically)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no warnings on stderr' })
    .check((argv) => {
      if (!argv.template?.length && argv.live === false)
        throw new UsageError('--no-live without --template leaves nothing to audit');
      if (argv.usage && hasEvidenceSource(argv as EvidenceArgs))
        throw new UsageError('give --usage or --cloudtrail (--lookup-events, --athena-table), not both');
      if (argv.failOn !== undefined) parseFailOnSeverity(argv.failOn);
      return true;
    }) as unknown as Argv<AuditArgs>;
}

export async function handler(argv: ArgumentsCamelCase<AuditArgs>, ctx: CommandContext): Promise<number> {
  const failOn = argv.failOn === undefined ? undefined : parseFailOnSeverity(argv.failOn);
  const catalog = createCatalog();
  const baseline = argv.baseline
    ? parseBaseline(await readJsonFile(argv.baseline, 'baseline'), argv.baseline)
    : undefined;

  const estates: AuditEstate[] = [];
  if (argv.template?.length) {
    const templates = [];
    for (const file of argv.template) templates.push({ file, text: await readTextFile(file, 'template') });
    estates.push(estateFromTemplates(templates));
  }
  // The deployed functions: asked for with --live, or implied when no template is given.
  const live = argv.live ?? !argv.template?.length;
  let authorization: AccountAuthorization | undefined;
  if (live || argv.accountAuthorization) authorization = await loadAccountAuthorization(argv);
  if (live && authorization) {
    const config = clientConfigOf(argv);
    const regions = await regionsInScope(argv, config);
    estates.push(
      await readLiveEstate({ ...(await createLiveEstateClients(config)), authorization }, regions),
    );
  }
  const estate = combine(estates);

  const usage: UsageReport | undefined = argv.usage
    ? await readUsageFile(argv.usage)
    : hasEvidenceSource(argv)
      ? (await collectReport(argv, defaultAggregateOptions, argv.quiet, ctx, catalog)).report
      : undefined;
  const removable = usage && authorization ? removableOf(estate, authorization, usage, catalog) : undefined;

  const report = audit({
    estate,
    catalog,
    ...(usage ? { usage } : {}),
    ...(removable ? { removable } : {}),
    ...(argv.rules !== undefined ? { rules: list(argv.rules) } : {}),
    ...(argv.skip !== undefined ? { skip: list(argv.skip) } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const { stdout, env } = ctx.io;
  const format: AuditFormat = argv.format ?? (stdout.isTTY ? 'table' : 'json');
  const color = useColor({ stdout, env }, argv.color, argv.out !== undefined);
  const width = terminalWidth(stdout, argv.out);
  await writeOutput(
    auditRenderers[format](report, {
      version: packageVersion(),
      color,
      ...(width !== undefined ? { width } : {}),
    }),
    argv.out,
    stdout,
  );
  if (argv.writeBaseline)
    await writeOutput(`${JSON.stringify(baselineOf(report), null, 2)}\n`, argv.writeBaseline, stdout);
  if (!argv.quiet) {
    for (const s of report.skipped)
      ctx.stderr(`iamtrim: warning: ${terminalSafe(s.what)}: ${terminalSafe(s.reason)}`);
    for (const e of report.errors)
      ctx.stderr(`iamtrim: error: rule ${terminalSafe(e.rule)} failed: ${terminalSafe(e.message)}`);
  }
  const over = failOnSeverityVerdict(failOn, report.findings);
  if (over) ctx.stderr(over);
  if (report.errors.length > 0) return ExitCode.error;
  return over ? ExitCode.findings : ExitCode.ok;
}

/** Templates and the live account audited together: one estate, subjects side by side. */
function combine(estates: readonly AuditEstate[]): AuditEstate {
  return {
    subjects: estates.flatMap((e) => e.subjects),
    functions: estates.flatMap((e) => e.functions),
    roles: estates.flatMap((e) => e.roles),
    logGroups: estates.flatMap((e) => e.logGroups),
    skipped: estates.flatMap((e) => e.skipped),
  };
}

/** Per live role with evidence, what `suggest` would remove (the least-privilege rule's fix). */
function removableOf(
  estate: AuditEstate,
  authorization: AccountAuthorization,
  usage: UsageReport,
  catalog: Catalog,
): RemovableGrants[] {
  const out: RemovableGrants[] = [];
  for (const role of estate.roles) {
    const account = authorization.roles.find((r) => r.arn === (role.arn ?? role.id));
    if (!account) continue;
    const parsed = parsePermissions(account);
    if (!parsed.complete) continue;
    const actions = removableActions({
      roleArn: account.arn,
      policies: parsed.policies,
      usage,
      catalog,
      sources: [],
    });
    if (actions && actions.length > 0) out.push({ role: role.id, actions });
  }
  return out;
}

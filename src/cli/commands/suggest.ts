import type { Argv, ArgumentsCamelCase } from 'yargs';
import { createCatalog, type Catalog } from '../../catalog/catalog.js';
import { lambdaRequirementsFromFiles } from '../../sources/read-lambda-config.js';
import { UsageError } from '../../errors/iamtrim-error.js';
import type { Policy } from '../../policy/policy.js';
import { readPolicyFile } from '../../sources/read-policy-file.js';
import { readUsageFile } from '../../sources/read-usage-file.js';
import { defaultGeneralizeOptions } from '../../synthesize/generalize-resources.js';
import { suggestRole, type SuggestOutcome } from '../../actions/suggest.js';
import { tooLittleEvidence } from '../../synthesize/min-days-gate.js';
import { defaultAggregateOptions } from '../../usage/add-record.js';
import type { UsageReport } from '../../usage/usage-report.js';
import { clientConfigOf } from '../aws-options.js';
import {
  collectReport,
  hasEvidenceSource,
  usesAws,
  withEvidenceOptions,
  type EvidenceArgs,
} from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { liveLambdaRequirements, readLiveTrail } from '../read-live-config.js';
import { readLivePolicies } from '../read-live-policies.js';
import { roleMatches } from '../../normalize/principal.js';
import { ExitCode } from '../exit-codes.js';
import { parseDateOption } from '../parse-date.js';
import { coverageOptions } from '../coverage-options.js';
import { terminalWidth } from '../terminal-width.js';
import { writeOutput } from '../write-output.js';
import {
  failOnOf,
  failOnVerdict,
  failOnWithin,
  removableOf,
  withFailOnOption,
  type FailOnArgs,
} from '../fail-on.js';
import { useColor } from '../use-color.js';
import {
  createLastAccessedLookup,
  withLastAccessedOption,
  type LastAccessedArgs,
} from '../last-accessed-option.js';
import { discoverLiveTrails } from '../live-trails.js';
import {
  accountRolePolicies,
  findAccountRole,
  withAccountAuthorizationOption,
  type AccountAuthorizationArgs,
} from '../account-authorization-option.js';
import { readAccountAuthorizationFile } from '../../sources/read-account-authorization.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { suggestFormats, suggestRenderers, type SuggestFormat } from '../../render/index.js';

export interface SuggestArgs extends EvidenceArgs, LastAccessedArgs, AccountAuthorizationArgs, FailOnArgs {
  usage?: string;
  newPolicy: boolean;
  trail?: string;
  role: string;
  policy?: string[];
  format?: SuggestFormat;
  out?: string;
  since?: string;
  until?: string;
  threshold: number;
  quiet: boolean;
  dataEvents?: string;
  trailConfig?: string[];
  minDays: number;
  force: boolean;
  functionConfig?: string[];
  eventSourceMappings?: string[];
  policyKind: 'managed' | 'inline';
  split: boolean;
  color?: boolean;
}

export const command = 'suggest';
export const describe = "Tighten a role's policy to the least privilege its usage proves, and prove it safe";

/** Shown under Examples in `iamtrim suggest --help`. */
export const examples = [
  [
    '$0 suggest --cloudtrail ./logs --role orders-api-role --policy policy.json --format json',
    'The tightened policy document',
  ],
  [
    '$0 suggest --usage usage.json --role orders-api-role --policy policy.json --format markdown',
    'Every decision explained',
  ],
  [
    '$0 suggest --usage usage.json --role orders-api-role --policy policy.json --check',
    'A CI gate: exit 3 when something is removable (--fail-on any|N|low|medium|high for a threshold)',
  ],
] as const;

export function builder(y: Argv): Argv<SuggestArgs> {
  return withSuggestOptions(y).check(checkSuggestArgs) as unknown as Argv<SuggestArgs>;
}

/** The flags of `suggest` (shared with `apply`, which tightens the same way). */
export function withSuggestOptions(y: Argv): Argv<SuggestArgs> {
  return withAccountAuthorizationOption(withFailOnOption(withLastAccessedOption(withEvidenceOptions(y))))
    .option('usage', { type: 'string', describe: 'A usage report written by iamtrim usage --format json' })
    .option('role', { type: 'string', demandOption: true, describe: 'The role to tighten (ARN or name)' })
    .option('policy', {
      type: 'string',
      array: true,
      describe:
        "One of the role's policy documents (repeatable); none: read them from IAM when AWS is in use, else write a new policy",
    })
    .option('new-policy', {
      type: 'boolean',
      default: false,
      describe: 'Write a new policy from usage instead of tightening the existing ones',
    })
    .option('format', {
      choices: suggestFormats,
      describe: 'Output (default: diff on a terminal, else json)',
    })
    .option('out', { type: 'string', describe: 'Write the output to FILE (atomically)' })
    .option('since', { type: 'string', describe: 'Start of the evidence window (with --cloudtrail)' })
    .option('until', { type: 'string', describe: 'End of the evidence window (with --cloudtrail)' })
    .option('threshold', {
      type: 'number',
      default: defaultGeneralizeOptions.threshold,
      describe:
        'More S3 objects per bucket (or secret ARNs) than this are generalized to a prefix* (or name-??????)',
    })
    .option('data-events', {
      type: 'string',
      describe: 'Services whose data events the logs hold (s3,dynamodb,...), or all, or none',
    })
    .option('trail', {
      type: 'string',
      describe: 'The trail that wrote the logs (name or ARN): its event selectors are read live',
    })
    .option('trail-config', {
      type: 'string',
      array: true,
      describe: 'JSON from aws cloudtrail get-trail / get-event-selectors (repeatable, merged)',
    })
    .option('min-days', {
      type: 'number',
      default: 30,
      describe: 'Remove nothing when the evidence spans fewer days than this (see --force)',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Tighten even on less than --min-days of evidence',
    })
    .option('function-config', {
      type: 'string',
      array: true,
      describe: 'JSON from aws lambda get-function-configuration, one per function of the role',
    })
    .option('event-source-mappings', {
      type: 'string',
      array: true,
      describe: 'JSON from aws lambda list-event-source-mappings',
    })
    .option('policy-kind', {
      choices: ['managed', 'inline'] as const,
      default: 'managed' as const,
      describe:
        "How the --policy files are attached, which decides IAM's size limit: managed (6,144 characters each) or inline (10,240 together)",
    })
    .option('split', {
      type: 'boolean',
      default: false,
      describe:
        "Write the result as several managed policies of at most 6,144 characters each (at most 10, IAM's default per role); JSON only",
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no warnings on stderr' })
    .option('workers', {
      type: 'number',
      describe: 'Threads that read --cloudtrail, 1 to 16, this one included (default: one per core)',
    }) as unknown as Argv<SuggestArgs>;
}

/** The checks of `suggest`'s flags (yargs `.check`): throws `UsageError`. */
export function checkSuggestArgs(argv: Partial<SuggestArgs>): true {
  if (hasEvidenceSource(argv as EvidenceArgs) === !!argv.usage)
    throw new UsageError('give exactly one of --cloudtrail (or --lookup-events, --athena-table) and --usage');
  if (argv.accountAuthorization !== undefined && (argv.policy?.length || argv.newPolicy))
    throw new UsageError('give --account-authorization or --policy (or --new-policy), not both');
  if (argv.split && argv.format !== undefined && argv.format !== 'json')
    throw new UsageError('--split writes managed policies as JSON: use --format json');
  if ((argv.since || argv.until) && argv.usage)
    throw new UsageError('--since/--until apply to --cloudtrail; a usage report already has its window');
  failOnOf(argv); // a bad --fail-on is a usage error before any work
  return true;
}

export async function handler(argv: ArgumentsCamelCase<SuggestArgs>, ctx: CommandContext): Promise<number> {
  const { outcome, policies, catalog } = await computeSuggestion(argv, ctx);
  const { stdout, env } = ctx.io;
  const format: SuggestFormat = argv.split ? 'json' : (argv.format ?? (stdout.isTTY ? 'diff' : 'json'));
  const color = useColor({ stdout, env }, argv.color, argv.out !== undefined);
  const width = terminalWidth(stdout, argv.out);
  const render = { color, ...(width !== undefined ? { width } : {}) };
  await writeOutput(suggestRenderers[format]({ outcome, policies }, render), argv.out, stdout);
  const failOn = failOnOf(argv);
  const found = removableOf(
    outcome.report.fresh ? [] : outcome.results.flatMap((r) => r.decisions),
    // A policy written from usage removes nothing from anyone.
    !outcome.report.fresh &&
      outcome.results.some((r) => JSON.stringify(r.before) !== JSON.stringify(r.after)),
    (action) => catalog.actions.action(action)?.accessLevel,
  );
  const over = failOnVerdict(failOn, found);
  if (over) ctx.stderr(over);
  const within = failOnWithin(failOn, found);
  if (within && !argv.quiet) ctx.stderr(within);
  return over ? ExitCode.findings : ExitCode.ok;
}

function scan(
  argv: SuggestArgs,
  ctx: CommandContext,
  catalog: Catalog,
): Promise<{ report: UsageReport; sources: string[] }> {
  const filter = {
    roles: [argv.role],
    ...(argv.since ? { sinceMs: parseDateOption('--since', argv.since) } : {}),
    ...(argv.until ? { untilMs: parseDateOption('--until', argv.until) } : {}),
  };
  return collectReport(argv, { ...defaultAggregateOptions, filter }, argv.quiet, ctx, catalog);
}

/**
 * The `suggest` result for `argv`: reads the policies (`--policy`, `--account-authorization`
 * or live IAM, unless `given`), the evidence and Lambda's needs, and runs `suggestRole`.
 * Shared by `suggest` and `apply`, so both tighten exactly alike.
 */
export async function computeSuggestion(
  argv: SuggestArgs,
  ctx: CommandContext,
  given?: {
    readonly roleArn: string;
    readonly policies: readonly Policy[];
    readonly kinds: ReadonlyMap<string, 'managed' | 'inline'>;
  },
): Promise<{ outcome: SuggestOutcome; policies: Policy[]; catalog: Catalog }> {
  const policies: Policy[] = [...(given?.policies ?? [])];
  const policyKinds = new Map<string, 'managed' | 'inline'>(given?.kinds ?? []);
  for (const file of given ? [] : (argv.policy ?? [])) {
    const p = await readPolicyFile(file);
    policies.push(p);
    policyKinds.set(p.source, argv.policyKind);
  }
  // The role as the account file has it: its policies, and its ARN for what is keyed by one.
  let fileRoleArn: string | undefined = given?.roleArn;
  if (given) {
    // The caller read the role's policies itself.
  } else if (argv.accountAuthorization !== undefined) {
    const auth = await readAccountAuthorizationFile(argv.accountAuthorization);
    const role = findAccountRole(auth, argv.role);
    fileRoleArn = role.arn;
    const found = accountRolePolicies(auth, role, (line) => {
      if (!argv.quiet) ctx.stderr(`iamtrim: warning: ${line}`);
    });
    policies.push(...found.policies);
    for (const [source, kind] of found.kinds) policyKinds.set(source, kind);
    if (!argv.quiet) for (const n of found.notes) ctx.stderr(`iamtrim: note: ${terminalSafe(n)}`);
  } else if (policies.length === 0 && !argv.newPolicy && usesAws(argv)) {
    // No --policy while talking to AWS: tighten what IAM says the role has.
    const live = await readLivePolicies(argv.role, clientConfigOf(argv));
    policies.push(...live.policies);
    for (const [source, kind] of live.kinds) policyKinds.set(source, kind);
    if (!argv.quiet) for (const note of live.notes) ctx.stderr(`iamtrim: note: ${note}`);
  }
  const catalog = createCatalog();
  const { report: usage, sources } = argv.usage
    ? { report: await readUsageFile(argv.usage), sources: [argv.usage] }
    : await scan(argv, ctx, catalog);
  const coverage = await coverageOptions(argv);
  if (argv.trail) {
    if (argv.trailConfig?.length) throw new UsageError('give --trail or --trail-config, not both');
    const live = await readLiveTrail(argv.trail, argv);
    Object.assign(coverage, { trails: [live] });
  }
  const note = (line: string): void => {
    if (!argv.quiet) ctx.stderr(`iamtrim: note: ${terminalSafe(line)}`);
  };
  const trails = await discoverLiveTrails(argv, note);
  if (trails) Object.assign(coverage, { trails });
  const roleArn = argv.role.startsWith('arn:')
    ? argv.role
    : (fileRoleArn ?? usage.principals.find((p) => p.type === 'role' && roleMatches(argv.role, p.arn))?.arn);
  const lastAccessed = roleArn ? await createLastAccessedLookup(argv, note)(roleArn, [argv.role]) : undefined;
  const required = await lambdaRequirementsFromFiles(
    argv.functionConfig ?? [],
    argv.eventSourceMappings ?? [],
    catalog.lambdaNeeds,
  );
  if (!argv.functionConfig?.length && usesAws(argv)) {
    // The role's functions, as the evidence names them: what each one's setup needs
    // (its log group, VPC, event sources) is kept even when CloudTrail cannot show it.
    const functions = usage.principals
      .filter((p) => roleMatches(argv.role, p.arn))
      .flatMap((p) => p.functions);
    required.push(...(await liveLambdaRequirements(functions, argv, catalog.lambdaNeeds)));
  }
  const outcome = suggestRole(
    {
      coverage,
      required,
      ...(lastAccessed ? { lastAccessed } : {}),
      usage,
      role: argv.role,
      policies,
      catalog,
      sources,
      policyKinds,
    },
    {
      minDays: argv.minDays,
      force: argv.force,
      tighten: { generalize: { threshold: argv.threshold } },
      split: argv.split,
    },
  );
  const tooShort = tooLittleEvidence(outcome.report.coverage.spanDays, argv);
  if (!argv.quiet && tooShort && policies.length > 0)
    ctx.stderr(`iamtrim: warning: ${tooShort}: nothing was removed (--force to override)`);
  return { outcome, policies, catalog };
}

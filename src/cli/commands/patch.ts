import { readFile } from 'node:fs/promises';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import {
  defaultPatchOptions,
  locateTemplates,
  patchTemplates,
  type FunctionNeeds,
} from '../../actions/patch.js';
import { describeStackResources } from '../../aws/stack-resources.js';
import { createCatalog } from '../../catalog/catalog.js';
import type { LambdaNeedsData } from '../../catalog/lambda-needs.js';
import { InputError, UsageError } from '../../errors/iamtrim-error.js';
import { stackResourceMap, type StackResource } from '../../iac/resolve-expression.js';
import { unifiedDiff } from '../../iac/unified-diff.js';
import { describeAssumer, roleAssumers, roleKind } from '../../iac/role-assumers.js';
import { colorUnifiedDiff } from '../../render/color-unified-diff.js';
import { renderPrBody } from '../../render/pr-body.js';
import { terminalSafe, terminalSafeText } from '../../render/terminal-safe.js';
import { readJsonFile } from '../../sources/read-json-file.js';
import { lambdaRequirementsFromFiles } from '../../sources/read-lambda-config.js';
import { readUsageFile } from '../../sources/read-usage-file.js';
import { defaultAggregateOptions, type AggregateOptions } from '../../usage/add-record.js';
import { clientConfigOf } from '../aws-options.js';
import {
  collectReport,
  hasEvidenceSource,
  withEvidenceOptions,
  type EvidenceArgs,
} from '../collect-usage.js';
import type { CommandContext } from '../command-context.js';
import { coverageOptions, type CoverageArgs } from '../coverage-options.js';
import { ExitCode } from '../exit-codes.js';
import { isStdoutPath, writeOutput } from '../write-output.js';
import { writeFilesAtomic } from '../../store/atomic-write.js';
import {
  failOnOf,
  failOnVerdict,
  failOnWithin,
  removableOf,
  withFailOnOption,
  type FailOnArgs,
} from '../fail-on.js';
import { parseDateOption } from '../parse-date.js';
import { useColor } from '../use-color.js';
import {
  createLastAccessedLookup,
  withLastAccessedOption,
  type LastAccessedArgs,
} from '../last-accessed-option.js';
import { discoverLiveTrails } from '../live-trails.js';
import { createDiffPaths, createRepoPaths } from '../diff-path.js';
import { sdk } from '../../sdk/require-sdk.js';

export interface PatchArgs extends CoverageArgs, LastAccessedArgs, Omit<EvidenceArgs, 'regions'>, FailOnArgs {
  template: string[];
  /** --color / --no-color (global). */
  color?: boolean;
  usage?: string;
  stack?: string;
  role?: string[];
  roleArn?: string[];
  stackResources?: string;
  param?: string[];
  functionConfig?: string[];
  eventSourceMappings?: string[];
  write: boolean;
  prBody?: string;
  list: boolean;
  allRoles: boolean;
  minDays: number;
  force: boolean;
  quiet: boolean;
  since?: string;
  until?: string;
  out?: string;
}

export const command = 'patch';
export const describe =
  'Write the tightening as a reviewable change to your templates (SAM/CloudFormation, Serverless, Terraform, policy files)';

/** Shown under Examples in `iamtrim patch --help`. */
export const examples = [
  ['$0 patch --template template.yaml --list', 'The roles and policies found, changing nothing'],
  ['$0 patch --template template.yaml --usage usage.json > tighten.diff', 'A diff to review and git apply'],
  [
    '$0 patch --template template.yaml --usage usage.json --write --pr-body pr.md',
    'Edit in place, with a PR description',
  ],
  [
    '$0 patch --template template.yaml --usage usage.json --check',
    'A CI gate: exit 3 when a template grants more than the evidence justifies',
  ],
] as const;

export function builder(y: Argv): Argv<PatchArgs> {
  return withFailOnOption(withLastAccessedOption(withEvidenceOptions(y)))
    .option('template', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'Template or policy file (repeatable)',
    })
    .option('usage', { type: 'string', describe: 'A usage report written by iamtrim usage --format json' })
    .option('role', {
      type: 'string',
      array: true,
      describe: 'Only this role: logical id or resource name (repeatable)',
    })
    .option('role-arn', {
      type: 'string',
      array: true,
      describe: '<logicalId>=<deployed role ARN> (repeatable)',
    })
    .option('stack-resources', {
      type: 'string',
      describe: 'JSON from aws cloudformation describe-stack-resources',
    })
    .option('stack', {
      type: 'string',
      describe: "The deployed stack's name: its resources are read live (DescribeStackResources)",
    })
    .option('param', {
      type: 'string',
      array: true,
      describe: 'Template parameter value, Name=Value (repeatable)',
    })
    .option('function-config', {
      type: 'string',
      array: true,
      describe:
        'As for suggest: JSON from aws lambda get-function-configuration; its needs go to the policies of its Role (added to what the template says)',
    })
    .option('event-source-mappings', {
      type: 'string',
      array: true,
      describe: 'As for suggest: JSON from aws lambda list-event-source-mappings',
    })
    .option('write', {
      type: 'boolean',
      default: false,
      describe: 'Edit the files in place (atomically) instead of printing a diff',
    })
    .option('since', {
      type: 'string',
      describe: 'Start of the evidence window (as for usage; not with --usage)',
    })
    .option('until', { type: 'string', describe: 'End of the evidence window (exclusive)' })
    .option('out', { type: 'string', describe: 'Write the diff to FILE (atomically) instead of stdout' })
    .option('pr-body', { type: 'string', describe: 'Write a Markdown pull-request description to FILE' })
    .option('list', {
      type: 'boolean',
      default: false,
      describe: 'List the roles and policies found, each labelled with what assumes it, and change nothing',
    })
    .option('all-roles', {
      type: 'boolean',
      default: defaultPatchOptions.allRoles,
      describe: 'Patch every role, not only Lambda roles (trusted by Lambda or used by a function)',
    })
    .option('data-events', { type: 'string', describe: 'As for suggest' })
    .option('trail-config', { type: 'string', array: true, describe: 'As for suggest' })
    .option('min-days', { type: 'number', default: defaultPatchOptions.minDays, describe: 'As for suggest' })
    .option('force', { type: 'boolean', default: defaultPatchOptions.force, describe: 'As for suggest' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no warnings on stderr' })
    .check((argv) => {
      if (!argv.list && hasEvidenceSource(argv as EvidenceArgs) === !!argv.usage)
        throw new UsageError(
          'give exactly one of --cloudtrail (or --lookup-events, --athena-table) and --usage (or --list)',
        );
      if ((argv.since || argv.until) && argv.usage)
        throw new UsageError('--since/--until apply to --cloudtrail; a usage report already has its window');
      if (argv.out && argv.write)
        throw new UsageError('--out writes the diff; --write edits the templates: give one of them');
      if (argv.stack && argv.stackResources)
        throw new UsageError('give --stack or --stack-resources, not both');
      failOnOf(argv); // a bad --fail-on is a usage error before any work
      return true;
    }) as unknown as Argv<PatchArgs>;
}

export async function handler(argv: ArgumentsCamelCase<PatchArgs>, ctx: CommandContext): Promise<number> {
  const templates = await locateTemplates(argv.template, argv.role, readTemplate);
  if (argv.list) {
    const lines: string[] = [];
    const assumers = roleAssumers(templates);
    for (const t of templates) {
      if (t.policies.length === 0) lines.push(`${t.file}: no role policy found`);
      for (const p of t.policies) {
        if (p.kind === 'unreadable') {
          lines.push(`${p.file}:${p.line}  not read: ${p.note}`);
          continue;
        }
        const what =
          p.kind === 'statements'
            ? `${p.statements.length} statement(s)`
            : p.kind === 'sam-template'
              ? `SAM policy template ${p.samTemplate?.name}`
              : p.kind;
        // Who assumes the role; a role that is not Lambda's is patched only with --all-roles.
        const assumer = assumers.get(p);
        const label = assumer ? `  [${roleKind(assumer)}: ${describeAssumer(assumer)}]` : '';
        lines.push(
          // One line a policy: an expression quoted over several lines is folded onto it.
          `${p.file}:${p.line}  ${p.role}  ${what}  ${p.path}${label}${p.note ? `  (${p.note.replace(/\s*\n\s*/g, ' ')})` : ''}`,
        );
      }
    }
    await writeOutput(lines.map(terminalSafe).join('\n') + '\n', undefined, ctx.io.stdout);
    return ExitCode.ok;
  }

  const catalog = createCatalog();
  const { report: usage, sources } = argv.usage
    ? { report: await readUsageFile(argv.usage), sources: [argv.usage] }
    : await collectReport(argv as EvidenceArgs, windowed(argv), argv.quiet, ctx, catalog);
  const note = (line: string): void => {
    if (!argv.quiet) ctx.stderr(`iamtrim: note: ${terminalSafe(line)}`);
  };
  const options = await coverageOptions(argv);
  const trails = await discoverLiveTrails(argv as EvidenceArgs & PatchArgs, note);
  // IAM last-accessed, per deployed role: --last-accessed [ROLE=]FILE, or generated live.
  const lastAccessed = createLastAccessedLookup(argv as EvidenceArgs & PatchArgs, note);
  const stack = argv.stackResources
    ? await readStackResources(argv.stackResources)
    : argv.stack
      ? await liveStackResources(argv)
      : new Map<string, StackResource>();
  const functionNeeds = await fileRequirements(
    argv.functionConfig ?? [],
    argv.eventSourceMappings ?? [],
    catalog.lambdaNeeds,
  );
  const result = await patchTemplates(
    {
      templates,
      usage,
      catalog,
      coverage: { ...options, ...(trails ? { trails } : {}) },
      stack,
      functionNeeds,
    },
    {
      roleArns: parsePairs(argv.roleArn ?? [], '--role-arn'),
      params: parsePairs(argv.param ?? [], '--param'),
      minDays: argv.minDays,
      force: argv.force,
      allRoles: argv.allRoles,
    },
    { lastAccessed },
  );

  let diff = '';
  const diffPath = createDiffPaths();
  if (!argv.write)
    for (const o of result.outputs) diff += unifiedDiff(await diffPath(o.file), o.before, o.after);
  for (const file of new Set(result.cdkChanges.map((c) => c.file)))
    note(
      `${file} is AWS CDK output (aws:cdk:path): the next cdk synth overwrites this edit; ${argv.prBody ? 'the PR body gives' : '--pr-body writes'} the CDK statements to use instead`,
    );
  if (!argv.quiet)
    for (const s of [...result.samChanges, ...result.removedPolicies, ...result.skipped])
      ctx.stderr(`iamtrim: note: ${terminalSafe(s)}`);
  const prBody = argv.prBody
    ? renderPrBody({
        patched: result.patched,
        skipped: result.skipped,
        coverage: result.coverage,
        ...(await shownPaths(
          argv,
          sources,
          templates.map((t) => t.file),
        )),
        denied: [...result.denied.values()].flat(),
        samChanges: result.samChanges,
        removedPolicies: result.removedPolicies,
        roleArns: [...result.denied.keys()],
        templateNeeds: result.templateNeeds,
        cdkChanges: result.cdkChanges,
      })
    : undefined;
  // The templates, the PR body and an --out diff are written all or nothing: one that cannot
  // be written leaves every other as it was.
  const files = argv.write ? result.outputs.map((o) => ({ file: o.file, content: o.after })) : [];
  if (prBody !== undefined && !isStdoutPath(argv.prBody)) files.push({ file: argv.prBody, content: prBody });
  const diffToFile = !argv.write && !isStdoutPath(argv.out);
  if (diffToFile) files.push({ file: argv.out as string, content: diff });
  await writeFilesAtomic(files);
  if (prBody !== undefined && isStdoutPath(argv.prBody)) await writeOutput(prBody, undefined, ctx.io.stdout);
  // On a terminal the diff is made safe to look at; in a pipe it stays byte for byte, so
  // `git apply` matches a template that itself holds such bytes.
  // Coloured by the same rule as the suggest diff.
  if (!argv.write && !diffToFile) {
    const shown = ctx.io.stdout.isTTY ? terminalSafeText(diff) : diff;
    const color = useColor(ctx.io, argv.color, false);
    await writeOutput(color ? colorUnifiedDiff(shown) : shown, undefined, ctx.io.stdout);
  }
  const failOn = failOnOf(argv);
  const found = removableOf(
    result.patched.flatMap((p) => p.decisions),
    result.outputs.length > 0,
    (action) => catalog.actions.action(action)?.accessLevel,
  );
  const over = failOnVerdict(failOn, found);
  if (over) ctx.stderr(over);
  const within = failOnWithin(failOn, found);
  if (within && !argv.quiet) ctx.stderr(within);
  return over ? ExitCode.findings : ExitCode.ok;
}

/** The evidence window of --since/--until, for a scan. */
function windowed(argv: PatchArgs): AggregateOptions {
  const filter = {
    ...(argv.since ? { sinceMs: parseDateOption('--since', argv.since) } : {}),
    ...(argv.until ? { untilMs: parseDateOption('--until', argv.until) } : {}),
  };
  return { ...defaultAggregateOptions, filter };
}

async function readTemplate(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read template: ${(e as Error).message}`, file, { cause: e });
  }
}

async function readStackResources(file: string): Promise<Map<string, StackResource>> {
  const doc = (await readJsonFile(file, 'stack resources')) as {
    StackResources?: { LogicalResourceId?: string; PhysicalResourceId?: string; ResourceType?: string }[];
  };
  if (!Array.isArray(doc?.StackResources))
    throw new InputError('expected the output of aws cloudformation describe-stack-resources', file);
  return stackResourceMap(doc.StackResources);
}

/**
 * Each --function-config file's needs, with the role its configuration names (undefined
 * when it names none: then they go to every patched role, as suggest applies them).
 */
async function fileRequirements(
  configFiles: readonly string[],
  mappingFiles: readonly string[],
  needs: LambdaNeedsData,
): Promise<FunctionNeeds[]> {
  if (configFiles.length === 0) {
    // Checks the files and says that mappings need their functions' configuration.
    await lambdaRequirementsFromFiles(configFiles, mappingFiles, needs);
    return [];
  }
  const out: FunctionNeeds[] = [];
  for (const file of configFiles) {
    const required = await lambdaRequirementsFromFiles([file], mappingFiles, needs);
    const doc = (await readJsonFile(file, 'function configuration')) as {
      Role?: unknown;
      Configuration?: { Role?: unknown };
    };
    const role = doc.Configuration?.Role ?? doc.Role;
    out.push({ role: typeof role === 'string' ? role : undefined, required });
  }
  return out;
}

function parsePairs(items: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag}: expected Name=Value, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

async function liveStackResources(argv: PatchArgs): Promise<Map<string, StackResource>> {
  const { CloudFormationClient } = sdk('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient(clientConfigOf(argv as EvidenceArgs));
  try {
    return await describeStackResources(client, argv.stack as string);
  } finally {
    client.destroy();
  }
}

/**
 * The PR body's local paths (templates, the usage file, --cloudtrail directories) relative to
 * their repository, so it names no directory of the author's machine; S3, Athena and
 * LookupEvents sources stay as given.
 */
async function shownPaths(
  argv: PatchArgs,
  sources: readonly string[],
  files: readonly string[],
): Promise<{ sources: string[]; paths: Map<string, string> }> {
  const repoPath = createRepoPaths();
  const local = new Set([
    ...(argv.usage ? [argv.usage] : []),
    ...(argv.cloudtrail ?? []).filter((c) => !c.startsWith('s3://') && c !== '-'),
  ]);
  const paths = new Map<string, string>();
  for (const f of files) paths.set(f, await repoPath(f));
  return {
    sources: await Promise.all(sources.map((s) => (local.has(s) ? repoPath(s) : s))),
    paths,
  };
}

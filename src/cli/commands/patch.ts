import lambdaNeedsData from '../../catalog/data/lambda-needs.json' with { type: 'json' };
import { eventNamesOf } from '../../catalog/event-names-of.js';
import { lambdaPossibleNeeds, type LambdaNeedsData } from '../../catalog/lambda-needs.js';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Argv, ArgumentsCamelCase } from 'yargs';
import { createEventCatalog } from '../../catalog/create-event-catalog.js';
import { eventSourcePrefix } from '../../catalog/event-source-prefix.js';
import { createDefaultObservability } from '../../catalog/load-observability-data.js';
import { evidenceStats, workOutCoverage } from '../../coverage/input-coverage.js';
import { IamLimitError, InputError, UsageError } from '../../errors/iamtrim-error.js';
import { templateResources } from '../../iac/cloudformation.js';
import { templatePolicyKind } from '../../iac/template-policy-kind.js';
import { adviseOverLimit } from '../../synthesize/limit-advice.js';
import { checkLimits, overLimits, type SizedPolicy } from '../../verify/iam-limits.js';
import { extractLambdaFacts } from '../../iac/lambda-facts/extract-lambda-facts.js';
import { factsForPolicy } from '../../iac/lambda-facts/facts-for-policy.js';
import { templateRequirements } from '../../iac/lambda-facts/template-requirements.js';
import { locatePolicies } from '../../iac/locate-policies.js';
import { patchPolicy, type PatchedPolicy } from '../../iac/patch-policy.js';
import { assertNarrower, decideSamTemplate } from '../../iac/sam-policy-templates.js';
import { canRender, renderStatementList, type TextEdit } from '../../iac/render-statements.js';
import { stackResourceMap, type ResolveContext, type StackResource } from '../../iac/resolve-expression.js';
import type { LocatedPolicy } from '../../iac/template-policy.js';
import { applyEdits, unifiedDiff } from '../../iac/unified-diff.js';
import { renderPrBody } from '../../render/pr-body.js';
import { terminalSafe } from '../../render/terminal-safe.js';
import { readJsonFile } from '../../sources/read-json-file.js';
import { lambdaRequirementsFromFiles } from '../../sources/read-lambda-config.js';
import { roleMatches } from '../../normalize/principal.js';
import { readUsageFile } from '../../sources/read-usage-file.js';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeStackResources } from '../../aws/stack-resources.js';
import {
  roleEvidence,
  withRequirements,
  type RequiredPermission,
  type RoleEvidence,
} from '../../synthesize/role-evidence.js';
import { defaultAggregateOptions } from '../../usage/add-record.js';
import type { UsageReport } from '../../usage/usage-report.js';
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
import { writeOutput } from '../write-output.js';
import {
  createLastAccessedLookup,
  withLastAccessedOption,
  type LastAccessedArgs,
} from '../last-accessed-option.js';
import { discoverLiveTrails } from '../live-trails.js';

export interface PatchArgs extends CoverageArgs, LastAccessedArgs, Omit<EvidenceArgs, 'regions'> {
  template: string[];
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
  minDays: number;
  force: boolean;
  quiet: boolean;
}

export const command = 'patch';
export const describe =
  'Write the tightening as a reviewable change to your templates (SAM/CloudFormation, Serverless, Terraform, policy files)';

export function builder(y: Argv): Argv<PatchArgs> {
  return withLastAccessedOption(withEvidenceOptions(y))
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
    .option('pr-body', { type: 'string', describe: 'Write a Markdown pull-request description to FILE' })
    .option('list', {
      type: 'boolean',
      default: false,
      describe: 'List the Lambda roles and policies found, and change nothing',
    })
    .option('data-events', { type: 'string', describe: 'As for suggest' })
    .option('trail-config', { type: 'string', array: true, describe: 'As for suggest' })
    .option('min-days', { type: 'number', default: 30, describe: 'As for suggest' })
    .option('force', { type: 'boolean', default: false, describe: 'As for suggest' })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no warnings on stderr' })
    .check((argv) => {
      if (!argv.list && hasEvidenceSource(argv as EvidenceArgs) === !!argv.usage)
        throw new UsageError(
          'give exactly one of --cloudtrail (or --lookup-events, --athena-table) and --usage (or --list)',
        );
      if (argv.stack && argv.stackResources)
        throw new UsageError('give --stack or --stack-resources, not both');
      return true;
    }) as unknown as Argv<PatchArgs>;
}

export async function handler(argv: ArgumentsCamelCase<PatchArgs>, ctx: CommandContext): Promise<number> {
  const templates: { file: string; text: string; policies: LocatedPolicy[] }[] = [];
  for (const file of argv.template) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read template: ${(e as Error).message}`, file, { cause: e });
    }
    const policies = locatePolicies(file, text).filter((p) => !argv.role || argv.role.includes(p.role));
    templates.push({ file, text, policies });
  }
  if (argv.list) {
    const lines: string[] = [];
    for (const t of templates) {
      if (t.policies.length === 0) lines.push(`${t.file}: no role policy found`);
      for (const p of t.policies) {
        const what =
          p.kind === 'statements'
            ? `${p.statements.length} statement(s)`
            : p.kind === 'sam-template'
              ? `SAM policy template ${p.samTemplate?.name}`
              : p.kind;
        lines.push(`${p.file}:${p.line}  ${p.role}  ${what}  ${p.path}${p.note ? `  (${p.note})` : ''}`);
      }
    }
    await writeOutput(lines.map(terminalSafe).join('\n') + '\n', undefined, ctx.io.stdout);
    return ExitCode.ok;
  }

  const { report: usage, sources } = argv.usage
    ? { report: await readUsageFile(argv.usage), sources: [argv.usage] }
    : await collectReport(argv as EvidenceArgs, defaultAggregateOptions, argv.quiet, ctx);
  const eventCatalog = createEventCatalog();
  const prefixOf = (s: string): string => eventSourcePrefix(s, eventCatalog.data.eventSourcePrefixes);
  const note = (line: string): void => {
    if (!argv.quiet) ctx.stderr(`iamtrim: note: ${terminalSafe(line)}`);
  };
  const options = await coverageOptions(argv);
  const trails = await discoverLiveTrails(argv as EvidenceArgs & PatchArgs, note);
  const coverage = workOutCoverage(evidenceStats(usage.stats, prefixOf), {
    prefixOf,
    ...options,
    ...(trails ? { trails } : {}),
  });
  // IAM last-accessed, per deployed role: --last-accessed [ROLE=]FILE, or generated live.
  const lastAccessedOf = createLastAccessedLookup(argv as EvidenceArgs & PatchArgs, note);
  const withLastAccessed = async (e: RoleEvidence, logicalId: string): Promise<RoleEvidence> => {
    const lastAccessed = await lastAccessedOf(e.roleArn, [logicalId]);
    return lastAccessed ? { ...e, lastAccessed } : e;
  };
  const tightenCtx = {
    catalog: eventCatalog.actions,
    observability: createDefaultObservability(),
    prefixOf,
    eventNamesOf: eventNamesOf(eventCatalog.data),
  };
  const stack = argv.stackResources
    ? await readStackResources(argv.stackResources)
    : argv.stack
      ? await liveStackResources(argv)
      : new Map<string, StackResource>();
  const fileNeeds = await fileRequirements(argv.functionConfig ?? [], argv.eventSourceMappings ?? []);
  const templateNeeds: string[] = [];
  // What Lambda needs through the role, from the template's functions that use it and from
  // --function-config files: kept like observed use (they only ever keep or add).
  const withRequired = (
    evidence: RoleEvidence,
    t: { file: string; text: string },
    p: LocatedPolicy,
    resolve: ResolveContext,
  ): RoleEvidence => {
    const required: RequiredPermission[] = fileNeeds
      .filter((f) => f.role === undefined || roleMatches(f.role, evidence.roleArn))
      .flatMap((f) => f.required);
    for (const fact of factsForPolicy(extractLambdaFacts(t.file, t.text, resolve), p)) {
      const needs = templateRequirements(fact, lambdaNeedsData as unknown as LambdaNeedsData);
      required.push(...needs);
      const actions = [...new Set(needs.map((n) => n.action))];
      templateNeeds.push(
        `${p.file}:${p.line} ${p.role}: ${fact.function} (${fact.file}:${fact.line}) needs ${actions.join(', ')}`,
      );
      for (const note of fact.notes) templateNeeds.push(`${fact.file}:${fact.line} ${note}`);
    }
    return withRequirements(evidence, required);
  };
  const roleArns = parsePairs(argv.roleArn ?? [], '--role-arn');
  const params = parsePairs(argv.param ?? [], '--param');

  const patched: PatchedPolicy[] = [];
  const samChanges: string[] = [];
  const denied = new Map<string, RoleEvidence['denied']>();
  const skipped: string[] = [];
  let diff = '';
  const outputs: { file: string; text: string }[] = [];
  // Per template and role: the policies as IAM will hold them, for the size limits.
  const sized = new Map<string, SizedPolicy[]>();
  for (const t of templates) {
    const edits: TextEdit[] = [];
    const resources = templateResources(t.text);
    for (const p of t.policies) {
      if (p.kind === 'sam-template') {
        const found = findEvidence(p.role, usage, coverage, roleArns, stack, roleNames(t.text));
        if (found.kind === 'none') {
          skipped.push(`${p.file}:${p.line} ${p.role}: ${found.why}`);
          continue;
        }
        const samEvidence = await withLastAccessed(found.evidence, p.role);
        const resolve = resolveContext(t.text, samEvidence, params, stack);
        const decision = decideSamTemplate(p, withRequired(samEvidence, t, p, resolve), tightenCtx, resolve);
        const name = p.samTemplate?.name ?? '?';
        const where = `${p.file}:${p.line} ${p.role}`;
        if (decision.kind === 'narrow' && p.samTemplate?.keyRange) {
          assertNarrower(name, decision.to, tightenCtx, resolve);
          edits.push({ start: p.samTemplate.keyRange[0], end: p.samTemplate.keyRange[1], text: decision.to });
          samChanges.push(`${where}: ${name} → ${decision.to}: ${decision.reason}`);
        } else if (decision.kind === 'remove' && p.samTemplate?.entryRange) {
          edits.push({ start: p.samTemplate.entryRange[0], end: p.samTemplate.entryRange[1], text: '' });
          samChanges.push(`${where}: ${name} removed: ${decision.reason}`);
        } else {
          samChanges.push(`${where}: ${name} kept: ${decision.reason}`);
        }
        continue;
      }
      if (p.kind !== 'statements') {
        skipped.push(`${p.file}:${p.line} ${p.role} ${p.path}: ${p.kind}${p.note ? ` (${p.note})` : ''}`);
        continue;
      }
      // Locators name the deployed role in a note when the template implies it (Serverless's
      // default <service>-<stage>-<region>-lambdaRole).
      const hinted = /default name ([A-Za-z0-9+=,.@_-]+)/.exec(p.note ?? '')?.[1];
      const names = roleNames(t.text);
      if (hinted && !names.has(p.role)) names.set(p.role, hinted);
      const arns = { ...roleArns };
      if (p.format === 'terraform') {
        // A Terraform policy belongs to the role its note names (`role = aws_iam_role.x.id`),
        // which --role-arn may name, or whose literal `name` finds it in the evidence.
        const tfNames = terraformRoleNames(t.text);
        for (const address of [p.role, ...terraformRoleAddresses(p.note ?? '')]) {
          const arn = roleArns[address];
          if (arn && arns[p.role] === undefined) arns[p.role] = arn;
          const name = tfNames.get(address);
          if (name && !names.has(p.role)) names.set(p.role, name);
        }
      }
      const evidence = findEvidence(p.role, usage, coverage, arns, stack, names);
      if (evidence.kind === 'none') {
        skipped.push(`${p.file}:${p.line} ${p.role}: ${evidence.why}`);
        continue;
      }
      if (coverage.spanDays < argv.minDays && !argv.force) {
        skipped.push(
          `${p.file}:${p.line} ${p.role}: the evidence spans ${coverage.spanDays} day(s), fewer than --min-days ${argv.minDays}`,
        );
        continue;
      }
      denied.set(evidence.evidence.roleArn, evidence.evidence.denied);
      if (!canRender(t.text, p)) {
        skipped.push(
          `${p.file}:${p.line} ${p.role}: found, but rewriting this form (Terraform statement blocks or policy_statements maps) is not supported yet`,
        );
        continue;
      }
      const roleEv = await withLastAccessed(evidence.evidence, p.role);
      const resolve = resolveContext(t.text, roleEv, params, stack);
      const result = patchPolicy(p, withRequired(roleEv, t, p, resolve), tightenCtx, resolve);
      patched.push(result);
      const key = JSON.stringify([t.file, p.role]);
      sized.set(key, [
        ...(sized.get(key) ?? []),
        {
          source: `${p.file}:${p.line} ${p.path}`,
          kind: templatePolicyKind(p, resources),
          doc: result.after,
        },
      ]);
      if (result.changed) edits.push(renderStatementList(t.text, p, result.statements));
    }
    const after = applyEdits(t.text, edits);
    if (after === t.text) continue;
    outputs.push({ file: t.file, text: after });
  }
  // Nothing is written or printed when a result would not fit IAM.
  checkTemplateLimits(sized, patched);
  for (const o of outputs) {
    const t = templates.find((x) => x.file === o.file) as { text: string };
    if (argv.write) await writeOutput(o.text, o.file, ctx.io.stdout);
    else diff += unifiedDiff(relative(process.cwd(), o.file), t.text, o.text);
  }
  if (!argv.quiet)
    for (const s of [...samChanges, ...skipped]) ctx.stderr(`iamtrim: note: ${terminalSafe(s)}`);
  if (argv.prBody)
    await writeOutput(
      renderPrBody({
        patched,
        skipped,
        coverage,
        sources,
        denied: [...denied.values()].flat(),
        samChanges,
        roleArns: [...denied.keys()],
        templateNeeds,
      }),
      argv.prBody,
      ctx.io.stdout,
    );
  if (!argv.write) await writeOutput(diff, undefined, ctx.io.stdout);
  return ExitCode.ok;
}

/**
 * Each role's tightened policies against IAM's limits (resolved values stand in for
 * expressions, so an ARN CloudFormation fills in counts at about its deployed length).
 */
function checkTemplateLimits(
  sized: ReadonlyMap<string, SizedPolicy[]>,
  patched: readonly PatchedPolicy[],
): void {
  const messages: string[] = [];
  const decisions = patched.flatMap((p) =>
    p.decisions.map((d) => ({
      ...d,
      statement: { ...d.statement, source: `${p.policy.file}:${p.policy.line} ${p.policy.path}` },
    })),
  );
  for (const [key, policies] of sized) {
    const [file, role] = JSON.parse(key) as [string, string];
    for (const c of overLimits(checkLimits(policies)))
      messages.push(
        `${file}: role ${role}: ${adviseOverLimit(c, decisions, { split: 'none', compacted: false })}`,
      );
  }
  if (messages.length > 0) throw new IamLimitError(messages.join('\n'));
}

type EvidenceMatch = { kind: 'found'; evidence: RoleEvidence } | { kind: 'none'; why: string };

/**
 * Which deployed role a template role is: --role-arn, then the stack's physical id, then the
 * name CloudFormation gives a role without RoleName (`<stack>-<LogicalId>-<suffix>`).
 */
// What Lambda may need through any execution role, kept as granted (see lambdaPossibleNeeds).
const POSSIBLE_NEEDS = lambdaPossibleNeeds(lambdaNeedsData as LambdaNeedsData);

function findEvidence(
  role: string,
  usage: UsageReport,
  coverage: ReturnType<typeof workOutCoverage>,
  roleArns: Record<string, string>,
  stack: ReadonlyMap<string, StackResource>,
  names: ReadonlyMap<string, string>,
): EvidenceMatch {
  const explicit = roleArns[role] ?? stack.get(role)?.physicalId ?? names.get(role);
  if (explicit) {
    const e = roleEvidence(usage, explicit, coverage, [], POSSIBLE_NEEDS);
    return e
      ? { kind: 'found', evidence: e }
      : { kind: 'none', why: `${explicit} made no recorded call in the evidence` };
  }
  const candidates = usage.principals.filter(
    (p) => p.type === 'role' && p.arn.slice(p.arn.lastIndexOf('/') + 1).includes(role),
  );
  if (candidates.length === 1) {
    const e = roleEvidence(usage, (candidates[0] as { arn: string }).arn, coverage, [], POSSIBLE_NEEDS);
    if (e) return { kind: 'found', evidence: e };
  }
  if (candidates.length > 1) {
    return {
      kind: 'none',
      why: `several roles in the evidence could be ${role} (${candidates.map((c) => c.arn).join(', ')}): give --role-arn ${role}=<arn>`,
    };
  }
  return {
    kind: 'none',
    why: `no role in the evidence matches ${role}: give --role-arn ${role}=<arn> or --stack <name> (or --stack-resources)`,
  };
}

function resolveContext(
  text: string,
  evidence: RoleEvidence,
  params: Record<string, string>,
  stack: ReadonlyMap<string, StackResource>,
): ResolveContext {
  const [, partition = 'aws', , , account] = evidence.roleArn.split(':');
  const regions = evidence.coverage.regions.filter((r) => r !== 'unknown');
  return {
    partition,
    account: account || undefined,
    region: regions.length === 1 ? regions[0] : undefined,
    params: { ...templateDefaults(text), ...params },
    stackResources: stack,
    templateResources: templateResources(text),
  };
}

// Parameter defaults and resource types, read with a light touch: the locator has already
// validated the template, and these only help matching.
function templateDefaults(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const block = /^Parameters:\s*\n((?:[ \t]+.*\n|\s*\n)*)/m.exec(text)?.[1] ?? '';
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const name = /^ {2}([A-Za-z0-9]+):\s*$/.exec(line)?.[1];
    if (name) current = name;
    const def = /^\s+Default:\s*['"]?([^'"#\n]+?)['"]?\s*$/.exec(line)?.[1];
    if (current && def !== undefined) out[current] = def;
  }
  return out;
}

/** Literal RoleName properties, by logical id: a named role is found by its name. */
function roleNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re =
    /^ {2}([A-Za-z0-9]+):\s*\n\s+Type:\s*['"]?AWS::IAM::Role['"]?\s*\n\s+Properties:\s*\n((?:\s{6,}.*\n)*)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = /^\s+RoleName:\s*['"]?([A-Za-z0-9+=,.@_-]+)['"]?\s*$/m.exec(m[2] as string)?.[1];
    if (name) out.set(m[1] as string, name);
  }
  return out;
}

/**
 * Literal role names in Terraform: `resource "aws_iam_role" "x" { name = "..." }`, and the
 * lambda module's role (`role_name`, else the module names it after `function_name`).
 */
function terraformRoleNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^(resource\s+"aws_iam_role"|module)\s+"([\w-]+)"(?:\s+"([\w-]+)")?\s*\{\n([\s\S]*?)^\}/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[4] as string;
    const literal = (attr: string): string | undefined =>
      new RegExp(`^\\s*${attr}\\s*=\\s*"([A-Za-z0-9+=,.@_-]+)"\\s*$`, 'm').exec(body)?.[1];
    if (m[1]?.startsWith('resource')) {
      const name = literal('name');
      if (name) out.set(`aws_iam_role.${m[2] as string}`, name);
    } else {
      const name = literal('role_name') ?? literal('function_name');
      if (name) out.set(`module.${m[2] as string}`, name);
    }
  }
  return out;
}

/** The `aws_iam_role.x` addresses a Terraform policy's note names (where it is attached). */
function terraformRoleAddresses(note: string): string[] {
  return [...note.matchAll(/\baws_iam_role\.([\w-]+)/g)].map((m) => `aws_iam_role.${m[1] as string}`);
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
): Promise<{ role: string | undefined; required: RequiredPermission[] }[]> {
  if (configFiles.length === 0) {
    // Checks the files and says that mappings need their functions' configuration.
    await lambdaRequirementsFromFiles(configFiles, mappingFiles);
    return [];
  }
  const out: { role: string | undefined; required: RequiredPermission[] }[] = [];
  for (const file of configFiles) {
    const required = await lambdaRequirementsFromFiles([file], mappingFiles);
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
  const client = new CloudFormationClient(clientConfigOf(argv as EvidenceArgs));
  try {
    return await describeStackResources(client, argv.stack as string);
  } finally {
    client.destroy();
  }
}

import type { Catalog } from '../catalog/catalog.js';
import { ownValue } from '../catalog/own-value.js';
import { lambdaPossibleNeeds, type LambdaNeed } from '../catalog/lambda-needs.js';
import {
  evidenceStats,
  workOutCoverage,
  type CoverageOptions,
  type InputCoverage,
} from '../coverage/input-coverage.js';
import type { LastAccessedEvidence } from '../coverage/last-accessed.js';
import { IamLimitError, InputError } from '../errors/iamtrim-error.js';
import { templateResources, type TemplateResource } from '../iac/cloudformation/template-resources.js';
import { extractLambdaFacts } from '../iac/lambda-facts/extract-lambda-facts.js';
import { factsForPolicy } from '../iac/lambda-facts/facts-for-policy.js';
import { templateRequirements } from '../iac/lambda-facts/template-requirements.js';
import { locatePolicies } from '../iac/locate-policies.js';
import { patchPolicy, type PatchedPolicy, type StatementToWrite } from '../iac/patch-policy.js';
import { emptyListOnKeyLine, removeEmptyEntries, removeEmptyPolicy } from '../iac/remove-empty-policy.js';
import { canRender, renderStatementList } from '../iac/render-statements.js';
import { applyEdits, type TextEdit } from '../iac/text/text-edits.js';
import type { ResolveContext, StackResource } from '../iac/resolve-expression.js';
import { assertNarrower, decideSamTemplate } from '../iac/sam-policy-templates.js';
import { templateParameterDefaults } from '../iac/template-parameters.js';
import type { LocatedPolicy } from '../iac/template-policy.js';
import { templatePolicyKind } from '../iac/template-policy-kind.js';
import { locateTemplateFilePolicies } from '../iac/template-file-policy.js';
import { describeAssumer, isOtherServiceRole, roleAssumers } from '../iac/role-assumers.js';
import { terraformRoleNames } from '../iac/terraform-role-names.js';
import { roleMatches } from '../normalize/principal.js';
import { adviseOverLimit } from '../synthesize/limit-advice.js';
import { tooLittleEvidence } from '../synthesize/min-days-gate.js';
import {
  roleEvidence,
  withRequirements,
  type RequiredPermission,
  type RoleEvidence,
} from '../synthesize/role-evidence.js';
import type { TightenContext } from '../synthesize/tighten-policy.js';
import type { UsageReport } from '../usage/usage-report.js';
import { checkLimits, overLimits, type SizedPolicy } from '../verify/iam-limits.js';

/** How `patch` works; every field has a default in `defaultPatchOptions`. */
export interface PatchOptions {
  /** Only these roles (logical id or resource name); undefined means every role. */
  readonly roles: readonly string[] | undefined;
  /** `--role-arn`: template role → deployed role ARN. */
  readonly roleArns: Readonly<Record<string, string>>;
  /** `--param`: template parameter values (over the template's defaults). */
  readonly params: Readonly<Record<string, string>>;
  /** Below this many days of evidence no policy is patched (unless `force`). */
  readonly minDays: number;
  readonly force: boolean;
  /** `--all-roles`: also patch roles that other services assume (see isOtherServiceRole). */
  readonly allRoles: boolean;
}

/** The defaults of `patch`, written once. */
export const defaultPatchOptions: PatchOptions = {
  roles: undefined,
  roleArns: {},
  params: {},
  minDays: 30,
  force: false,
  allRoles: false,
};

/** The I/O `patch` needs, supplied by its caller. */
export interface PatchPorts {
  /** A template's text; throws (naming the file) when it cannot be read. */
  readonly readTemplate: (file: string) => Promise<string>;
  /** IAM last-accessed data of a deployed role (also known by `names`), if any. */
  readonly lastAccessed: (
    roleArn: string,
    names: readonly string[],
  ) => Promise<LastAccessedEvidence | undefined>;
}

/** One template as read, with the policies found in it (after the `roles` filter). */
export interface LocatedTemplate {
  readonly file: string;
  readonly text: string;
  readonly policies: readonly LocatedPolicy[];
}

/** What Lambda needs through a role, from one `--function-config` file. */
export interface FunctionNeeds {
  /** The role the configuration names; undefined: every patched role. */
  readonly role: string | undefined;
  readonly required: readonly RequiredPermission[];
}

/** The data `patch` works on. */
export interface PatchInput {
  readonly templates: readonly LocatedTemplate[];
  readonly usage: UsageReport;
  readonly catalog: Catalog;
  /** --data-events, --regions and the trails' configuration. */
  readonly coverage?: CoverageOptions;
  /** The deployed stack's resources by logical id (empty when not given). */
  readonly stack?: ReadonlyMap<string, StackResource>;
  /** What Lambda needs, from function configuration files. */
  readonly functionNeeds?: readonly FunctionNeeds[];
}

/** A template file as it was and as patched. */
export interface PatchedFile {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

/** What `patch` found and did; nothing is written yet. */
export interface PatchResult {
  readonly coverage: InputCoverage;
  readonly patched: readonly PatchedPolicy[];
  /** The files that change, in template order. */
  readonly outputs: readonly PatchedFile[];
  /** What happened to each SAM policy template (narrowed, removed, kept), with why. */
  readonly samChanges: readonly string[];
  /** Policies left as they are, with why. */
  readonly skipped: readonly string[];
  /** Whole policy entries removed because none of their statements is used, with where. */
  readonly removedPolicies: readonly string[];
  /** What Lambda needs through each role, as read from the templates. */
  readonly templateNeeds: readonly string[];
  /** Changed policies of templates the AWS CDK synthesized: the next synth overwrites the edit. */
  readonly cdkChanges: readonly CdkChange[];
  /** Denied calls, by the deployed role ARN of each policy found in the evidence. */
  readonly denied: ReadonlyMap<string, RoleEvidence['denied']>;
}

/** A changed policy in `cdk synth` output, and the construct it came from (`aws:cdk:path`). */
export interface CdkChange {
  readonly file: string;
  readonly line: number;
  readonly constructPath: string;
  readonly statements: readonly StatementToWrite[];
}

/** Reads each template and finds its policies (of `roles` only, when given). */
export async function locateTemplates(
  files: readonly string[],
  roles: readonly string[] | undefined,
  readTemplate: PatchPorts['readTemplate'],
): Promise<LocatedTemplate[]> {
  const out: LocatedTemplate[] = [];
  for (const file of files) {
    const text = await readTemplate(file);
    const found = locatePolicies(file, text);
    const names = roles ? deployedRoleNames(text, found) : undefined;
    // An unreadable file is kept whatever the roles: patch stops on it, --list shows it.
    const policies = found.filter(
      (p) =>
        !roles ||
        p.kind === 'unreadable' ||
        [p.role, ...(names?.get(p) ?? [])].some((name) => roles.includes(name)),
    );
    const readFiles: LocatedTemplate[] = [];
    // A policy read from another file (templatefile()) is located, and patched, in that file.
    for (const [i, p] of policies.entries()) {
      if (!p.templateFile) continue;
      const tplFile = siblingPath(file, p.templateFile.path);
      let tplText: string;
      try {
        tplText = await readTemplate(tplFile);
      } catch (error) {
        // The policy stays as found (unsupported), saying why its file was not read.
        const why = error instanceof Error ? error.message : String(error);
        policies[i] = { ...p, note: `${p.note ?? ''}; but it could not be read: ${why}` };
        continue;
      }
      const roleName = terraformRoleNames(text).get(p.attachedRoles?.[0] ?? p.role);
      const from = roleName !== undefined && p.roleName === undefined ? { ...p, roleName } : p;
      readFiles.push({
        file: tplFile,
        text: tplText,
        policies: locateTemplateFilePolicies(tplFile, tplText, from),
      });
    }
    out.push({ file, text, policies }, ...readFiles);
  }
  return out;
}

/** A path relative to a file's directory, as the file names it (`dir/main.tf` + `p.tpl`). */
function siblingPath(file: string, relative: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? relative : `${file.slice(0, slash + 1)}${relative}`;
}

/**
 * The deployed role names a template gives each policy's role, for `--role` by resource
 * name: a literal `RoleName` (CloudFormation/SAM, YAML or JSON), a Terraform role's `name`,
 * Serverless's default role name.
 */
function deployedRoleNames(text: string, policies: readonly LocatedPolicy[]): Map<LocatedPolicy, string[]> {
  const out = new Map<LocatedPolicy, string[]>();
  const cfn = policies.some((p) => p.format === 'cloudformation')
    ? cloudFormationRoleNames(templateResources(text))
    : new Map<string, string>();
  const tf = policies.some((p) => p.format === 'terraform')
    ? terraformRoleNames(text)
    : new Map<string, string>();
  for (const p of policies) {
    const names = [p.roleName, cfn.get(p.role)];
    for (const address of [p.role, ...(p.attachedRoles ?? [])]) names.push(tf.get(address));
    out.set(
      p,
      names.filter((n): n is string => n !== undefined),
    );
  }
  return out;
}

/**
 * The whole `patch` job on data: find each template policy's deployed role in the
 * evidence, tighten its statements (or decide its SAM policy template), and edit the
 * templates' text. Throws `IamLimitError`, before anything is returned, when a role's
 * tightened policies would not fit IAM.
 */
export async function patchTemplates(
  input: PatchInput,
  overrides: Partial<PatchOptions>,
  ports: Pick<PatchPorts, 'lastAccessed'>,
): Promise<PatchResult> {
  const options: PatchOptions = { ...defaultPatchOptions, ...overrides };
  const { catalog, usage } = input;
  const stack = input.stack ?? new Map<string, StackResource>();
  const coverage = workOutCoverage(evidenceStats(usage.stats, catalog.prefixOf), {
    prefixOf: catalog.prefixOf,
    ...input.coverage,
  });
  const tightenCtx: TightenContext = {
    catalog: catalog.actions,
    observability: catalog.observability,
    prefixOf: catalog.prefixOf,
    eventNamesOf: catalog.eventNamesOf,
  };
  // What Lambda may need through any execution role, kept as granted (see lambdaPossibleNeeds).
  const possibleNeeds = lambdaPossibleNeeds(catalog.lambdaNeeds);
  const withLastAccessed = async (e: RoleEvidence, logicalId: string): Promise<RoleEvidence> => {
    const lastAccessed = await ports.lastAccessed(e.roleArn, [logicalId]);
    return lastAccessed ? { ...e, lastAccessed } : e;
  };
  const templateNeeds: string[] = [];
  // What Lambda needs through the role, from the template's functions that use it and from
  // --function-config files: kept like observed use (they only ever keep or add).
  const withRequired = (
    evidence: RoleEvidence,
    t: LocatedTemplate,
    p: LocatedPolicy,
    resolve: ResolveContext,
  ): RoleEvidence => {
    const required: RequiredPermission[] = (input.functionNeeds ?? [])
      .filter((f) => f.role === undefined || roleMatches(f.role, evidence.roleArn))
      .flatMap((f) => f.required);
    for (const fact of factsForPolicy(extractLambdaFacts(t.file, t.text, resolve), p)) {
      const needs = templateRequirements(fact, catalog.lambdaNeeds);
      required.push(...needs);
      const actions = [...new Set(needs.map((n) => n.action))];
      templateNeeds.push(
        `${p.file}:${p.line} ${p.role}: ${fact.function} (${fact.file}:${fact.line}) needs ${actions.join(', ')}`,
      );
      for (const note of fact.notes) templateNeeds.push(`${fact.file}:${fact.line} ${note}`);
    }
    return withRequirements(evidence, required);
  };
  const find = (role: string, arns: Readonly<Record<string, string>>, names: ReadonlyMap<string, string>) =>
    findEvidence(role, usage, coverage, arns, stack, names, possibleNeeds);
  const resolveOf = (
    t: LocatedTemplate,
    evidence: RoleEvidence,
    resources: TemplateResources,
  ): ResolveContext => resolveContext(t.text, evidence, options.params, stack, resources);

  const patched: PatchedPolicy[] = [];
  const samChanges: string[] = [];
  const removedPolicies: string[] = [];
  const denied = new Map<string, RoleEvidence['denied']>();
  const skipped: string[] = [];
  const outputs: PatchedFile[] = [];
  const cdkChanges: CdkChange[] = [];
  // A template that cannot be read stops the job: patching the rest would look complete.
  for (const t of input.templates)
    for (const p of t.policies)
      if (p.kind === 'unreadable') throw new InputError(p.note ?? 'the template cannot be read', p.file);
  // Who assumes each policy's role: only Lambda roles are patched unless --all-roles.
  const assumers = roleAssumers(input.templates);
  // Per template and role: the policies as IAM will hold them, for the size limits.
  const sized = new Map<string, SizedPolicy[]>();
  for (const t of input.templates) {
    const edits: TextEdit[] = [];
    const removed = new Set<string>();
    const entries: LocatedPolicy[] = [];
    if (t.policies.length === 0)
      skipped.push(
        `${t.file}: no role policy found${options.roles ? ` of ${options.roles.join(', ')}` : ''}`,
      );
    const resources = templateResources(t.text);
    const roleNames = cloudFormationRoleNames(resources);
    for (const p of t.policies) {
      const assumer = assumers.get(p);
      if (!options.allRoles && assumer && isOtherServiceRole(assumer)) {
        skipped.push(
          `${p.file}:${p.line} ${p.role}: skipped: assumed by ${describeAssumer(assumer)}, not a Lambda role; use --all-roles`,
        );
        continue;
      }
      if (p.kind === 'sam-template') {
        const found = find(p.role, options.roleArns, roleNames);
        if (found.kind === 'none') {
          skipped.push(`${p.file}:${p.line} ${p.role}: ${found.why}`);
          continue;
        }
        const samEvidence = await withLastAccessed(found.evidence, p.role);
        const resolve = resolveOf(t, samEvidence, resources);
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
      const names = new Map(roleNames);
      // The deployed name the template implies (Serverless's default role name).
      if (p.roleName !== undefined && !names.has(p.role)) names.set(p.role, p.roleName);
      const arns: Record<string, string> = { ...options.roleArns };
      if (p.format === 'terraform' || p.attachedRoles !== undefined) {
        // A Terraform policy belongs to the roles it is attached to (`role = aws_iam_role.x.id`),
        // which --role-arn may name, or whose literal `name` finds it in the evidence.
        const tfNames = terraformRoleNames(t.text);
        for (const address of [p.role, ...(p.attachedRoles ?? [])]) {
          const arn = ownValue(options.roleArns, address);
          if (arn && ownValue(arns, p.role) === undefined) arns[p.role] = arn;
          const name = tfNames.get(address);
          if (name && !names.has(p.role)) names.set(p.role, name);
        }
      }
      const evidence = find(p.role, arns, names);
      if (evidence.kind === 'none') {
        skipped.push(`${p.file}:${p.line} ${p.role}: ${evidence.why}`);
        continue;
      }
      const tooShort = tooLittleEvidence(coverage.spanDays, options);
      if (tooShort) {
        skipped.push(`${p.file}:${p.line} ${p.role}: ${tooShort}`);
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
      const resolve = resolveOf(t, roleEv, resources);
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
      if (result.changed && result.statements.length === 0 && !keepsEmptyList(p)) {
        // IAM rejects a policy with no statement: the whole entry goes, or nothing is written.
        // (Serverless adds its own statements to the role's policy, so an empty list is valid.)
        const removal = removeEmptyPolicy(t.text, p, otherTerraform(input.templates, t));
        // A policy attached to one role only; seen again, it is already cut.
        if (!removed.has(removal.what)) {
          removed.add(removal.what);
          // Entries of one Policies list are cut together, after the loop.
          if (p.entryRange) entries.push(p);
          else edits.push(...removal.edits);
          removedPolicies.push(
            `${p.file}:${p.line} ${p.role}: ${removal.what} removed: none of its statements is used${removal.also}`,
          );
        }
      } else if (result.changed && result.statements.length === 0) {
        // Serverless: `statements: []` adds nothing to the role's policy, which keeps the
        // framework's own log statements; an explicit [] (not a removed key) also keeps the
        // deprecated provider.iamRoleStatements from taking over.
        edits.push(emptyListOnKeyLine(t.text, renderStatementList(t.text, p, result.statements)));
        removedPolicies.push(
          `${p.file}:${p.line} ${p.role}: ${p.path} emptied (written as []): none of its statements is used; the role keeps the statements the Serverless Framework adds`,
        );
      } else if (result.changed) edits.push(renderStatementList(t.text, p, result.statements));
    }
    edits.push(...removeEmptyEntries(t.text, entries));
    cdkChanges.push(...cdkChangesOf(t, resources, patched));
    const after = applyEdits(t.text, edits);
    if (after !== t.text) outputs.push({ file: t.file, before: t.text, after });
  }
  // Nothing is returned when a result would not fit IAM.
  checkTemplateLimits(sized, patched);
  return {
    coverage,
    patched,
    outputs,
    samChanges,
    skipped,
    removedPolicies,
    templateNeeds,
    cdkChanges,
    denied,
  };
}

/** The changed policies of `t` whose resource the CDK synthesized, with its construct path. */
function cdkChangesOf(
  t: LocatedTemplate,
  resources: ReadonlyMap<string, TemplateResource>,
  patched: readonly PatchedPolicy[],
): CdkChange[] {
  const out: CdkChange[] = [];
  for (const p of patched) {
    if (p.policy.file !== t.file || !p.changed || p.policy.format !== 'cloudformation') continue;
    const id = /^Resources\.([^.]+)\./.exec(p.policy.path)?.[1];
    const constructPath = id === undefined ? undefined : resources.get(id)?.cdkPath;
    if (constructPath !== undefined)
      out.push({ file: t.file, line: p.policy.line, constructPath, statements: p.statements });
  }
  return out;
}

type TemplateResources = ReadonlyMap<string, TemplateResource>;

/** The other Terraform files given: a block removed here must not be named there. */
function otherTerraform(templates: readonly LocatedTemplate[], t: LocatedTemplate): LocatedTemplate[] {
  return templates.filter((o) => o !== t && o.file.endsWith('.tf'));
}

// What IAM allows in a role name; anything else is not a name to look up.
const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]+$/;

/** Literal RoleName properties, by logical id: a named role is found by its name. */
function cloudFormationRoleNames(resources: TemplateResources): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of resources)
    if (r.type === 'AWS::IAM::Role' && typeof r.name === 'string' && ROLE_NAME.test(r.name))
      out.set(id, r.name);
  return out;
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
function findEvidence(
  role: string,
  usage: UsageReport,
  coverage: InputCoverage,
  roleArns: Readonly<Record<string, string>>,
  stack: ReadonlyMap<string, StackResource>,
  names: ReadonlyMap<string, string>,
  possibleNeeds: readonly LambdaNeed[],
): EvidenceMatch {
  const explicit = ownValue(roleArns, role) ?? stack.get(role)?.physicalId ?? names.get(role);
  if (explicit) {
    const e = roleEvidence(usage, explicit, coverage, [], possibleNeeds);
    return e
      ? { kind: 'found', evidence: e }
      : { kind: 'none', why: `${explicit} made no recorded call in the evidence` };
  }
  const candidates = usage.principals.filter(
    (p) => p.type === 'role' && p.arn.slice(p.arn.lastIndexOf('/') + 1).includes(role),
  );
  if (candidates.length === 1) {
    const e = roleEvidence(usage, (candidates[0] as { arn: string }).arn, coverage, [], possibleNeeds);
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
  params: Readonly<Record<string, string>>,
  stack: ReadonlyMap<string, StackResource>,
  resources: TemplateResources,
): ResolveContext {
  const [, partition = 'aws', , , account] = evidence.roleArn.split(':');
  const regions = evidence.coverage.regions.filter((r) => r !== 'unknown');
  return {
    partition,
    account: account || undefined,
    region: regions.length === 1 ? regions[0] : undefined,
    params: { ...templateParameterDefaults(text), ...params },
    stackResources: stack,
    templateResources: resources,
  };
}

/**
 * Serverless adds its own statements to the role it makes, so an emptied statement list of
 * provider or function statements is valid; a role of `resources.Resources` is plain
 * CloudFormation, where IAM rejects a policy with no statement.
 */
function keepsEmptyList(p: LocatedPolicy): boolean {
  return p.format === 'serverless' && !p.path.startsWith('resources.');
}

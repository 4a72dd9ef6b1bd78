import { arnOf } from '../catalog/arn-of.js';
import type { ActionCatalog } from '../catalog/action-catalog.js';
import type { Catalog } from '../catalog/catalog.js';
import { lambdaPossibleNeeds } from '../catalog/lambda-needs.js';
import { tooLittleEvidence } from '../synthesize/min-days-gate.js';
import type { ObservabilityCatalog } from '../catalog/observability.js';
import { IamLimitError, InputError, InvariantError } from '../errors/iamtrim-error.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { statementMatches } from '../policy/match-statement.js';
import type { Policy } from '../policy/policy.js';
import type { SuggestReport } from '../model/suggest-report.js';
import type { ActionReport, UsageReport } from '../usage/usage-report.js';
import { verifyTightening } from '../verify/verify-tightening.js';
import { checkLimits, overLimits, type PolicyKind } from '../verify/iam-limits.js';
import { assertSameGrants } from '../verify/same-grants.js';
import { compactToFit } from '../synthesize/compact-to-fit.js';
import { adviseOverLimit } from '../synthesize/limit-advice.js';
import { splitPolicies, type PolicyPart } from '../synthesize/split-policy.js';
import { freshPolicy } from '../synthesize/fresh-policy.js';
import { reparseOutput } from '../synthesize/reparse-output.js';
import { evidenceStats, workOutCoverage, type CoverageOptions } from '../coverage/input-coverage.js';
import type { LastAccessedEvidence } from '../coverage/last-accessed.js';
import type { LambdaNeed } from '../catalog/lambda-needs.js';
import {
  roleEvidence,
  sampleContext,
  type RequiredPermission,
  type RoleEvidence,
} from '../synthesize/role-evidence.js';
import {
  actionsKeptBy,
  defaultTightenOptions,
  tightenPolicy,
  type TightenContext,
  type TightenOptions,
  type TightenResult,
} from '../synthesize/tighten-policy.js';

export interface SuggestInput {
  readonly usage: UsageReport;
  /** Role ARN or name. */
  readonly role: string;
  /** The role's policy documents; none means "write a new one from usage". */
  readonly policies: readonly Policy[];
  readonly catalog: ActionCatalog;
  readonly observability: ObservabilityCatalog;
  readonly sources: readonly string[];
  readonly options?: TightenOptions;
  /** CloudTrail eventSource → IAM prefix (for the data events seen). */
  readonly prefixOf: (eventSource: string) => string;
  /** --data-events, --regions and the trail's configuration. */
  readonly coverage?: CoverageOptions;
  /** Below this many days of evidence nothing is removed (unless `force`). Default 30. */
  readonly minDays?: number;
  readonly force?: boolean;
  /** What Lambda needs through the role, from the functions' configuration. */
  readonly required?: readonly RequiredPermission[];
  /** IAM last-accessed for the role (`--last-accessed`, or generated live). */
  readonly lastAccessed?: LastAccessedEvidence;
  /**
   * What Lambda may need through any execution role (logs, VPC, pollers, ...), kept as
   * granted while some function's configuration is unknown. Default: none.
   */
  readonly lambdaNeeds?: readonly LambdaNeed[];
  /** Every CloudTrail event name whose call needs an action (for eventName-filtered selectors). */
  readonly eventNamesOf?: (action: string) => readonly string[] | undefined;
  /** Which IAM limit each policy (by source) is judged by. Default: managed (6,144). */
  readonly policyKinds?: ReadonlyMap<string, PolicyKind>;
  /** Write the result as managed policies of at most 6,144 characters each (`parts`). Default false. */
  readonly split?: boolean;
}

export interface SuggestOutcome {
  readonly results: readonly TightenResult[];
  readonly report: SuggestReport;
  /** With `split`: the managed policies to attach instead, each within IAM's limit. */
  readonly parts?: readonly PolicyPart[];
}

/** How `suggest` works; every field has a default in `defaultSuggestOptions`. */
export interface SuggestOptions {
  /** Below this many days of evidence nothing is removed (unless `force`). */
  readonly minDays: number;
  readonly force: boolean;
  /** Write the result as managed policies of at most 6,144 characters each. */
  readonly split: boolean;
  readonly tighten: TightenOptions;
}

/** The defaults of `suggest`, written once. */
export const defaultSuggestOptions: SuggestOptions = {
  minDays: 30,
  force: false,
  split: false,
  tighten: defaultTightenOptions,
};

/** The data `suggestRole` works on: the role's evidence and policies, and the catalog. */
export interface SuggestRequest {
  readonly usage: UsageReport;
  /** Role ARN or name. */
  readonly role: string;
  /** The role's policy documents; none means "write a new one from usage". */
  readonly policies: readonly Policy[];
  readonly catalog: Catalog;
  readonly sources: readonly string[];
  /** --data-events, --regions and the trail's configuration. */
  readonly coverage?: CoverageOptions;
  /** What Lambda needs through the role, from the functions' configuration. */
  readonly required?: readonly RequiredPermission[];
  /** IAM last-accessed for the role (`--last-accessed`, or generated live). */
  readonly lastAccessed?: LastAccessedEvidence;
  /** Which IAM limit each policy (by source) is judged by. Default: managed (6,144). */
  readonly policyKinds?: ReadonlyMap<string, PolicyKind>;
}

/**
 * The `suggest` use case, the entry point of the CLI and the library: `suggest` with the
 * catalog's parts and the options' defaults filled in.
 */
export function suggestRole(
  request: SuggestRequest,
  overrides: Partial<SuggestOptions> = {},
): SuggestOutcome {
  const options: SuggestOptions = { ...defaultSuggestOptions, ...overrides };
  const { catalog, ...rest } = request;
  return suggest({
    ...rest,
    catalog: catalog.actions,
    observability: catalog.observability,
    prefixOf: catalog.prefixOf,
    eventNamesOf: catalog.eventNamesOf,
    // What Lambda may need through any execution role, kept while a function's setup is unknown.
    lambdaNeeds: lambdaPossibleNeeds(catalog.lambdaNeeds),
    options: options.tighten,
    minDays: options.minDays,
    force: options.force,
    split: options.split,
  });
}

/**
 * The whole `suggest` job on data: pick the role's evidence, tighten each policy (or
 * write one), then prove the result with the project's own evaluator. Nothing comes back
 * unproven: a failed proof throws `InvariantError`.
 */
export function suggest(input: SuggestInput): SuggestOutcome {
  const coverage = workOutCoverage(evidenceStats(input.usage.stats, input.prefixOf), {
    prefixOf: input.prefixOf,
    ...input.coverage,
  });
  const found = roleEvidence(
    input.usage,
    input.role,
    coverage,
    input.required ?? [],
    input.lambdaNeeds ?? [],
    input.lastAccessed,
  );
  if (!found) {
    throw new InputError(
      `role ${input.role} made no recorded call in the evidence (${input.usage.stats.events} event(s) from ${input.usage.stats.window.from ?? '?'} to ${input.usage.stats.window.to ?? '?'}); check --role, or the time window`,
    );
  }
  let evidence: RoleEvidence = found;
  const options = input.options ?? defaultTightenOptions;
  const tooShort = tooLittleEvidence(coverage.spanDays, {
    minDays: input.minDays ?? defaultSuggestOptions.minDays,
    force: input.force ?? defaultSuggestOptions.force,
  });
  let results: TightenResult[];
  if (input.policies.length > 0 && tooShort) {
    // Too little evidence to call anything unused: report, change nothing.
    const reason = `${tooShort}: nothing is removed (use --force to override)`;
    results = input.policies.map((p) => ({
      source: p.source,
      before: p.raw,
      after: p.raw,
      decisions: p.statements.map((s) => ({
        kind: 'statement-unchanged' as const,
        statement: { source: p.source, index: s.index, sid: s.sid },
        reason,
      })),
    }));
  } else if (input.policies.length === 0) {
    evidence = withDefaultLogNeeds(evidence);
    const fresh = freshPolicy(evidence, input.catalog, options.generalize);
    results = [
      {
        source: '(new policy)',
        before: { Version: '2012-10-17', Statement: [] },
        after: fresh.policy,
        decisions: fresh.decisions,
      },
    ];
  } else {
    const ctx: TightenContext = {
      catalog: input.catalog,
      observability: input.observability,
      prefixOf: input.prefixOf,
      ...(input.eventNamesOf ? { eventNamesOf: input.eventNamesOf } : {}),
    };
    // A dependent action in one policy stays while an action in any of them needs it.
    const kept = actionsKeptBy(input.policies, evidence, ctx);
    results = input.policies.map((p) => tightenPolicy(p, evidence, ctx, options, kept));
  }
  // Under --split every output is a managed policy; otherwise each keeps where it lives.
  const kindOf = (source: string): PolicyKind =>
    input.split ? 'managed' : (input.policyKinds?.get(source) ?? 'managed');
  results = compactToFit(results, new Map(input.policies.map((p) => [p.source, p])), kindOf, input.catalog);
  const after = results.map((r) => reparseOutput(r.after, r.source, 'tightening'));
  const proof = {
    before: input.policies.length === 0 ? [permitAll()] : input.policies,
    used: [...evidence.used.values(), ...evidence.required.map(asUse)],
    catalog: input.catalog,
    sample: sampleContext(evidence),
    checkWidening: input.policies.length > 0,
  };
  const verify = verifyTightening({ ...proof, after });
  const parts = fitLimits(results, kindOf, input.split === true, (parts) => {
    // The parts together must say exactly what the single policies say, and pass the proof.
    const parsed = parts.map((p) => reparseOutput(p.policy, p.name, 'splitting'));
    assertSameGrants(after, parsed, input.catalog, 'splitting the policy');
    verifyTightening({ ...proof, after: parsed });
  });
  return {
    ...(parts ? { parts } : {}),
    results,
    report: {
      role: evidence.roleArn,
      functions: evidence.functions,
      coverage: evidence.coverage,
      sources: input.sources,
      results,
      used: [...evidence.used.values()],
      denied: evidence.denied,
      verify,
      fresh: input.policies.length === 0,
      requiredNotGranted:
        input.policies.length === 0
          ? []
          : evidence.required.filter((req) => !grantedSomewhere(req, input.policies)),
    },
  };
}

/**
 * A new policy for a Lambda execution role grants what Lambda needs: the configured needs,
 * and for functions without configuration the writes to their default log group.
 */
function withDefaultLogNeeds(evidence: RoleEvidence): RoleEvidence {
  if (!evidence.lambdaRole || evidence.unconfiguredFunctions.length === 0) return evidence;
  const [, partition = 'aws', , , account = ''] = evidence.roleArn.split(':');
  const region = sampleContext(evidence).region;
  const logs: RequiredPermission[] = evidence.unconfiguredFunctions.flatMap((fn) => {
    const group = arnOf('log-group', { partition, region, account }, `/aws/lambda/${fn}`);
    const reason = `Lambda writes ${fn}'s logs to its default log group /aws/lambda/${fn}`;
    return [
      { action: 'logs:CreateLogGroup', resources: [group], reason, functions: [fn] },
      { action: 'logs:CreateLogStream', resources: [`${group}:log-stream:*`], reason, functions: [fn] },
      { action: 'logs:PutLogEvents', resources: [`${group}:log-stream:*`], reason, functions: [fn] },
    ];
  });
  return { ...evidence, required: [...evidence.required, ...logs] };
}

/**
 * Every output must fit IAM: over a limit, throw `IamLimitError` naming what would shrink
 * it; with `split`, cut the policies into managed parts (each proved by `prove`).
 */
function fitLimits(
  results: readonly TightenResult[],
  kindOf: (source: string) => PolicyKind,
  split: boolean,
  prove: (parts: readonly PolicyPart[]) => void,
): PolicyPart[] | undefined {
  const over = overLimits(
    checkLimits(results.map((r) => ({ source: r.source, kind: kindOf(r.source), doc: r.after }))),
  );
  const decisions = results.flatMap((r) => r.decisions);
  if (!split) {
    if (over.length > 0)
      throw new IamLimitError(
        over.map((c) => adviseOverLimit(c, decisions, { split: 'offer', compacted: true })).join('\n'),
      );
    return undefined;
  }
  const outcome = splitPolicies(results.map((r) => ({ source: r.source, doc: r.after })));
  if (outcome.kind === 'too-big')
    throw new IamLimitError(
      [
        `--split: ${outcome.reason}.`,
        ...over.map((c) => adviseOverLimit(c, decisions, { split: 'tried', compacted: true })),
      ].join('\n'),
    );
  prove(outcome.parts);
  return [...outcome.parts];
}

function grantedSomewhere(req: RequiredPermission, policies: readonly Policy[]): boolean {
  const resources = req.resources.length ? req.resources : ['*'];
  return policies.some((p) =>
    p.statements.some(
      (s) => s.effect === 'Allow' && resources.every((r) => statementMatches(s, req.action, r) !== 'no'),
    ),
  );
}

function asUse(r: RequiredPermission): ActionReport {
  return {
    action: r.action,
    count: 0,
    firstSeen: '',
    lastSeen: '',
    resources: r.resources.filter((x) => x !== '*'),
    functions: r.functions,
  };
}

// A new policy has no "before" to stay inside; only the observed-use half of the proof applies.
function permitAll(): Policy {
  const parsed = parsePolicy(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    '(anything)',
  );
  if (parsed.kind === 'invalid') throw new InvariantError('internal: permit-all policy did not parse');
  return parsed.policy;
}

import type { Catalog } from '../catalog/catalog.js';
import type { CoverageOptions } from '../coverage/input-coverage.js';
import { actionsRemoved, grantedActions } from '../drift/granted-actions.js';
import { findCoverageGaps, type CoverageGap } from '../drift/coverage-gaps.js';
import { findNewDenials } from '../drift/denied-new.js';
import { selectDriftRoles, nameOf, type DriftRole } from '../drift/drift-roles.js';
import { DRIFT_SEVERITY } from '../drift/drift-severity.js';
import { dayOf, driftWindowOf } from '../drift/drift-window.js';
import { findGrantBecameUnused } from '../drift/grant-became-unused.js';
import { findGrantUnused } from '../drift/grant-unused.js';
import { findNewActions } from '../drift/new-action-used.js';
import { findPolicyDrift } from '../drift/policy-drift.js';
import { findRoleShared } from '../drift/role-shared.js';
import { policiesHashOf, snapshotPoliciesOf } from '../drift/snapshot-policies.js';
import { sortFindings } from '../drift/sort-findings.js';
import { IamtrimError, InvariantError } from '../errors/iamtrim-error.js';
import type { AccountRole } from '../model/account-role.js';
import { DRIFT_REPORT_VERSION, type DriftReport, type RoleDriftSummary } from '../model/drift-report.js';
import { DRIFT_STATE_VERSION, type DriftSnapshot, type RoleSnapshot } from '../model/drift-state.js';
import type { Finding } from '../model/finding.js';
import type { PolicyChangeEvent } from '../model/policy-change.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import type { UsageAccumulator } from '../usage/usage-accumulator.js';
import { toUsageReport, type UsageReport } from '../usage/usage-report.js';
import { suggestRole, type SuggestOptions } from './suggest.js';

export { coverageOfDays } from '../drift/coverage-of-days.js';

/** Everything one drift run compares; plain data, the I/O is the caller's. */
export interface DriftInput {
  /** Time of this run (ms since the epoch). */
  readonly runAt: number;
  /** Length of the rolling window in days (the CLI's default is 90). */
  readonly windowDays: number;
  /** The previous run's snapshot; absent on the first run, which sets the baseline. */
  readonly previous?: DriftSnapshot;
  /** The stored days inside the window, before this run's new logs were merged. */
  readonly before: UsageAccumulator;
  /** The same days after the merge (plus new days): what the window holds now. */
  readonly after: UsageAccumulator;
  /** Days (`YYYY-MM-DD`) of the window with records (`coverageOfDays`). */
  readonly daysWithLogs: ReadonlySet<string>;
  /** Regions with records per day (`coverageOfDays`); without it no stopped region is seen. */
  readonly regionsByDay?: ReadonlyMap<string, readonly string[]>;
  /** IAM calls from the logs read since the previous run. */
  readonly policyChanges: readonly PolicyChangeEvent[];
  /** Granted policies now (IAM or `--account-authorization`). */
  readonly roles: readonly AccountRole[];
  readonly catalog: Catalog;
  /** `--data-events`, `--regions`, the trails' configuration: as `suggest` takes them. */
  readonly coverage?: CoverageOptions;
  /** Hash of the trails' event selectors (`hashCanonical` of what was read), when known. */
  readonly selectorsHash?: string;
  /** One line per source, for the report. */
  readonly sources: readonly string[];
  /** Inputs read in this run (files, objects, queries). Default 0. */
  readonly newInputs?: number;
  /** `--role`: ARNs or names; default every Lambda execution role. */
  readonly only?: readonly string[];
}

/** How drift judges; every field has a default in `defaultDriftOptions`. */
export interface DriftOptions {
  /** Passed to `suggest` for the unused claims (min days, force, tightening). */
  readonly suggest: Partial<SuggestOptions>;
}

export const defaultDriftOptions: DriftOptions = { suggest: {} };

/** The report to render and the snapshot the next run compares with. */
export interface DriftOutcome {
  readonly report: DriftReport;
  readonly snapshot: DriftSnapshot;
}

/** Per role, what this run found before gaps are applied. */
interface RoleVerdict {
  readonly role: DriftRole;
  readonly findings: Finding[];
  /** The unused claims (grant-unused, grant-became-unused), held back until gaps are known. */
  readonly claims: Finding[];
  readonly summary: Omit<RoleDriftSummary, 'change' | 'removable'>;
  readonly snapshot?: Omit<RoleSnapshot, 'removable' | 'summary'>;
  readonly removable: readonly string[] | null;
}

/**
 * The drift use case on data: compare the previous snapshot with the policies now, the
 * window's usage before this run's logs with after them, ask `suggest` what each role could
 * lose, and let every coverage gap suppress the unused claims it touches (and say how many).
 * Pure: the caller reads the state and logs, and stores the snapshot it gets back.
 */
export function driftRun(input: DriftInput, overrides: Partial<DriftOptions> = {}): DriftOutcome {
  const options: DriftOptions = { ...defaultDriftOptions, ...overrides };
  const window = driftWindowOf(input.runAt, input.windowDays);
  const today = dayOf(input.runAt);
  const after = toUsageReport(input.after);
  const before = toUsageReport(input.before);
  const previous = input.previous;
  const roles = selectDriftRoles(input.roles, after, input.only);

  const verdicts = roles.map((role) => judgeRole(role, before, after, input, options));
  const gaps = findCoverageGaps({
    window,
    today,
    daysWithLogs: input.daysWithLogs,
    ...(input.regionsByDay ? { regionsByDay: input.regionsByDay } : {}),
    ...(input.selectorsHash !== undefined ? { selectorsHash: input.selectorsHash } : {}),
    ...(previous?.coverage.selectorsHash !== undefined
      ? { previousSelectorsHash: previous.coverage.selectorsHash }
      : {}),
    roles: roles.flatMap((r) =>
      r.kind === 'known' && r.account.createDate ? [{ arn: r.arn, createDate: r.account.createDate }] : [],
    ),
  });
  const everyRole = gaps.some((g) => g.scope === 'all');
  const suppressedRoles = new Set(gaps.filter((g) => g.scope !== 'all').map((g) => g.scope));
  const isSuppressed = (arn: string): boolean => everyRole || suppressedRoles.has(arn);

  const findings: Finding[] = [];
  const summaries: RoleDriftSummary[] = [];
  const snapshots: RoleSnapshot[] = [];
  for (const v of verdicts) {
    const suppressed = isSuppressed(v.role.arn);
    findings.push(...v.findings, ...(suppressed ? [] : v.claims));
    const removable = suppressed ? null : v.removable;
    const summary = { ...v.summary, removable: removable === null ? null : removable.length };
    const prev = previous?.roles.find((r) => r.arn === v.role.arn);
    summaries.push({ ...summary, ...(prev ? { change: changeSince(prev.summary, summary) } : {}) });
    if (v.snapshot && summary.granted !== null)
      snapshots.push({
        ...v.snapshot,
        ...(removable !== null ? { removable } : {}),
        summary: { granted: summary.granted, used: summary.used, removable: summary.removable },
      });
  }
  findings.push(...gaps.map((g) => gapFinding(g, verdicts, isSuppressed)));

  const missing = window.dayList.filter((d) => !input.daysWithLogs.has(d) && d !== today);
  const report: DriftReport = {
    version: DRIFT_REPORT_VERSION,
    runAt: new Date(input.runAt).toISOString(),
    ...(previous ? { previousRunAt: previous.runAt } : {}),
    window: { days: window.days, from: window.from, to: window.to },
    evidence: {
      sources: input.sources,
      newInputs: input.newInputs ?? 0,
      daysWithLogs: window.dayList.filter((d) => input.daysWithLogs.has(d)).length,
      daysMissing: missing,
      regions: after.stats.regions,
      skipped: after.skipped,
    },
    roles: summaries,
    findings: sortFindings(findings),
  };
  const snapshot: DriftSnapshot = {
    formatVersion: DRIFT_STATE_VERSION,
    runAt: report.runAt,
    window: report.window,
    coverage: {
      daysWithLogs: window.dayList.filter((d) => input.daysWithLogs.has(d)),
      regions: after.stats.regions,
      ...(input.selectorsHash !== undefined ? { selectorsHash: input.selectorsHash } : {}),
    },
    roles: snapshots,
  };
  return { report, snapshot };
}

function judgeRole(
  role: DriftRole,
  beforeReport: UsageReport,
  afterReport: UsageReport,
  input: DriftInput,
  options: DriftOptions,
): RoleVerdict {
  const previous = input.previous;
  const usage = role.usage;
  const beforeUsage = usage ? beforeReport.principals.find((p) => p.arn === usage.arn) : undefined;
  const findings: Finding[] = [];
  // The first run is a baseline: nothing is "new" or "changed" without a run to compare with.
  if (previous && usage) {
    findings.push(
      ...findNewActions(role.arn, beforeUsage, usage, input.catalog.actions),
      ...findNewDenials(role.arn, beforeUsage, usage),
      ...findRoleShared(role.arn, beforeUsage, usage),
    );
  }
  const used = usage ? usage.actions.map((a) => a.action).sort() : [];
  const functions = usage ? [...usage.functions] : [];
  if (role.kind === 'evidence-only')
    return {
      role,
      findings,
      claims: [],
      summary: { role: role.arn, functions, granted: null, used: used.length },
      removable: null,
    };

  const policies = snapshotPoliciesOf(role.account);
  const prev = previous?.roles.find((r) => r.arn === role.arn);
  if (prev)
    findings.push(
      ...findPolicyDrift({
        role: role.arn,
        roleName: role.account.name,
        previous: prev.policies,
        now: policies,
        changes: input.policyChanges,
        catalog: input.catalog.actions,
      }),
    );
  const parsed = parsePermissions(role.account);
  const granted = grantedActions(parsed.policies, input.catalog.actions).size;
  const removable =
    usage && parsed.complete ? removableOf(role.arn, parsed.policies, afterReport, input, options) : null;
  const claims: Finding[] = [];
  if (removable !== null) {
    claims.push(...findGrantUnused(role.arn, removable, prev?.removable));
    if (prev && previous)
      claims.push(
        ...findGrantBecameUnused(
          role.arn,
          prev.used,
          new Set(used.map((a) => a.toLowerCase())),
          removable,
          previous.window,
        ),
      );
  }
  return {
    role,
    findings,
    claims,
    summary: { role: role.arn, functions, granted, used: used.length },
    snapshot: {
      arn: role.arn,
      functions,
      policiesHash: policiesHashOf(policies),
      policies,
      used,
      denied: usage ? usage.denied.map((d) => `${d.action} ${d.errorCode}`).sort() : [],
    },
    removable,
  };
}

/** The role's inline and attached policies, parsed; `complete` is false when one does not parse. */
function parsePermissions(role: AccountRole): { policies: Policy[]; complete: boolean } {
  const policies: Policy[] = [];
  let complete = true;
  for (const p of role.policies) {
    const parsed = parsePolicy(p.document, p.kind === 'inline' ? p.name : (p.arn ?? p.name));
    if (parsed.kind === 'policy') policies.push(parsed.policy);
    else complete = false;
  }
  return { policies, complete };
}

/**
 * What `suggest` would remove from the role today, as catalog actions. Null when it cannot
 * say (it refused the input): no claim is better than a wrong one. A failed proof is a bug
 * and is thrown.
 */
function removableOf(
  roleArn: string,
  policies: readonly Policy[],
  usage: UsageReport,
  input: DriftInput,
  options: DriftOptions,
): string[] | null {
  if (policies.length === 0) return [];
  try {
    const outcome = suggestRole(
      {
        usage,
        role: roleArn,
        policies,
        catalog: input.catalog,
        sources: input.sources,
        ...(input.coverage ? { coverage: input.coverage } : {}),
      },
      options.suggest,
    );
    const afterPolicies = outcome.results.flatMap((r) => {
      const p = parsePolicy(r.after, r.source);
      return p.kind === 'policy' ? [p.policy] : [];
    });
    return actionsRemoved(policies, afterPolicies, input.catalog.actions);
  } catch (e) {
    if (e instanceof InvariantError || !(e instanceof IamtrimError)) throw e;
    return null;
  }
}

function changeSince(
  prev: RoleSnapshot['summary'],
  now: Omit<RoleDriftSummary, 'change'>,
): NonNullable<RoleDriftSummary['change']> {
  return {
    granted: now.granted === null ? null : now.granted - prev.granted,
    used: now.used - prev.used,
    removable: now.removable === null || prev.removable === null ? null : now.removable - prev.removable,
  };
}

function gapFinding(
  gap: CoverageGap,
  verdicts: readonly RoleVerdict[],
  isSuppressed: (arn: string) => boolean,
): Finding {
  const touched = verdicts.filter(
    (v) => (gap.scope === 'all' || gap.scope === v.role.arn) && isSuppressed(v.role.arn),
  );
  const claims = touched.reduce((n, v) => n + v.claims.length, 0);
  const roles = touched.filter((v) => v.claims.length > 0).length;
  return {
    rule: 'coverage-gap',
    severity: DRIFT_SEVERITY['coverage-gap'],
    subject: { role: gap.scope === 'all' ? '*' : gap.scope },
    message: `${gap.scope === 'all' ? '' : `${nameOf(gap.scope)}: `}${gap.message}; it suppresses ${claims} unused claim(s)`,
    evidence: [
      ...gap.evidence,
      {
        source: 'coverage',
        detail: `suppressed ${claims} unused claim(s) (grant-unused, grant-became-unused) of ${roles} role(s); their removable counts show as unknown`,
        count: claims,
      },
    ],
  };
}

import { driftRun, type DriftInput, type DriftOutcome } from '../../src/actions/drift.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { AccountRole, GrantedPolicy } from '../../src/model/account-role.js';
import type { PolicyChangeEvent } from '../../src/model/policy-change.js';
import { createUsageAccumulator, type UsageAccumulator } from '../../src/usage/usage-accumulator.js';

/**
 * A drift case (test/cases/drift/*.json): the logs' days, the roles now (and at the previous
 * run), the calls (old ones, this run's `new` ones, and `previousOnly` ones that have left the
 * window since), and the findings expected. Without `previous` the run is a baseline.
 */
export interface DriftCase {
  readonly description: string;
  readonly runAt: string;
  readonly windowDays: number;
  readonly logs: {
    readonly from: string;
    readonly to: string;
    readonly missing?: readonly string[];
    /** Extra regions delivering records, each on a range of the log days. */
    readonly regions?: Readonly<Record<string, { readonly from?: string; readonly to?: string }>>;
  };
  readonly roles: readonly CaseRole[];
  readonly previous?: { readonly roles?: readonly CaseRole[]; readonly selectorsHash?: string };
  readonly selectorsHash?: string;
  readonly calls: readonly CaseCall[];
  readonly policyChanges?: readonly PolicyChangeEvent[];
  readonly expect: {
    /** Every finding of the run, by rule, role name (or `*`), function, action, severity. */
    readonly findings: readonly ExpectedFinding[];
    /** Role name → the summary's removable count (null: suppressed or unknown). */
    readonly removable?: Readonly<Record<string, number | null>>;
    /** Role names in the summary, in order. */
    readonly roles?: readonly string[];
    /** Text some evidence (or the message) of a finding of that rule must contain. */
    readonly evidence?: readonly { readonly rule: string; readonly contains: string }[];
  };
}

export interface CaseRole {
  readonly name: string;
  readonly createDate?: string;
  /** Default: Lambda may assume the role. */
  readonly trust?: unknown;
  readonly policies: readonly GrantedPolicy[];
  readonly boundary?: GrantedPolicy;
}

export interface CaseCall {
  readonly role: string;
  readonly fn: string;
  readonly action: string;
  readonly resources?: readonly string[];
  /** Days of the call; default every log day. */
  readonly on?: readonly string[];
  readonly errorCode?: string;
  /** Read by this run (after only). */
  readonly new?: boolean;
  /** Seen only by the previous run (its days have left the window). */
  readonly previousOnly?: boolean;
}

export interface ExpectedFinding {
  readonly rule: string;
  readonly role: string;
  readonly function?: string;
  readonly action?: string;
  readonly severity: string;
}

const ACCOUNT = '123456789012';
const DAY = 86_400_000;
export const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** The days from..to, without the missing ones. */
export function logDays(c: DriftCase): string[] {
  const out: string[] = [];
  const missing = new Set(c.logs.missing ?? []);
  for (let t = Date.parse(`${c.logs.from}T00:00:00Z`); t <= Date.parse(`${c.logs.to}T00:00:00Z`); t += DAY) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (!missing.has(d)) out.push(d);
  }
  return out;
}

/** Regions with records on a day: us-east-1 every log day, plus the case's extra regions. */
function regionsOn(c: DriftCase, day: string): string[] {
  const extra = Object.entries(c.logs.regions ?? {})
    .filter(([, r]) => (r.from ?? '0000') <= day && day <= (r.to ?? '9999'))
    .map(([name]) => name);
  return ['us-east-1', ...extra].sort();
}

/** An accumulator holding the log days' background records and the given calls. */
export function usageOf(c: DriftCase, calls: readonly CaseCall[]): UsageAccumulator {
  const acc = createUsageAccumulator();
  const days = logDays(c);
  for (const d of days) {
    const ms = Date.parse(`${d}T12:00:00Z`);
    acc.stats.records++;
    acc.stats.events++;
    acc.stats.fromMs = Math.min(acc.stats.fromMs, ms);
    acc.stats.toMs = Math.max(acc.stats.toMs, ms);
    acc.stats.logFromMs = acc.stats.fromMs;
    acc.stats.logToMs = acc.stats.toMs;
    acc.stats.days.add(Math.floor(ms / DAY));
    for (const r of regionsOn(c, d)) acc.stats.regions.add(r);
  }
  for (const call of calls) {
    const arn = roleArn(call.role);
    let p = acc.principals.get(arn);
    if (!p) {
      p = { arn, type: 'role', functions: new Map(), actions: new Map(), denied: new Map() };
      acc.principals.set(arn, p);
    }
    for (const d of call.on ?? days) {
      const ms = Date.parse(`${d}T13:00:00Z`);
      p.functions.set(call.fn, (p.functions.get(call.fn) ?? 0) + 1);
      if (call.errorCode) {
        const key = `${call.action} ${call.errorCode}`;
        const s = p.denied.get(key) ?? {
          action: call.action,
          errorCode: call.errorCode,
          count: 0,
          firstMs: ms,
          lastMs: ms,
          resources: new Set<string>(),
          functions: new Set<string>(),
        };
        bump(s, ms, call);
        p.denied.set(key, s);
      } else {
        const s = p.actions.get(call.action) ?? {
          count: 0,
          firstMs: ms,
          lastMs: ms,
          resources: new Set<string>(),
          foldLevel: 0,
          functions: new Set<string>(),
          unresolved: 0,
        };
        bump(s, ms, call);
        p.actions.set(call.action, s);
      }
    }
  }
  return acc;
}

function bump(
  s: { count: number; firstMs: number; lastMs: number; resources: Set<string>; functions: Set<string> },
  ms: number,
  call: CaseCall,
): void {
  s.count++;
  s.firstMs = Math.min(s.firstMs, ms);
  s.lastMs = Math.max(s.lastMs, ms);
  for (const r of call.resources ?? []) s.resources.add(r);
  s.functions.add(call.fn);
}

export function accountRoleOf(r: CaseRole): AccountRole {
  return {
    arn: roleArn(r.name),
    name: r.name,
    path: '/',
    ...(r.createDate ? { createDate: r.createDate } : {}),
    trustPolicy: r.trust ?? LAMBDA_TRUST,
    policies: r.policies,
    ...(r.boundary ? { boundary: r.boundary } : {}),
  };
}

/** The coverage inputs of the case's log days. */
export function daysOf(c: DriftCase): Pick<DriftInput, 'daysWithLogs' | 'regionsByDay'> {
  const days = logDays(c);
  return { daysWithLogs: new Set(days), regionsByDay: new Map(days.map((d) => [d, regionsOn(c, d)])) };
}

/**
 * Runs the case: first the previous run (a day earlier, over the old and `previousOnly`
 * calls) when the case has one, then this run with its snapshot.
 */
export function runCase(c: DriftCase, catalog: Catalog): DriftOutcome & { previous?: DriftOutcome } {
  const runAt = Date.parse(c.runAt);
  const old = c.calls.filter((x) => !x.new && !x.previousOnly);
  const base = {
    windowDays: c.windowDays,
    catalog,
    coverage: { dataEvents: 'all' as const },
    sources: ['test'],
    ...daysOf(c),
  };
  let previous: DriftOutcome | undefined;
  if (c.previous) {
    const usage = usageOf(
      c,
      c.calls.filter((x) => !x.new),
    );
    previous = driftRun({
      ...base,
      // A day earlier, over the same first day: the logs' first day opens both windows.
      windowDays: c.windowDays - 1,
      runAt: runAt - DAY,
      before: usage,
      after: usage,
      policyChanges: [],
      roles: (c.previous.roles ?? c.roles).map(accountRoleOf),
      ...(c.previous.selectorsHash ? { selectorsHash: c.previous.selectorsHash } : {}),
    });
  }
  const now = driftRun({
    ...base,
    runAt,
    ...(previous ? { previous: previous.snapshot } : {}),
    before: usageOf(c, old),
    after: usageOf(
      c,
      c.calls.filter((x) => !x.previousOnly),
    ),
    policyChanges: c.policyChanges ?? [],
    roles: c.roles.map(accountRoleOf),
    ...(c.selectorsHash ? { selectorsHash: c.selectorsHash } : {}),
  });
  return { ...now, ...(previous ? { previous } : {}) };
}

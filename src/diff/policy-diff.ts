import type { StatementJson } from '../policy/policy-json.js';
import type { Policy, Statement } from '../policy/policy.js';

/** One line of a statement's before/after: kept, removed or added. */
export interface DiffLine {
  readonly change: ' ' | '-' | '+';
  readonly value: string;
}

export interface StatementDiff {
  /** `unchanged`, `changed`, `removed` (only in before) or `added` (only in after). */
  readonly status: 'unchanged' | 'changed' | 'removed' | 'added';
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actionKey: 'Action' | 'NotAction';
  readonly actions: readonly DiffLine[];
  readonly resourceKey: 'Resource' | 'NotResource';
  readonly resources: readonly DiffLine[];
  readonly condition: string | undefined;
}

export interface PolicyDiff {
  readonly source: string;
  readonly statements: readonly StatementDiff[];
  /** True when no statement changed. `diffPolicies(p, p).empty` is always true. */
  readonly empty: boolean;
}

/**
 * Statement- and action-level difference between two versions of a policy. Statements
 * are paired by Sid, then by identical content; the rest are removed or added.
 */
export function diffPolicies(before: Policy, after: Policy): PolicyDiff {
  const remaining = [...after.statements];
  const out: StatementDiff[] = [];
  for (const b of before.statements) {
    let i = b.sid !== undefined ? remaining.findIndex((a) => a.sid === b.sid) : -1;
    if (i < 0) i = remaining.findIndex((a) => JSON.stringify(a.raw) === JSON.stringify(b.raw));
    const a = i >= 0 ? remaining.splice(i, 1)[0] : undefined;
    out.push(a ? pair(b, a) : single(b, 'removed'));
  }
  for (const a of remaining) out.push(single(a, 'added'));
  return { source: before.source, statements: out, empty: out.every((s) => s.status === 'unchanged') };
}

function pair(b: Statement, a: Statement): StatementDiff {
  const actions = lines(b.actions.patterns, a.actions.patterns, true);
  const resources = lines(b.resources.patterns, a.resources.patterns, false);
  const same =
    b.effect === a.effect &&
    b.actions.kind === a.actions.kind &&
    b.resources.kind === a.resources.kind &&
    JSON.stringify(b.condition ?? null) === JSON.stringify(a.condition ?? null) &&
    actions.every((l) => l.change === ' ') &&
    resources.every((l) => l.change === ' ');
  return {
    status: same ? 'unchanged' : 'changed',
    label: label(a),
    effect: a.effect,
    actionKey: a.actions.kind === b.actions.kind ? a.actions.kind : 'Action',
    actions:
      b.actions.kind === a.actions.kind
        ? actions
        : [...b.actions.patterns.map((v) => minus(`Not: ${v}`)), ...a.actions.patterns.map(plus)],
    resourceKey: a.resources.kind,
    resources:
      b.resources.kind === a.resources.kind
        ? resources
        : [...b.resources.patterns.map((v) => minus(`Not: ${v}`)), ...a.resources.patterns.map(plus)],
    condition: conditionText(a.raw),
  };
}

function single(s: Statement, status: 'removed' | 'added'): StatementDiff {
  const mark = status === 'removed' ? minus : plus;
  return {
    status,
    label: label(s),
    effect: s.effect,
    actionKey: s.actions.kind,
    actions: s.actions.patterns.map(mark),
    resourceKey: s.resources.kind,
    resources: s.resources.patterns.map(mark),
    condition: conditionText(s.raw),
  };
}

function lines(before: readonly string[], after: readonly string[], ignoreCase: boolean): DiffLine[] {
  const norm = (v: string): string => (ignoreCase ? v.toLowerCase() : v);
  const afterSet = new Set(after.map(norm));
  const beforeSet = new Set(before.map(norm));
  return [
    ...before.map((v) => (afterSet.has(norm(v)) ? { change: ' ' as const, value: v } : minus(v))),
    ...after.filter((v) => !beforeSet.has(norm(v))).map(plus),
  ];
}

const minus = (value: string): DiffLine => ({ change: '-', value });
const plus = (value: string): DiffLine => ({ change: '+', value });

function label(s: Statement): string {
  return s.sid !== undefined ? `"${s.sid}"` : `#${s.index + 1}`;
}

function conditionText(raw: StatementJson): string | undefined {
  return raw.Condition === undefined ? undefined : JSON.stringify(raw.Condition);
}

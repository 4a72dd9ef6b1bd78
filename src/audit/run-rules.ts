import type { AuditEstate } from '../model/audit-estate.js';
import type { AuditFinding, AuditNotApplicable, AuditRuleError } from '../model/audit-report.js';
import { FINDING_SEVERITIES, type FindingLocation, type FindingSubject } from '../model/finding.js';
import type { AuditContext, AuditSubject, RuleFinding } from './audit-rule.js';
import { functionNameOf, roleOfFunction } from './estate-index.js';
import { createHash } from 'node:crypto';
import { fingerprintOf } from './fingerprint.js';
import type { PackedRule } from './lambda-checklist.js';

/** A finding with the estate subject it is about (suppressions are looked up on that subject). */
export interface SubjectFinding {
  readonly finding: AuditFinding;
  readonly subject: AuditSubject;
}

/** One rule's answers over the estate. */
export interface RuleRunResult {
  readonly packed: PackedRule;
  readonly compliant: number;
  readonly notApplicable: readonly AuditNotApplicable[];
  readonly findings: readonly SubjectFinding[];
}

/** What running a pack gives: each rule's answers, and the rules that threw. */
export interface RunRulesResult {
  readonly results: readonly RuleRunResult[];
  readonly errors: readonly AuditRuleError[];
}

/**
 * Runs each selected rule over the estate. A rule that throws becomes an error entry (its id
 * and message) and the others still run: one broken rule must not hide every other result.
 * Findings get the pack's severity, a location (the subject's place unless the rule named a
 * closer one) and a fingerprint, and come back sorted.
 */
export function runRules(
  estate: AuditEstate,
  context: AuditContext,
  selected: readonly PackedRule[],
): RunRulesResult {
  const results: RuleRunResult[] = [];
  const errors: AuditRuleError[] = [];
  for (const packed of selected) {
    let outcomes;
    try {
      outcomes = packed.rule.check(estate, context);
    } catch (error) {
      errors.push({ rule: packed.rule.id, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    let compliant = 0;
    const notApplicable: AuditNotApplicable[] = [];
    const findings: SubjectFinding[] = [];
    for (const o of outcomes) {
      if (o.kind === 'compliant') compliant++;
      else if (o.kind === 'not-applicable')
        notApplicable.push({ rule: packed.rule.id, subject: subjectKey(o.subject), reason: o.reason });
      else findings.push({ finding: toFinding(estate, packed, o), subject: o.subject });
    }
    notApplicable.sort((a, b) => compare(a.subject, b.subject) || compare(a.reason, b.reason));
    results.push({
      packed,
      compliant,
      notApplicable,
      findings: distinctFingerprints(sortFindings(findings)),
    });
  }
  return { results, errors };
}

/** `function:<id>`, `role:<id>`, `log-group:<name>`. */
export function subjectKey(subject: AuditSubject): string {
  return `${subject.kind}:${subject.id}`;
}

function toFinding(estate: AuditEstate, packed: PackedRule, o: RuleFinding): AuditFinding {
  const { subject: base, place } = describeSubject(estate, o.subject);
  const subject: FindingSubject = { ...base, ...definedOnly(o.detail ?? {}) };
  const location = o.location ?? place;
  return {
    rule: packed.rule.id,
    severity: packed.severity,
    subject,
    ...(location ? { location } : {}),
    message: o.message,
    evidence: o.evidence,
    fingerprint: fingerprintOf(packed.rule.id, subjectKey(o.subject), subject),
  };
}

function describeSubject(
  estate: AuditEstate,
  s: AuditSubject,
): { subject: FindingSubject; place: FindingLocation | undefined } {
  if (s.kind === 'function') {
    const fn = estate.functions.find((f) => f.id === s.id);
    if (!fn) return { subject: { role: '', function: s.id }, place: undefined };
    const role = roleOfFunction(estate, fn);
    return {
      subject: { role: role?.arn ?? role?.id ?? fn.roleText ?? '', function: functionNameOf(fn) ?? fn.id },
      place: fn.place,
    };
  }
  if (s.kind === 'role') {
    const role = estate.roles.find((r) => r.id === s.id);
    return { subject: { role: role?.arn ?? s.id }, place: role?.place };
  }
  const group = estate.logGroups.find((g) => g.name === s.id);
  return { subject: { role: '', resource: s.id }, place: group?.place };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** High first, then rule, subject, line and fingerprint: the same estate gives the same order. */
export function sortFindings<T extends { readonly finding: AuditFinding; readonly subject: AuditSubject }>(
  list: readonly T[],
): T[] {
  const rank = (f: AuditFinding): number => -FINDING_SEVERITIES.indexOf(f.severity);
  const line = (f: AuditFinding): number => (f.location?.kind === 'file' ? (f.location.line ?? 0) : 0);
  return [...list].sort(
    (a, b) =>
      rank(a.finding) - rank(b.finding) ||
      compare(a.finding.rule, b.finding.rule) ||
      compare(subjectKey(a.subject), subjectKey(b.subject)) ||
      line(a.finding) - line(b.finding) ||
      compare(a.finding.fingerprint, b.finding.fingerprint),
  );
}

/**
 * Two findings of one rule with the same subject (one log group name declared for two
 * regions) would share a fingerprint and collapse into one alert or baseline entry: the
 * second and later get their occurrence appended, in the sorted (stable) order.
 */
function distinctFingerprints(findings: SubjectFinding[]): SubjectFinding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = seen.get(f.finding.fingerprint) ?? 0;
    seen.set(f.finding.fingerprint, n + 1);
    if (n === 0) return f;
    const fingerprint = createHash('sha256')
      .update(`${f.finding.fingerprint}#${n + 1}`)
      .digest('hex')
      .slice(0, 32);
    return { ...f, finding: { ...f.finding, fingerprint } };
  });
}

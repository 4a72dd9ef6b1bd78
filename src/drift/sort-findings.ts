import { DRIFT_FINDING_KINDS } from '../model/drift-report.js';
import { FINDING_SEVERITIES, type Finding } from '../model/finding.js';

/** Findings in report order: severity (high first), role, kind, function, action, then message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const kindRank = (rule: string): number => {
    const i = (DRIFT_FINDING_KINDS as readonly string[]).indexOf(rule);
    return i < 0 ? DRIFT_FINDING_KINDS.length : i;
  };
  return [...findings].sort(
    (a, b) =>
      FINDING_SEVERITIES.indexOf(b.severity) - FINDING_SEVERITIES.indexOf(a.severity) ||
      cmp(a.subject.role, b.subject.role) ||
      kindRank(a.rule) - kindRank(b.rule) ||
      cmp(a.subject.function ?? '', b.subject.function ?? '') ||
      cmp(a.subject.action ?? '', b.subject.action ?? '') ||
      cmp(a.subject.resource ?? '', b.subject.resource ?? '') ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

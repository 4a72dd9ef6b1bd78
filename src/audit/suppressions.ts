import type { AuditEstate, AuditFunction } from '../model/audit-estate.js';
import type { SuppressedFinding } from '../model/audit-report.js';
import type { AuditBaseline } from './baseline.js';
import type { SubjectFinding } from './run-rules.js';
import { SUPPRESSION_WITHOUT_REASON } from './rules/suppression-without-reason.js';

/** One template suppression, as the estate carries it on a function or role. */
type AuditSuppression = NonNullable<AuditFunction['suppressions']>[number];

/** Findings split into those still open and those a suppression or the baseline accepted. */
export interface SuppressionResult {
  readonly open: readonly SubjectFinding[];
  readonly suppressed: readonly (SuppressedFinding & { readonly subject: SubjectFinding['subject'] })[];
}

/**
 * Applies the template's suppressions (on the finding's own function or role) and then the
 * baseline (by fingerprint). Suppressed findings are returned, not dropped, so reports count
 * them. A reasonless suppression still suppresses; `audit-suppression-without-reason` reports
 * it, and no estate suppression can silence that rule itself.
 */
export function applySuppressions(
  findings: readonly SubjectFinding[],
  estate: AuditEstate,
  baseline?: AuditBaseline,
): SuppressionResult {
  const accepted = new Set(baseline?.findings.map((f) => f.fingerprint) ?? []);
  const open: SubjectFinding[] = [];
  const suppressed: SuppressionResult['suppressed'][number][] = [];
  for (const f of findings) {
    const s = f.finding.rule === SUPPRESSION_WITHOUT_REASON ? undefined : suppressionFor(estate, f);
    if (s)
      suppressed.push({
        finding: f.finding,
        subject: f.subject,
        by: { kind: 'template', ...(s.reason?.trim() ? { reason: s.reason } : {}), place: s.place },
      });
    else if (accepted.has(f.finding.fingerprint))
      suppressed.push({ finding: f.finding, subject: f.subject, by: { kind: 'baseline' } });
    else open.push(f);
  }
  return { open, suppressed };
}

function suppressionFor(estate: AuditEstate, f: SubjectFinding): AuditSuppression | undefined {
  const { kind, id } = f.subject;
  const list =
    kind === 'function'
      ? estate.functions.find((fn) => fn.id === id)?.suppressions
      : kind === 'role'
        ? estate.roles.find((r) => r.id === id)?.suppressions
        : undefined;
  return list?.find((s) => s.rule === f.finding.rule);
}

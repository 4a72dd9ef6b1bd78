import type { AuditContext, RemovableGrants } from '../audit/audit-rule.js';
import type { AuditBaseline } from '../audit/baseline.js';
import { lambdaChecklist, selectRules, type PackedRule } from '../audit/lambda-checklist.js';
import { runRules, sortFindings } from '../audit/run-rules.js';
import { applySuppressions } from '../audit/suppressions.js';
import type { Catalog } from '../catalog/catalog.js';
import type { AuditEstate } from '../model/audit-estate.js';
import { AUDIT_REPORT_VERSION, type AuditReport, type AuditRuleSummary } from '../model/audit-report.js';
import type { UsageReport } from '../usage/usage-report.js';

/** What `audit` checks, and how. Only `estate` and `catalog` are required. */
export interface AuditInput {
  /** Functions, roles and log groups from templates and/or the live account. */
  readonly estate: AuditEstate;
  /** CloudTrail evidence (`--cloudtrail` / `--usage`); rules that need it are not applicable without it. */
  readonly usage?: UsageReport;
  /** The catalog (only its action catalog is read). */
  readonly catalog: Pick<Catalog, 'actions'>;
  /** Per role, what `suggest` would remove (the caller runs suggest). */
  readonly removable?: readonly RemovableGrants[];
  /** `--rules`: run only these ids. Default: the whole pack. */
  readonly rules?: readonly string[];
  /** `--skip`: leave these ids out. */
  readonly skip?: readonly string[];
  /** `--baseline`: accepted findings (parse the file with `parseBaseline`). */
  readonly baseline?: AuditBaseline;
  /** The pack. Default `lambdaChecklist`. */
  readonly pack?: readonly PackedRule[];
}

/**
 * Audits a Lambda estate against the checklist: runs the selected rules (a rule that throws is
 * reported in `errors`), applies template suppressions and the baseline (suppressed findings are
 * kept and counted), and tallies each rule. Pure: the caller reads files and AWS, and renders.
 * Throws `UsageError` for an unknown rule id in `rules` or `skip`.
 */
export function audit(input: AuditInput): AuditReport {
  const selected = selectRules(input.pack ?? lambdaChecklist, { rules: input.rules, skip: input.skip });
  const context: AuditContext = {
    catalog: input.catalog,
    ...(input.usage ? { usage: input.usage } : {}),
    ...(input.removable ? { removable: input.removable } : {}),
  };
  const { results, errors } = runRules(input.estate, context, selected);
  const all = results.flatMap((r) => r.findings);
  const { open, suppressed } = applySuppressions(all, input.estate, input.baseline);
  const openCount = countBy(open.map((f) => f.finding.rule));
  const suppressedCount = countBy(suppressed.map((s) => s.finding.rule));
  const rules: AuditRuleSummary[] = results.map(({ packed, compliant, notApplicable }) => ({
    id: packed.rule.id,
    title: packed.rule.title,
    severity: packed.severity,
    rationale: packed.rule.rationale,
    fix: packed.rule.fix,
    references: packed.rule.references,
    compliant,
    notApplicable: notApplicable.length,
    findings: openCount.get(packed.rule.id) ?? 0,
    suppressed: suppressedCount.get(packed.rule.id) ?? 0,
  }));
  return {
    version: AUDIT_REPORT_VERSION,
    subjects: [...input.estate.subjects],
    rules,
    findings: sortFindings(open).map((f) => f.finding),
    suppressed: sortFindings(suppressed).map(({ finding, by }) => ({ finding, by })),
    notApplicable: results.flatMap((r) => r.notApplicable),
    errors,
    skipped: [...input.estate.skipped],
  };
}

function countBy(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

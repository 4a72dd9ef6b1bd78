import type {
  AuditFinding,
  AuditReport,
  AuditRuleSummary,
  SuppressedFinding,
} from '../model/audit-report.js';
import { orderFinding, orderLocation } from './finding-json.js';
import { jsonText } from './json-text.js';

/**
 * `audit --format json`: the report as it is, with its `version`, indented by two and ending in
 * a newline (schema: `schema/audit-report.schema.json`). Keys are written in one fixed order
 * whatever order the report was built in, and absent optional fields are left out (never
 * `null`), so two runs' files diff line by line. Hidden characters in strings are `\u` escapes.
 */
export function renderAuditJson(report: AuditReport): string {
  return jsonText(orderAuditReport(report)) + '\n';
}

/** The report with its keys in schema order; fields the schema does not know are not written. */
export function orderAuditReport(r: AuditReport): unknown {
  return {
    version: r.version,
    subjects: [...r.subjects],
    rules: r.rules.map(orderRule),
    findings: r.findings.map(orderAuditFinding),
    suppressed: r.suppressed.map(orderSuppressed),
    notApplicable: r.notApplicable.map((n) => ({ rule: n.rule, subject: n.subject, reason: n.reason })),
    errors: r.errors.map((e) => ({ rule: e.rule, message: e.message })),
    skipped: r.skipped.map((s) => ({ what: s.what, reason: s.reason })),
  };
}

function orderRule(r: AuditRuleSummary): unknown {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    rationale: r.rationale,
    fix: r.fix,
    references: r.references.map((x) => ({ scanner: x.scanner, id: x.id })),
    compliant: r.compliant,
    notApplicable: r.notApplicable,
    findings: r.findings,
    suppressed: r.suppressed,
  };
}

/** One audit finding with its keys in schema order (drift's finding order, then the fingerprint). */
export function orderAuditFinding(f: AuditFinding): unknown {
  return { ...orderFinding(f), fingerprint: f.fingerprint };
}

function orderSuppressed(s: SuppressedFinding): unknown {
  const by = s.by;
  return {
    finding: orderAuditFinding(s.finding),
    by:
      by.kind === 'baseline'
        ? { kind: by.kind }
        : {
            kind: by.kind,
            ...(by.reason !== undefined && { reason: by.reason }),
            place: orderLocation(by.place),
          },
  };
}

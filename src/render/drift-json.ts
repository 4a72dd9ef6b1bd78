import type { DriftReport, RoleDriftSummary } from '../model/drift-report.js';
import type { Finding, FindingEvidence, FindingLocation } from '../model/finding.js';
import { jsonText } from './json-text.js';

/**
 * `drift --format json`: the report as it is, with its `version`, indented by two and ending in
 * a newline (schema: `schema/drift-report.schema.json`). Keys are written in one fixed order
 * whatever order the report was built in, and absent optional fields are left out (never
 * `null`), so two runs' files diff line by line. Hidden characters in strings are `\u` escapes.
 */
export function renderDriftJson(report: DriftReport): string {
  return jsonText(orderReport(report)) + '\n';
}

/** The report with its keys in schema order; fields the schema does not know are not written. */
export function orderReport(r: DriftReport): unknown {
  const e = r.evidence;
  return {
    version: r.version,
    runAt: r.runAt,
    ...(r.previousRunAt !== undefined && { previousRunAt: r.previousRunAt }),
    window: { days: r.window.days, from: r.window.from, to: r.window.to },
    evidence: {
      sources: [...e.sources],
      newInputs: e.newInputs,
      daysWithLogs: e.daysWithLogs,
      daysMissing: [...e.daysMissing],
      regions: [...e.regions],
      skipped: e.skipped.map((s) => ({ file: s.file, reason: s.reason, records: s.records })),
    },
    roles: r.roles.map(orderRole),
    findings: r.findings.map(orderFinding),
  };
}

function orderRole(s: RoleDriftSummary): unknown {
  return {
    role: s.role,
    functions: [...s.functions],
    granted: s.granted,
    used: s.used,
    removable: s.removable,
    ...(s.change && {
      change: { granted: s.change.granted, used: s.change.used, removable: s.change.removable },
    }),
  };
}

function orderFinding(f: Finding): unknown {
  const s = f.subject;
  return {
    rule: f.rule,
    severity: f.severity,
    subject: {
      role: s.role,
      ...(s.function !== undefined && { function: s.function }),
      ...(s.policy !== undefined && { policy: s.policy }),
      ...(s.statement !== undefined && { statement: s.statement }),
      ...(s.action !== undefined && { action: s.action }),
      ...(s.resource !== undefined && { resource: s.resource }),
    },
    ...(f.location && { location: orderLocation(f.location) }),
    message: f.message,
    evidence: f.evidence.map(orderEvidence),
  };
}

function orderLocation(l: FindingLocation): unknown {
  return l.kind === 'file'
    ? {
        kind: l.kind,
        file: l.file,
        ...(l.line !== undefined && { line: l.line }),
        ...(l.column !== undefined && { column: l.column }),
      }
    : { kind: l.kind, arn: l.arn };
}

/** One evidence item with its keys in schema order. */
export function orderEvidence(e: FindingEvidence): unknown {
  return {
    source: e.source,
    detail: e.detail,
    ...(e.count !== undefined && { count: e.count }),
    ...(e.firstSeen !== undefined && { firstSeen: e.firstSeen }),
    ...(e.lastSeen !== undefined && { lastSeen: e.lastSeen }),
    ...(e.eventId !== undefined && { eventId: e.eventId }),
    ...(e.actor !== undefined && { actor: e.actor }),
  };
}

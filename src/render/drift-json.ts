import type { DriftReport, RoleDriftSummary } from '../model/drift-report.js';
import { jsonText } from './json-text.js';
import { orderFinding } from './finding-json.js';

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

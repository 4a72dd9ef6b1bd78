import type { AuditReport } from '../../src/model/audit-report.js';
import { loadCases } from '../support/case-loader.js';

/** The hand-built audit reports of test/cases/audit-render/, by file name without `.json`. */
export function auditCases(): { name: string; description: string; report: AuditReport }[] {
  return loadCases<AuditReport & { description: string }>('audit-render').map((c) => {
    const { description, ...report } = c.data;
    return { name: c.file.replace(/\.json$/, ''), description, report: report as AuditReport };
  });
}

/** One hand-built report by name. */
export function auditCase(name: string): AuditReport {
  const found = auditCases().find((c) => c.name === name);
  if (!found) throw new Error(`no audit-render case ${name}`);
  return found.report;
}

/** The version the tests pass to the renderers. */
export const TEST_VERSION = '0.1.0-test';

import type { DriftReport } from '../../src/model/drift-report.js';
import { loadCases } from '../support/case-loader.js';

/** The hand-built drift reports of test/cases/drift-render/, by file name without `.json`. */
export function driftCases(): { name: string; description: string; report: DriftReport }[] {
  return loadCases<DriftReport & { description: string }>('drift-render').map((c) => {
    const { description, ...report } = c.data;
    return { name: c.file.replace(/\.json$/, ''), description, report: report as DriftReport };
  });
}

/** One hand-built report by name. */
export function driftCase(name: string): DriftReport {
  const found = driftCases().find((c) => c.name === name);
  if (!found) throw new Error(`no drift-render case ${name}`);
  return found.report;
}

/** The version the tests pass to the renderers. */
export const TEST_VERSION = '0.1.0-test';

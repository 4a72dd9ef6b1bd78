import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/catalog/catalog.js';
import { nameOf } from '../../src/drift/drift-roles.js';
import type { Finding } from '../../src/model/finding.js';
import { loadCases } from '../support/case-loader.js';
import { runCase, type DriftCase, type ExpectedFinding } from './drift-case.js';

const catalog = createCatalog();

const roleLabel = (role: string): string => (role === '*' ? '*' : nameOf(role));
const project = (f: Finding): ExpectedFinding => ({
  rule: f.rule,
  role: roleLabel(f.subject.role),
  ...(f.subject.function !== undefined ? { function: f.subject.function } : {}),
  ...(f.subject.action !== undefined ? { action: f.subject.action } : {}),
  severity: f.severity,
});
const key = (f: ExpectedFinding): string =>
  JSON.stringify([f.rule, f.role, f.function, f.action, f.severity]);

describe('driftRun (test/cases/drift)', () => {
  for (const c of loadCases<DriftCase>('drift')) {
    it(`${c.file}: ${c.description}`, () => {
      const { report } = runCase(c.data, catalog);
      expect(report.findings.map(project).map(key).sort()).toEqual(c.data.expect.findings.map(key).sort());
      for (const [role, removable] of Object.entries(c.data.expect.removable ?? {}))
        expect(report.roles.find((r) => roleLabel(r.role) === role)?.removable, role).toBe(removable);
      if (c.data.expect.roles)
        expect(report.roles.map((r) => roleLabel(r.role))).toEqual(c.data.expect.roles);
      for (const e of c.data.expect.evidence ?? []) {
        const texts = report.findings
          .filter((f) => f.rule === e.rule)
          .flatMap((f) => [
            f.message,
            ...f.evidence.map((x) => `${x.detail} ${x.eventId ?? ''} ${x.actor ?? ''}`),
          ]);
        expect(texts.join('\n'), `${e.rule} evidence`).toContain(e.contains);
      }
    });
  }
});

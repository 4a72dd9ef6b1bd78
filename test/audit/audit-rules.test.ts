import { describe, expect, it } from 'vitest';
import { audit } from '../../src/actions/audit.js';
import type { RemovableGrants, RuleOutcome } from '../../src/audit/audit-rule.js';
import { lambdaChecklist } from '../../src/audit/lambda-checklist.js';
import { subjectKey } from '../../src/audit/run-rules.js';
import { loadCases } from '../support/case-loader.js';
import { auditCatalog } from './audit-catalog.js';
import { estateOf, usageOf, type EstateFragment, type UsageFragment } from './estate-fragment.js';

/**
 * A rule case (test/cases/audit/<rule-id>.json): an estate fragment, optional evidence, and
 * per subject (`function:<id>`, `role:<id>`, `log-group:<name>`) what the rule must answer:
 * `"compliant"`, `{"notApplicable": "<part of the reason>"}` or `{"findings": n, "match": [...]}`
 * (each `match` text must appear in some finding's message). Subjects not listed must not appear.
 */
interface RuleCase {
  estate: EstateFragment;
  usage?: UsageFragment;
  removable?: RemovableGrants[];
  /** Set when the rule has no not-applicable answer at all, saying why. */
  alwaysApplicable?: string;
  expect: Record<string, 'compliant' | { notApplicable: string } | { findings: number; match?: string[] }>;
}

const catalog = { actions: auditCatalog() };
const cases = loadCases<RuleCase>('audit');

describe('audit rules (test/cases/audit)', () => {
  it('every rule of the pack has a case file', () => {
    expect(cases.map((c) => c.file).sort()).toEqual(lambdaChecklist.map((p) => `${p.rule.id}.json`).sort());
  });

  for (const c of cases) {
    const id = c.file.replace(/\.json$/, '');
    it(`${id}: ${c.description}`, () => {
      const packed = lambdaChecklist.find((p) => p.rule.id === id);
      expect(packed, `no rule ${id} in the pack`).toBeDefined();
      const estate = estateOf(c.data.estate);
      const usage = c.data.usage ? usageOf(c.data.usage) : undefined;
      const context = {
        catalog,
        ...(usage ? { usage } : {}),
        ...(c.data.removable ? { removable: c.data.removable } : {}),
      };
      const outcomes = packed!.rule.check(estate, context);

      const bySubject = new Map<string, RuleOutcome[]>();
      for (const o of outcomes)
        bySubject.set(subjectKey(o.subject), [...(bySubject.get(subjectKey(o.subject)) ?? []), o]);
      expect([...bySubject.keys()].sort()).toEqual(Object.keys(c.data.expect).sort());

      const kinds = new Set<string>();
      for (const [key, want] of Object.entries(c.data.expect)) {
        const got = bySubject.get(key)!;
        if (want === 'compliant') {
          kinds.add('compliant');
          expect(got, key).toEqual([{ kind: 'compliant', subject: got[0]!.subject }]);
        } else if ('notApplicable' in want) {
          kinds.add('not-applicable');
          expect(
            got.map((o) => o.kind),
            key,
          ).toEqual(['not-applicable']);
          expect(got[0]!.kind === 'not-applicable' && got[0]!.reason, key).toContain(want.notApplicable);
        } else {
          kinds.add('finding');
          expect(
            got.map((o) => o.kind),
            key,
          ).toEqual(Array(want.findings).fill('finding'));
          const messages = got.map((o) => (o.kind === 'finding' ? o.message : ''));
          for (const m of want.match ?? [])
            expect(
              messages.some((text) => text.includes(m)),
              `${key}: "${m}" in ${messages.join(' | ')}`,
            ).toBe(true);
        }
      }
      expect(
        kinds.has('compliant') && kinds.has('finding'),
        'a case needs compliant and non-compliant subjects',
      ).toBe(true);
      if (!c.data.alwaysApplicable)
        expect(kinds.has('not-applicable'), 'a case needs a not-applicable subject').toBe(true);

      // Through the use case too: the same findings, each with a location and a fingerprint.
      const report = audit({ estate, catalog, usage, removable: c.data.removable, rules: [id] });
      expect(report.errors).toEqual([]);
      const wanted = Object.values(c.data.expect).reduce(
        (n, w) => n + (typeof w === 'object' && 'findings' in w ? w.findings : 0),
        0,
      );
      expect(report.findings.length + report.suppressed.length).toBe(wanted);
      for (const f of report.findings) {
        expect(f.location).toBeDefined();
        expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
        expect(f.severity).toBe(packed!.severity);
      }
      expect(report.rules).toEqual([
        expect.objectContaining({
          id,
          compliant: [...kinds].length && outcomes.filter((o) => o.kind === 'compliant').length,
        }),
      ]);
    });
  }
});

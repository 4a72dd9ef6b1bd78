import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/audit-report.js';
import { renderAuditJson } from '../../src/render/audit-json.js';
import { checkJsonSchema, type JsonSchema } from '../../src/sources/check-json-schema.js';
import { FORBIDDEN_IN_TEXT, hostileString } from '../support/hostile-strings.js';
import { auditCase, auditCases } from './audit-cases.js';
import { auditReportArbitrary } from './audit-report-arbitrary.js';

const schema = JSON.parse(readFileSync('schema/audit-report.schema.json', 'utf8')) as JsonSchema;

/** The same value with every object's keys in reverse order: what a differently built report looks like. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe('audit --format json', () => {
  for (const c of auditCases()) {
    it(`${c.name}: conforms to schema/audit-report.schema.json and reads back as the report`, () => {
      const text = renderAuditJson(c.report);
      expect(text.endsWith('}\n')).toBe(true);
      const doc = JSON.parse(text) as unknown;
      expect(checkJsonSchema(doc, schema)).toBeUndefined();
      expect(doc).toEqual(c.report);
    });
  }

  it('writes the same text whatever order the report’s keys were built in', () => {
    const report = auditCase('template');
    expect(renderAuditJson(reverseKeys(report) as AuditReport)).toBe(renderAuditJson(report));
  });

  it('leaves out a field the schema does not have', () => {
    const report = auditCase('live');
    const extra = { ...report, debug: true, findings: report.findings.map((f) => ({ ...f, x: 1 })) };
    expect(renderAuditJson(extra as AuditReport)).toBe(renderAuditJson(report));
  });

  it('a generated report (hostile strings included) conforms to the schema and reads back exactly', () => {
    fc.assert(
      fc.property(auditReportArbitrary(hostileString), (report) => {
        const text = renderAuditJson(report);
        // Hidden characters are written as \u escapes, so none reaches a terminal raw.
        expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
        const doc = JSON.parse(text) as unknown;
        expect(checkJsonSchema(doc, schema)).toBeUndefined();
        expect(doc).toEqual(JSON.parse(JSON.stringify(report)));
      }),
      { numRuns: 200 },
    );
  });

  // The schema says exactly what is written: each of these must be refused.
  const base = JSON.parse(renderAuditJson(auditCase('template'))) as Record<string, unknown>;
  const finding = (base.findings as Record<string, unknown>[])[0]!;
  const rule = (base.rules as Record<string, unknown>[])[0]!;
  const suppressed = (base.suppressed as Record<string, unknown>[])[0]!;
  it.each<[string, unknown, string]>([
    ['a key the format does not have', { ...base, extra: 1 }, '$'],
    ['another version', { ...base, version: 2 }, '$.version'],
    [
      'an unknown severity',
      { ...base, findings: [{ ...finding, severity: 'critical' }] },
      '$.findings[0].severity',
    ],
    [
      'a finding without its fingerprint',
      { ...base, findings: [{ ...finding, fingerprint: undefined }] },
      '$.findings[0]',
    ],
    [
      'a location of neither kind',
      { ...base, findings: [{ ...finding, location: { kind: 'file', arn: 'x' } }] },
      '$.findings[0].location',
    ],
    [
      'an unknown subject key',
      { ...base, findings: [{ ...finding, subject: { role: 'r', x: 1 } }] },
      '$.findings[0].subject',
    ],
    ['a negative tally', { ...base, rules: [{ ...rule, compliant: -1 }] }, '$.rules[0].compliant'],
    [
      'an unknown scanner',
      { ...base, rules: [{ ...rule, references: [{ scanner: 'snyk', id: 'x' }] }] },
      '$.rules[0].references[0].scanner',
    ],
    [
      'a suppression of an unknown kind',
      { ...base, suppressed: [{ ...suppressed, by: { kind: 'comment' } }] },
      '$.suppressed[0].by',
    ],
    [
      'a template suppression without its place',
      { ...base, suppressed: [{ ...suppressed, by: { kind: 'template', reason: 'r' } }] },
      '$.suppressed[0].by',
    ],
    ['an error without its message', { ...base, errors: [{ rule: 'x' }] }, '$.errors[0]'],
    ['a skipped entry without its reason', { ...base, skipped: [{ what: 'x' }] }, '$.skipped[0]'],
  ])('refuses %s', (_, doc, path) => {
    expect(checkJsonSchema(JSON.parse(JSON.stringify(doc)), schema)?.path).toBe(path);
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/model/drift-report.js';
import { renderDriftJson } from '../../src/render/drift-json.js';
import { checkJsonSchema, type JsonSchema } from '../../src/sources/check-json-schema.js';
import { FORBIDDEN_IN_TEXT, hostileString } from '../support/hostile-strings.js';
import { driftCase, driftCases } from './drift-cases.js';
import { driftReportArbitrary } from './drift-report-arbitrary.js';

const schema = JSON.parse(readFileSync('schema/drift-report.schema.json', 'utf8')) as JsonSchema;

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

describe('drift --format json', () => {
  for (const c of driftCases()) {
    it(`${c.name}: conforms to schema/drift-report.schema.json and reads back as the report`, () => {
      const text = renderDriftJson(c.report);
      expect(text.endsWith('}\n')).toBe(true);
      const doc = JSON.parse(text) as unknown;
      expect(checkJsonSchema(doc, schema)).toBeUndefined();
      expect(doc).toEqual(c.report);
    });
  }

  it('writes the same text whatever order the report’s keys were built in', () => {
    const report = driftCase('all-kinds');
    expect(renderDriftJson(reverseKeys(report) as DriftReport)).toBe(renderDriftJson(report));
  });

  it('a generated report (hostile strings included) conforms to the schema and reads back exactly', () => {
    fc.assert(
      fc.property(driftReportArbitrary(hostileString), (report) => {
        const text = renderDriftJson(report);
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
  const base = JSON.parse(renderDriftJson(driftCase('all-kinds'))) as Record<string, unknown>;
  const finding = (base.findings as Record<string, unknown>[])[0]!;
  const role = (base.roles as Record<string, unknown>[])[0]!;
  it.each<[string, unknown, string]>([
    ['a key the format does not have', { ...base, extra: 1 }, '$'],
    ['another version', { ...base, version: 2 }, '$.version'],
    [
      'an unknown finding kind',
      { ...base, findings: [{ ...finding, rule: 'made-up' }] },
      '$.findings[0].rule',
    ],
    [
      'an unknown severity',
      { ...base, findings: [{ ...finding, severity: 'critical' }] },
      '$.findings[0].severity',
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
    ['a negative removable count', { ...base, roles: [{ ...role, removable: -1 }] }, '$.roles[0].removable'],
    [
      'a missing evidence list',
      { ...base, findings: [{ ...finding, evidence: undefined }] },
      '$.findings[0]',
    ],
  ])('refuses %s', (_, doc, path) => {
    expect(checkJsonSchema(JSON.parse(JSON.stringify(doc)), schema)?.path).toBe(path);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { DRIFT_FINDING_KINDS, type DriftReport } from '../../src/model/drift-report.js';
import { FINDING_SEVERITY_SCORE, type Finding } from '../../src/model/finding.js';
import { renderDriftSarif } from '../../src/render/drift-sarif.js';
import { arnUri, fileUri, FINGERPRINT_NAME, renderSarif } from '../../src/render/sarif.js';
import { driftCase, driftCases, TEST_VERSION } from './drift-cases.js';

// The SARIF 2.1.0 JSON schema (rtm.5, as @microsoft/jest-sarif ships it, MIT), checked with
// ajv (draft-04): the offline copy of what the SARIF validators check.
const require = createRequire(import.meta.url);
const ajv = new Ajv({ schemaId: 'id', allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
const validateSarif = ajv.compile(
  JSON.parse(readFileSync('test/support/sarif/sarif-2.1.0-rtm.5.json', 'utf8')) as object,
);

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
  }[];
}
interface SarifRule {
  id: string;
  defaultConfiguration: { level: string };
  properties: { 'security-severity': string; tags: string[] };
  help: { text: string; markdown: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

function sarifOf(report: DriftReport): SarifLog {
  return JSON.parse(renderDriftSarif(report, { version: TEST_VERSION })) as SarifLog;
}

function fingerprints(report: DriftReport): Map<string, string> {
  const results = sarifOf(report).runs[0]!.results;
  return new Map(
    results.map((r, i) => [
      JSON.stringify([report.findings[i]!.rule, report.findings[i]!.subject]),
      r.partialFingerprints[FINGERPRINT_NAME]!,
    ]),
  );
}

describe('drift --format sarif', () => {
  for (const c of driftCases()) {
    it(`${c.name}: valid SARIF 2.1.0 (schema)`, () => {
      const doc = sarifOf(c.report);
      expect(validateSarif(doc), ajv.errorsText(validateSarif.errors)).toBe(true);
    });
  }

  it('the schema check can fail: a result with a made-up level is refused', () => {
    const doc = sarifOf(driftCase('all-kinds'));
    doc.runs[0]!.results[0]!.level = 'critical';
    expect(validateSarif(doc)).toBe(false);
  });

  it('one rule per finding kind, with its security-severity; each result points at its own rule', () => {
    const report = driftCase('all-kinds');
    const run = sarifOf(report).runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'iamtrim', version: TEST_VERSION });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...DRIFT_FINDING_KINDS]);
    const widened = run.tool.driver.rules[0]!;
    expect(widened.defaultConfiguration.level).toBe('error');
    expect(widened.properties).toEqual({
      'security-severity': FINDING_SEVERITY_SCORE.high,
      tags: ['security'],
    });
    expect(run.results).toHaveLength(report.findings.length);
    run.results.forEach((r, i) => {
      const f = report.findings[i]!;
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.ruleId).toBe(f.rule);
      expect(r.level).toBe({ high: 'error', medium: 'warning', low: 'note' }[f.severity]);
      expect(r.properties.evidence).toEqual(f.evidence);
    });
  });

  it('every result has a physical location GitHub accepts: a relative URI, or the file and line', () => {
    const report = driftCase('all-kinds');
    const results = sarifOf(report).runs[0]!.results;
    for (const r of results) {
      expect(r.locations).toHaveLength(1);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    }
    const file = results.find((r) => r.ruleId === 'policy-widened')!.locations[0]!.physicalLocation;
    expect(file).toEqual({
      artifactLocation: { uri: 'infra/template.yaml' },
      region: { startLine: 42, startColumn: 7 },
    });
    const role = results.find((r) => r.ruleId === 'denied-new')!.locations[0]!;
    expect(role.physicalLocation.artifactLocation.uri).toBe(
      'aws/123456789012/iam/role/service-role/orders-api-role',
    );
    expect(role.logicalLocations![0]!.fullyQualifiedName).toBe(report.findings[1]!.subject.role);
    const trail = results.find((r) => r.ruleId === 'coverage-gap')!.locations[0]!;
    expect(trail.physicalLocation.artifactLocation.uri).toBe(
      'aws/123456789012/cloudtrail/us-east-1/trail/main',
    );
  });

  it.each([
    ['arn:aws:iam::123456789012:role/a/b/name', 'aws/123456789012/iam/role/a/b/name'],
    ['arn:aws-cn:s3:::bucket/key', 'aws/global/s3/bucket/key'],
    ['orders-api-role', 'aws/iam/role/orders-api-role'],
    ['arn:aws:iam::1:role/../../etc/x y', 'aws/1/iam/role/%2E%2E/%2E%2E/etc/x%20y'],
    ['https://evil.example/x', 'aws/iam/role/https%3A%2F%2Fevil.example%2Fx'],
  ])('arnUri(%j) = %j: relative, percent-encoded, never out of aws/', (arn, uri) => {
    expect(arnUri(arn)).toBe(uri);
  });

  it.each([
    ['infra/template.yaml', 'infra/template.yaml'],
    ['my stack\\template #1.yaml', 'my%20stack/template%20%231.yaml'],
    ['/abs/t.yaml', 'file:///abs/t.yaml'],
  ])('fileUri(%j) = %j', (file, uri) => {
    expect(fileUri(file)).toBe(uri);
  });

  it('a finding keeps its fingerprint when unrelated findings come and go, and counts, times and messages change', () => {
    const report = driftCase('all-kinds');
    const before = fingerprints(report);
    const [first, ...rest] = report.findings;
    const later: DriftReport = {
      ...report,
      findings: [
        ...rest.slice(1).map((f) => ({
          ...f,
          message: `${f.message} (again)`,
          evidence: f.evidence.map((e) => ({
            ...e,
            count: (e.count ?? 0) + 5,
            lastSeen: '2026-12-01T00:00:00Z',
          })),
        })),
        { ...first!, subject: { ...first!.subject, role: 'arn:aws:iam::123456789012:role/other' } },
      ],
    };
    const after = fingerprints(later);
    for (const f of rest.slice(1)) {
      const key = JSON.stringify([f.rule, f.subject]);
      expect(after.get(key)).toBe(before.get(key));
    }
    expect(new Set(after.values()).size).toBe(after.size);
  });

  it('the fingerprint tells apart role, kind, function and action', () => {
    const base: Finding = {
      rule: 'new-action-used',
      severity: 'low',
      subject: { role: 'r', function: 'f', action: 'a' },
      message: 'm',
      evidence: [],
    };
    const variants: Finding[] = [
      base,
      { ...base, rule: 'denied-new' },
      { ...base, subject: { ...base.subject, role: 'r2' } },
      { ...base, subject: { ...base.subject, function: 'f2' } },
      { ...base, subject: { ...base.subject, action: 'a2' } },
      // Fields joined naively would collide: ("r", "f|a") vs ("r|f", "a").
      { ...base, subject: { role: 'r', function: 'f", "a' } },
    ];
    const doc = JSON.parse(renderSarif(variants, [], { version: TEST_VERSION })) as SarifLog;
    const prints = doc.runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_NAME]);
    expect(new Set(prints).size).toBe(variants.length);
  });

  it('a rule the caller gave no text for still gets a rule, so ruleIndex stays valid', () => {
    const f: Finding = {
      rule: 'public-invoke',
      severity: 'high',
      subject: { role: 'r' },
      message: 'm',
      evidence: [],
    };
    const doc = JSON.parse(renderSarif([f], [], { version: TEST_VERSION })) as SarifLog;
    const run = doc.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['public-invoke']);
    expect(run.results[0]!.ruleIndex).toBe(0);
    expect(validateSarif(doc), ajv.errorsText(validateSarif.errors)).toBe(true);
  });
});

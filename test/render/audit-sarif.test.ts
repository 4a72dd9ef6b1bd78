import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/audit-report.js';
import { FINDING_SEVERITY_SCORE } from '../../src/model/finding.js';
import { AUDIT_FINGERPRINT_NAME, renderAuditSarif } from '../../src/render/audit-sarif.js';
import { hostileString } from '../support/hostile-strings.js';
import { auditCase, auditCases, TEST_VERSION } from './audit-cases.js';
import { auditReportArbitrary } from './audit-report-arbitrary.js';

// The SARIF 2.1.0 JSON schema (rtm.5, as @microsoft/jest-sarif ships it, MIT), checked with
// ajv (draft-04): the offline copy of what the SARIF validators check.
const require = createRequire(import.meta.url);
const ajv = new Ajv({ schemaId: 'id', allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
const validateSarif = ajv.compile(
  JSON.parse(readFileSync('test/support/sarif/sarif-2.1.0-rtm.5.json', 'utf8')) as object,
);

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  logicalLocations?: { fullyQualifiedName: string }[];
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  suppressions?: { kind: string; justification?: string; location?: SarifLocation }[];
}
interface SarifLog {
  runs: {
    tool: {
      driver: {
        version: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
          properties: { 'security-severity': string; tags: string[] };
        }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string } }[];
    }[];
    results: SarifResult[];
  }[];
}

function sarifOf(report: AuditReport, includeSuppressed = false): SarifLog {
  return JSON.parse(renderAuditSarif(report, { version: TEST_VERSION, includeSuppressed })) as SarifLog;
}

function expectValid(doc: unknown): void {
  expect(validateSarif(doc), ajv.errorsText(validateSarif.errors)).toBe(true);
}

describe('audit --format sarif', () => {
  for (const c of auditCases())
    for (const includeSuppressed of [false, true])
      it(`${c.name}${includeSuppressed ? ' with suppressed findings' : ''}: valid SARIF 2.1.0 (schema)`, () => {
        expectValid(sarifOf(c.report, includeSuppressed));
      });

  it('the schema check can fail: a suppression of a made-up kind is refused', () => {
    const doc = sarifOf(auditCase('template'), true);
    doc.runs[0]!.results.find((r) => r.suppressions?.length)!.suppressions![0]!.kind = 'ignored';
    expect(validateSarif(doc)).toBe(false);
  });

  it('generated reports with hostile text are valid SARIF', () => {
    fc.assert(
      fc.property(auditReportArbitrary(hostileString), fc.boolean(), (report, withSuppressed) => {
        expectValid(sarifOf(report, withSuppressed));
      }),
      { numRuns: 100 },
    );
  });

  it('one rule per rule that ran, in order, with title, rationale, fix, references and severity', () => {
    const report = auditCase('template');
    const driver = sarifOf(report).runs[0]!.tool.driver;
    expect(driver.version).toBe(TEST_VERSION);
    expect(driver.rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    report.rules.forEach((rule, i) => {
      const r = driver.rules[i]!;
      expect(r.shortDescription.text).toBe(rule.title);
      expect(r.fullDescription.text).toBe(rule.rationale);
      expect(r.help.text).toContain(rule.rationale);
      expect(r.help.text).toContain(rule.fix);
      for (const ref of rule.references) {
        expect(r.help.text).toContain(ref.id);
        expect(r.help.markdown).toContain(ref.id.replace(/[-_.]/g, (ch) => `\\${ch}`));
      }
      expect(r.defaultConfiguration.level).toBe(
        { high: 'error', medium: 'warning', low: 'note' }[rule.severity],
      );
      expect(r.properties['security-severity']).toBe(FINDING_SEVERITY_SCORE[rule.severity]);
      expect(r.properties.tags).toContain('security');
    });
    // The pack's code spans become <code>, not escaped backticks.
    const wildcard = driver.rules.find((r) => r.id === 'lambda-role-wildcard-action')!;
    expect(wildcard.help.markdown).toContain('<code>iamtrim suggest</code>');
  });

  it('template findings point at their file and line; each result names its rule and keeps its fingerprint', () => {
    const report = auditCase('template');
    const run = sarifOf(report).runs[0]!;
    expect(run.results).toHaveLength(report.findings.length);
    run.results.forEach((r, i) => {
      const f = report.findings[i]!;
      expect(r.ruleId).toBe(f.rule);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(f.rule);
      expect(r.partialFingerprints).toEqual({ [AUDIT_FINGERPRINT_NAME]: f.fingerprint });
      expect(r.message.text).toContain(f.message);
      expect(r.suppressions).toBeUndefined();
      const loc = f.location!;
      expect(loc.kind).toBe('file');
      expect(r.locations[0]!.physicalLocation).toEqual({
        artifactLocation: { uri: 'infra/template.yaml' },
        region: { startLine: loc.kind === 'file' ? loc.line : -1 },
      });
    });
  });

  it('live findings point at the relative pseudo-path of their ARN, with the ARN as logical location', () => {
    const run = sarifOf(auditCase('live')).runs[0]!;
    const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('aws/123456789012/lambda/eu-west-1/function/thumbnailer');
    expect(uris).toContain('aws/123456789012/iam/role/service-role/thumbnailer-role');
    // `log-group:/aws/…`: the empty segment after the colon is `_`.
    expect(uris).toContain('aws/123456789012/logs/eu-west-1/log-group/_/aws/lambda/webhook');
    for (const r of run.results) {
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(r.locations[0]!.logicalLocations![0]!.fullyQualifiedName).toMatch(/^arn:aws:/);
    }
  });

  it('by default leaves suppressed findings out (GitHub would open alerts for them) and says how many', () => {
    const report = auditCase('template');
    const run = sarifOf(report).runs[0]!;
    const fingerprints = run.results.map((r) => r.partialFingerprints[AUDIT_FINGERPRINT_NAME]);
    for (const s of report.suppressed) expect(fingerprints).not.toContain(s.finding.fingerprint);
    const notes = run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
    expect(notes).toContainEqual(
      expect.stringContaining(`${report.suppressed.length} suppressed finding(s) left out`),
    );
  });

  it('with includeSuppressed: inSource with the reason, external for the baseline, an empty list on open results', () => {
    const report = auditCase('template');
    const run = sarifOf(report, true).runs[0]!;
    expect(run.results).toHaveLength(report.findings.length + report.suppressed.length);
    const open = run.results.slice(0, report.findings.length);
    for (const r of open) expect(r.suppressions).toEqual([]);
    const suppressed = run.results.slice(report.findings.length);
    suppressed.forEach((r, i) => {
      const s = report.suppressed[i]!;
      expect(r.partialFingerprints[AUDIT_FINGERPRINT_NAME]).toBe(s.finding.fingerprint);
      const [sup] = r.suppressions!;
      if (s.by.kind === 'baseline') expect(sup).toMatchObject({ kind: 'external' });
      else {
        expect(sup!.kind).toBe('inSource');
        expect(sup!.justification).toBe(s.by.reason);
        expect(sup!.location!.physicalLocation.region!.startLine).toBe(
          s.by.place.kind === 'file' ? s.by.place.line : -1,
        );
      }
    });
    expect(suppressed.some((r) => r.suppressions![0]!.justification === undefined)).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning' }),
    ]);
  });

  it('failed rules make the invocation unsuccessful; skipped inputs are warnings', () => {
    const report = auditCase('live');
    const inv = sarifOf(report).runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications.map((n) => n.level)).toEqual(['error', 'warning']);
    expect(inv.toolExecutionNotifications[0]!.message.text).toContain(report.errors[0]!.message);
    expect(sarifOf(auditCase('clean')).runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('a finding of a rule the report does not list still gets a rule, so ruleIndex stays valid', () => {
    const report = auditCase('live');
    const doc = sarifOf({ ...report, rules: [] });
    const run = doc.runs[0]!;
    expect(new Set(run.tool.driver.rules.map((r) => r.id))).toEqual(
      new Set(report.findings.map((f) => f.rule)),
    );
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expectValid(doc);
  });
});

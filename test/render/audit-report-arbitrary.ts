import fc from 'fast-check';
import type {
  AuditFinding,
  AuditReport,
  AuditRuleReference,
  AuditRuleSummary,
  SuppressedFinding,
} from '../../src/model/audit-report.js';
import { FINDING_SEVERITIES, type FindingEvidence, type FindingLocation } from '../../src/model/finding.js';

const SCANNERS: readonly AuditRuleReference['scanner'][] = [
  'checkov',
  'prowler',
  'security-hub',
  'cfn-nag',
  'cdk-nag',
  'cloudsplaining',
];

/** Audit reports of any shape the model allows, with text fields (rule ids too) drawn from `text`. */
export function auditReportArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<AuditReport> {
  const count = fc.nat({ max: 10_000 });
  const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
  const severity = fc.constantFrom(...FINDING_SEVERITIES);
  const location: fc.Arbitrary<FindingLocation> = fc.oneof(
    fc
      .record({
        kind: fc.constant('file' as const),
        file: text,
        line: opt(fc.integer({ min: 1, max: 5000 })),
        column: opt(fc.integer({ min: 1, max: 200 })),
      })
      .map(dropUndefined),
    fc.record({ kind: fc.constant('resource' as const), arn: text }),
  );
  const evidence: fc.Arbitrary<FindingEvidence> = fc
    .record({
      source: text,
      detail: text,
      count: opt(count),
      firstSeen: opt(text),
      lastSeen: opt(text),
      eventId: opt(text),
      actor: opt(text),
    })
    .map(dropUndefined);
  const finding: fc.Arbitrary<AuditFinding> = fc
    .record({
      rule: text,
      severity,
      subject: fc
        .record({
          role: text,
          function: opt(text),
          policy: opt(text),
          statement: opt(fc.oneof(text, fc.nat({ max: 50 }))),
          action: opt(text),
          resource: opt(text),
        })
        .map(dropUndefined),
      location: opt(location),
      message: text,
      evidence: fc.array(evidence, { maxLength: 3 }),
      fingerprint: fc.stringMatching(/^[0-9a-f]{32}$/),
    })
    .map(dropUndefined);
  const suppressed: fc.Arbitrary<SuppressedFinding> = fc.record({
    finding,
    by: fc.oneof(
      fc
        .record({ kind: fc.constant('template' as const), reason: opt(text), place: location })
        .map(dropUndefined),
      fc.constant({ kind: 'baseline' as const }),
    ),
  });
  const rule: fc.Arbitrary<AuditRuleSummary> = fc.record({
    id: text,
    title: text,
    severity,
    rationale: text,
    fix: text,
    references: fc.array(fc.record({ scanner: fc.constantFrom(...SCANNERS), id: text }), { maxLength: 3 }),
    compliant: count,
    notApplicable: count,
    findings: count,
    suppressed: count,
  });
  return fc.record({
    version: fc.constant(1 as const),
    subjects: fc.array(text, { maxLength: 3 }),
    rules: fc.array(rule, { maxLength: 4 }),
    findings: fc.array(finding, { maxLength: 6 }),
    suppressed: fc.array(suppressed, { maxLength: 3 }),
    notApplicable: fc.array(fc.record({ rule: text, subject: text, reason: text }), { maxLength: 3 }),
    errors: fc.array(fc.record({ rule: text, message: text }), { maxLength: 2 }),
    skipped: fc.array(fc.record({ what: text, reason: text }), { maxLength: 2 }),
  });
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

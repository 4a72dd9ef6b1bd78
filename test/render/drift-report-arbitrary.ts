import fc from 'fast-check';
import {
  DRIFT_FINDING_KINDS,
  type DriftReport,
  type RoleDriftSummary,
} from '../../src/model/drift-report.js';
import { FINDING_SEVERITIES, type Finding, type FindingEvidence } from '../../src/model/finding.js';

/** Drift reports of any shape the model allows, with text fields drawn from `text`. */
export function driftReportArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<DriftReport> {
  const count = fc.nat({ max: 10_000 });
  const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });
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
  const finding: fc.Arbitrary<Finding> = fc
    .record({
      rule: fc.constantFrom(...DRIFT_FINDING_KINDS),
      severity: fc.constantFrom(...FINDING_SEVERITIES),
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
      location: opt(
        fc.oneof(
          fc
            .record({
              kind: fc.constant('file' as const),
              file: text,
              line: opt(fc.integer({ min: 1, max: 5000 })),
              column: opt(fc.integer({ min: 1, max: 200 })),
            })
            .map(dropUndefined),
          fc.record({ kind: fc.constant('resource' as const), arn: text }),
        ),
      ),
      message: text,
      evidence: fc.array(evidence, { maxLength: 5 }),
    })
    .map(dropUndefined);
  const delta = fc.integer({ min: -100, max: 100 });
  const role: fc.Arbitrary<RoleDriftSummary> = fc
    .record({
      role: text,
      functions: fc.array(text, { maxLength: 4 }),
      granted: count,
      used: count,
      removable: fc.option(count, { nil: null }),
      change: opt(fc.record({ granted: delta, used: delta, removable: fc.option(delta, { nil: null }) })),
    })
    .map(dropUndefined);
  return fc
    .record({
      version: fc.constant(1 as const),
      runAt: text,
      previousRunAt: opt(text),
      window: fc.record({ days: fc.integer({ min: 1, max: 400 }), from: text, to: text }),
      evidence: fc.record({
        sources: fc.array(text, { maxLength: 3 }),
        newInputs: count,
        daysWithLogs: count,
        daysMissing: fc.array(text, { maxLength: 5 }),
        regions: fc.array(text, { maxLength: 3 }),
        skipped: fc.array(fc.record({ file: text, reason: text, records: count }), { maxLength: 3 }),
      }),
      roles: fc.array(role, { maxLength: 4 }),
      findings: fc.array(finding, { maxLength: 8 }),
    })
    .map(dropUndefined);
}

/** The object without its undefined fields, as the model writes optional ones (absent, not undefined). */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/model/drift-report.js';
import { FINDING_SEVERITIES, type Finding, type FindingSeverity } from '../../src/model/finding.js';
import { dayRanges, renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { driftCase } from './drift-cases.js';

/** GitHub refuses an issue body longer than this. */
const GITHUB_ISSUE_BODY = 65_536;

/** A large account: `roles` roles, each with `perRole` findings of every severity. */
function bigReport(roles: number, perRole: number): DriftReport {
  const base = driftCase('all-kinds');
  const arn = (i: number): string => `arn:aws:iam::123456789012:role/service-role/function-role-${i}`;
  const findings: Finding[] = [];
  for (const severity of [...FINDING_SEVERITIES].reverse())
    for (let i = 0; i < roles; i++)
      for (let j = 0; j < perRole; j++)
        findings.push({
          rule: 'new-action-used',
          severity,
          subject: { role: arn(i), function: `function-${i}`, action: `dynamodb:Action${j}` },
          message: `function-${i} used dynamodb:Action${j} for the first time in the window`,
          evidence: [
            {
              source: 'cloudtrail',
              detail: `on table orders-${j}`,
              count: j + 1,
              firstSeen: '2026-11-28T08:00:00Z',
            },
          ],
        });
  return {
    ...base,
    roles: Array.from({ length: roles }, (_, i) => ({
      role: arn(i),
      functions: [`function-${i}`],
      granted: 20,
      used: 5,
      removable: 15,
      change: { granted: 1, used: 0, removable: -1 },
    })),
    findings,
  };
}

/** Per severity heading: the count it announces, the findings shown, and those said to be left out. */
function sections(text: string): Map<FindingSeverity, { announced: number; shown: number; left: number }> {
  const out = new Map<FindingSeverity, { announced: number; shown: number; left: number }>();
  for (const part of text.split(/^## /m).slice(1)) {
    const m = /^(High|Medium|Low) \((\d+)\)/.exec(part);
    if (!m) continue;
    const left = /^(\d+) more \w+ finding\(s\) not shown/m.exec(part);
    out.set(m[1]!.toLowerCase() as FindingSeverity, {
      announced: Number(m[2]),
      shown: part.split('\n').filter((l) => l.startsWith('- **')).length,
      left: left ? Number(left[1]) : 0,
    });
  }
  return out;
}

describe('drift markdown: size budget', () => {
  it('a report that fits is shown whole', () => {
    const text = renderDriftMarkdown(driftCase('all-kinds'));
    expect(text).not.toContain('not shown');
    expect([...sections(text).values()].every((s) => s.shown === s.announced)).toBe(true);
  });

  it('a large account stays under GitHub’s issue limit, high findings first, and counts what it left out', () => {
    const report = bigReport(300, 10);
    const text = renderDriftMarkdown(report);
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text.length).toBeLessThan(GITHUB_ISSUE_BODY);
    const s = sections(text);
    for (const severity of FINDING_SEVERITIES) {
      const x = s.get(severity)!;
      expect(x.announced).toBe(3000);
      expect(x.shown + x.left).toBe(x.announced);
    }
    expect(s.get('high')!.shown).toBeGreaterThan(0);
    expect(s.get('low')!.shown).toBe(0);
    // The roles are cut too, with a count, and the evidence section is always there.
    const roleRows = text.split('\n').filter((l) => l.startsWith('| <code>')).length;
    expect(roleRows).toBeGreaterThan(0);
    expect(text).toContain(`${300 - roleRows} more role(s) not shown`);
    expect(text).toContain('## Evidence');
  });

  it('any budget is kept, and what is shown plus what is counted is everything', () => {
    const report = bigReport(40, 5);
    fc.assert(
      fc.property(fc.integer({ min: 4_000, max: 80_000 }), (budget) => {
        const text = renderDriftMarkdown(report, { budget });
        expect(text.length).toBeLessThanOrEqual(budget);
        for (const x of sections(text).values()) expect(x.shown + x.left).toBe(x.announced);
      }),
      { numRuns: 40 },
    );
  });

  it('missing days are shown as ranges of consecutive days', () => {
    expect(
      dayRanges(['2026-11-05', '2026-11-03', '2026-11-04', '2026-11-30', '2026-12-01', '2026-11-10']),
    ).toEqual(['2026-11-03 to 2026-11-05', '2026-11-10', '2026-11-30 to 2026-12-01']);
  });
});

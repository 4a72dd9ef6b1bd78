import { describe, expect, it } from 'vitest';
import type { AuditFinding, AuditReport } from '../../src/model/audit-report.js';
import { FINDING_SEVERITIES, type FindingSeverity } from '../../src/model/finding.js';
import { renderAuditMarkdown } from '../../src/render/audit-markdown.js';
import { auditCase } from './audit-cases.js';

/** GitHub refuses a comment, issue body or job summary longer than this. */
const GITHUB_LIMIT = 65_536;

/** A large estate: `perSeverity` findings of each severity, over the template case's rules. */
function bigReport(perSeverity: number, extra: Partial<AuditReport> = {}): AuditReport {
  const base = auditCase('template');
  const findings: AuditFinding[] = [];
  for (const severity of [...FINDING_SEVERITIES].reverse()) {
    const rule = base.rules.find((r) => r.severity === severity)!;
    for (let i = 0; i < perSeverity; i++)
      findings.push({
        rule: rule.id,
        severity,
        subject: { role: `arn:aws:iam::123456789012:role/role-${i}`, function: `function-${i}` },
        location: { kind: 'file', file: `stacks/service-${i}/template.yaml`, line: i + 1 },
        message: `function-${i} breaks ${rule.id} in a way that takes a sentence of ordinary length to say`,
        evidence: [],
        fingerprint: `${severity}${i}`.padEnd(32, '0'),
      });
  }
  return { ...base, findings, ...extra };
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
      shown: part.split('\n').filter((l) => l.startsWith('- ')).length,
      left: left ? Number(left[1]) : 0,
    });
  }
  return out;
}

describe('audit markdown: size budget', () => {
  it('a report that fits is shown whole', () => {
    const text = renderAuditMarkdown(bigReport(20));
    expect(text).not.toContain('not shown');
    for (const s of sections(text).values()) expect(s.shown).toBe(s.announced);
  });

  it('a large estate stays under GitHub’s limit, high findings first, and counts what it left out', () => {
    const text = renderAuditMarkdown(bigReport(2_000));
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text.length).toBeLessThan(GITHUB_LIMIT);
    const s = sections(text);
    for (const severity of FINDING_SEVERITIES) {
      const x = s.get(severity)!;
      expect(x.announced).toBe(2_000);
      expect(x.shown + x.left).toBe(x.announced);
    }
    expect(s.get('high')!.shown).toBeGreaterThan(0);
    // Cut from the end: a severity is cut only when every more severe finding is shown.
    expect(s.get('low')!.shown).toBe(0);
    expect(s.get('high')!.left === 0 || s.get('medium')!.shown === 0).toBe(true);
    // What follows the findings is still there.
    expect(text).toContain('## Suppressed (4)');
    expect(text).toContain('## Skipped (1)');
  });

  it.each([5_000, 12_000, 30_000])('keeps within a budget of %i characters', (budget) => {
    const text = renderAuditMarkdown(bigReport(500), { budget });
    expect(text.length).toBeLessThanOrEqual(budget);
  });

  it('huge error and skipped lists are cut and counted; very long input is clipped', () => {
    const long = 'x'.repeat(50_000);
    const report = bigReport(100, {
      errors: Array.from({ length: 500 }, (_, i) => ({ rule: `rule-${i}`, message: long })),
      skipped: Array.from({ length: 500 }, (_, i) => ({ what: `file-${i}.yaml`, reason: long })),
      subjects: Array.from({ length: 500 }, (_, i) => `file-${i}.yaml`),
    });
    const text = renderAuditMarkdown(report);
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text).toContain('## Errors (500)');
    expect(text).toContain('- and 490 more');
    expect(text).toContain('and 495 more');
  });
});

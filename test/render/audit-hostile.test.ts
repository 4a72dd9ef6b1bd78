import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditFinding, AuditReport } from '../../src/model/audit-report.js';
import { renderAuditJson } from '../../src/render/audit-json.js';
import { renderAuditMarkdown } from '../../src/render/audit-markdown.js';
import { renderAuditSarif } from '../../src/render/audit-sarif.js';
import { renderAuditTable } from '../../src/render/audit-table.js';
import { FORBIDDEN_IN_TEXT, hostileString } from '../support/hostile-strings.js';
import { auditCase, TEST_VERSION } from './audit-cases.js';
import { auditReportArbitrary } from './audit-report-arbitrary.js';
import { longLines } from './golden.js';

// Function and role names, messages, file names, reasons: from templates and the account,
// attacker-controlled. Rule texts too, for a pack that is not ours.
const IMG = '<img src=x onerror=alert(1)>';
const EVIL = `${IMG}@everyone|\`x\`\n# injected\u202eRLO\u200bZW\u001b[2J`;
const ROLE = `arn:aws:iam::123456789012:role/${EVIL}`;
const FN = `@everyone fn|${EVIL}`;
const FILE = `infra/${EVIL}.yaml`;

function hostileReport(): AuditReport {
  const base = auditCase('template');
  const poison = (f: AuditFinding): AuditFinding => ({
    ...f,
    subject: { ...f.subject, role: ROLE, function: FN, policy: EVIL, action: `s3:Get|${EVIL}\n- item` },
    location: { kind: 'file', file: FILE, line: 3 },
    message: `message ${EVIL}\n===`,
    evidence: f.evidence.map((e) => ({ ...e, detail: EVIL, source: EVIL })),
  });
  return {
    ...base,
    subjects: [FILE, EVIL],
    rules: base.rules.map((r) => ({ ...r, title: `title ${EVIL}`, fix: `fix ${EVIL}`, rationale: EVIL })),
    findings: base.findings.map(poison),
    suppressed: base.suppressed.map((s) => ({
      finding: poison(s.finding),
      by: s.by.kind === 'template' ? { ...s.by, reason: EVIL, place: { kind: 'file', file: FILE } } : s.by,
    })),
    notApplicable: base.notApplicable.map((n) => ({ ...n, subject: EVIL, reason: EVIL })),
    errors: [{ rule: EVIL, message: EVIL }],
    skipped: [{ what: FILE, reason: EVIL }],
  };
}

/** What could open a code span: backticks that are not backslash-escaped, and not our own notes' `--format json`. */
function withoutOwnCode(text: string): string {
  return text
    .split('`--format json`')
    .join('')
    .replace(/\\[\s\S]/g, '');
}

/** Every line starts as the renderer starts its own lines, or with text that cannot open a block. */
function expectNoInjectedBlock(text: string): void {
  for (const line of text.split('\n')) {
    const t = line.replace(/^[ \t]+/, '');
    if (t.startsWith('#'))
      expect(t).toMatch(
        /^(# iamtrim audit|## (Findings|(High|Medium|Low|Suppressed|Errors|Skipped) \(\d+\))$|### )/,
      );
    else if (t.startsWith('-')) expect(t).toMatch(/^- (\*\*|[^-+*#>= \t])/);
    // Our own bold lines: the summary and a rule's fix.
    else if (t.startsWith('**')) expect(t).toMatch(/^\*\*(\d+ open finding|No open finding|Fix:)/);
    else expect(t, line).not.toMatch(/^([>+*=_~`]|\d+[.)])/);
  }
}

function expectInertMarkdown(text: string): void {
  expectNoInjectedBlock(text);
  expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
  expect(text).not.toMatch(/@everyone|@octocat|@org\/team/);
  expect(text).not.toMatch(/<img|<!--[^-]/);
  expect(withoutOwnCode(text)).not.toContain('`');
  // Table rows keep their 4 cells: every pipe from the input is escaped or an entity.
  for (const row of text.split('\n').filter((l) => l.startsWith('| ')))
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
}

describe('hostile names in the audit reports', () => {
  const report = hostileReport();

  it('markdown: no hidden character, live mention, HTML, code span, new block or extra table cell', () => {
    const text = renderAuditMarkdown(report);
    expectInertMarkdown(text);
    // Shown, not dropped: the reader sees that something is there.
    expect(text).toContain('\\\\u202e');
    expect(text).toContain('@<!---->everyone');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(
      longLines(
        text
          .split('\n')
          .filter((l) => !l.startsWith('| '))
          .join('\n'),
      ),
    ).toEqual([]);
  });

  it('markdown: generated hostile reports stay inert', () => {
    fc.assert(
      fc.property(auditReportArbitrary(hostileString), (r) => expectInertMarkdown(renderAuditMarkdown(r))),
      { numRuns: 150 },
    );
  });

  it('table: no escape sequence, bidi or zero-width character reaches the terminal; each finding stays on its line', () => {
    const text = renderAuditTable(report);
    expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u001b[2J');
    const lines = text.split('\n');
    expect(lines.filter((l) => /^(HIGH|MEDIUM|LOW) /.test(l))).toHaveLength(report.findings.length);
    expect(lines.some((l) => l.startsWith('# injected'))).toBe(false);
  });

  it('table: generated hostile reports, coloured or not, carry only our own colour codes', () => {
    fc.assert(
      fc.property(auditReportArbitrary(hostileString), fc.boolean(), (r, color) => {
        const text = renderAuditTable(r, { color, width: 120 });
        const ours = ['1', '31', '33', '36', '0'].reduce((t, c) => t.split(`\u001b[${c}m`).join(''), text);
        expect(ours).not.toMatch(FORBIDDEN_IN_TEXT);
      }),
      { numRuns: 150 },
    );
  });

  it('json: every string reads back exactly, with hidden characters as \\u escapes', () => {
    const text = renderAuditJson(report);
    expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text)).toEqual(report);
  });

  it('sarif: input only in plain-text fields or escaped Markdown, hidden characters shown, URIs relative', () => {
    const text = renderAuditSarif(report, { version: TEST_VERSION, includeSuppressed: true });
    expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
    const doc = JSON.parse(text) as {
      runs: {
        tool: { driver: { rules: { help: { markdown: string } }[] } };
        results: {
          message: { text: string };
          properties: { role: string; function: string };
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const run = doc.runs[0]!;
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.markdown).not.toMatch(/@everyone|<img|\n#/);
      expect(withoutOwnCode(rule.help.markdown)).not.toContain('`');
    }
    for (const r of run.results) {
      expect(r.message.text).not.toMatch(FORBIDDEN_IN_TEXT);
      expect(r.message.text).toContain('\\u202e');
      // The data keeps the exact values.
      expect(r.properties.role).toBe(ROLE);
      expect(r.properties.function).toBe(FN);
      const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
      expect(uri).toMatch(/^[A-Za-z0-9\-._~%/!$&'()*+,;=:@]+$/);
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/model/drift-report.js';
import type { Finding } from '../../src/model/finding.js';
import { renderDriftJson } from '../../src/render/drift-json.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderDriftSarif } from '../../src/render/drift-sarif.js';
import { FORBIDDEN_IN_TEXT, hostileString } from '../support/hostile-strings.js';
import { driftCase, TEST_VERSION } from './drift-cases.js';
import { driftReportArbitrary } from './drift-report-arbitrary.js';
import { longLines } from './golden.js';

// Role, function, action and evidence fields come from logs and policies: attacker-controlled.
const IMG = '<img src=x onerror=alert(1)>';
const EVIL = `${IMG}@everyone|\`x\`\n# injected\u202eRLO\u200bZW`;
const ROLE = `arn:aws:iam::123456789012:role/${EVIL}`;
const FN = `@everyone fn|${EVIL}`;
const ACTION = `s3:Get|Object\`${EVIL}\n- item`;

function hostileReport(): DriftReport {
  const base = driftCase('all-kinds');
  const poison = (f: Finding): Finding => ({
    ...f,
    subject: { ...f.subject, role: ROLE, function: FN, action: ACTION, resource: EVIL },
    message: `message ${EVIL}`,
    evidence: f.evidence.map((e) => ({ ...e, detail: EVIL, actor: EVIL, eventId: EVIL, source: EVIL })),
  });
  return {
    ...base,
    runAt: EVIL,
    window: { ...base.window, from: EVIL },
    evidence: {
      ...base.evidence,
      sources: [EVIL],
      regions: [EVIL],
      daysMissing: [EVIL],
      skipped: [{ file: EVIL, reason: EVIL, records: 1 }],
    },
    roles: base.roles.map((r) => ({ ...r, role: ROLE, functions: [FN, EVIL] })),
    findings: base.findings.map(poison),
  };
}

/** What could open a code span: backticks that are not backslash-escaped, and not our own notes' `--format json`. */
function withoutOwnCode(text: string): string {
  return text
    .split('`--format json`')
    .join('')
    .replace(/\\[\s\S]/g, '');
}

/**
 * Every line starts as the renderer starts its own lines: a heading of its own, a list item, a
 * table row, the details tags, or text that cannot open a block (input cut by wrapping is
 * escaped at the start of its line).
 */
function expectNoInjectedBlock(text: string): void {
  for (const line of text.split('\n')) {
    // Markdown indents with spaces and tabs only (U+3000 and the like are text).
    const t = line.replace(/^[ \t]+/, '');
    if (t.startsWith('#'))
      expect(t).toMatch(/^#{1,2} (iamtrim drift|Roles$|Findings$|(High|Medium|Low) \(\d+\)$|Evidence$)/);
    else if (t.startsWith('-')) expect(t).toMatch(/^- (\*\*|[^-+*#>= \t])/);
    else expect(t, line).not.toMatch(/^([>+*=_~`]|\d+[.)])/);
  }
}

function expectInert(text: string): void {
  expectNoInjectedBlock(text);
  expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
  expect(text).not.toMatch(/@everyone/);
  expect(text).not.toContain('<img');
  expect(withoutOwnCode(text)).not.toContain('`');
  expect(text).not.toMatch(/^\s*# injected/m);
  expect(text).not.toMatch(/^\s*- item/m);
  // Table rows keep their 6 cells: every pipe from the input is escaped or an entity.
  for (const row of text.split('\n').filter((l) => l.startsWith('| ')))
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
}

describe('hostile names in the drift reports', () => {
  const report = hostileReport();

  it('markdown: no hidden character, live mention, HTML, code span, new block or extra table cell', () => {
    const text = renderDriftMarkdown(report);
    expectInert(text);
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

  it('markdown: a message of only `=`, or wrapped so a line of `=` follows text, makes no heading', () => {
    // In Markdown a line of `=` under a line of text turns that line into a heading.
    const base = driftCase('all-kinds');
    for (const message of ['=', `${'word '.repeat(30)}${'='.repeat(40)}`]) {
      const text = renderDriftMarkdown({ ...base, findings: base.findings.map((f) => ({ ...f, message })) });
      expectNoInjectedBlock(text);
      expect(text).toContain('\\=');
    }
  });

  it('markdown: generated hostile reports stay inert', () => {
    fc.assert(
      fc.property(driftReportArbitrary(hostileString), (r) => {
        const text = renderDriftMarkdown(r);
        expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
        expect(text).not.toMatch(/@octocat|@org\/team|<img|<!--[^-]/);
        expect(withoutOwnCode(text)).not.toContain('`');
        expectNoInjectedBlock(text);
        for (const row of text.split('\n').filter((l) => l.startsWith('| ')))
          expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
      }),
      { numRuns: 150 },
    );
  });

  it('json: every string reads back exactly, with hidden characters as \\u escapes', () => {
    const text = renderDriftJson(report);
    expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text)).toEqual(report);
  });

  it('sarif: input only in plain-text fields, hidden characters shown, URIs percent-encoded', () => {
    const text = renderDriftSarif(report, { version: TEST_VERSION });
    expect(text).not.toMatch(FORBIDDEN_IN_TEXT);
    const doc = JSON.parse(text) as {
      runs: {
        tool: { driver: { rules: unknown[] } };
        results: {
          message: { text: string };
          properties: { role: string; action: string };
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const run = doc.runs[0]!;
    // The rules (the only Markdown in the log) are the same as for a harmless report.
    const plain = JSON.parse(
      renderDriftSarif(driftCase('all-kinds'), { version: TEST_VERSION }),
    ) as typeof doc;
    expect(run.tool.driver.rules).toEqual(plain.runs[0]!.tool.driver.rules);
    for (const r of run.results) {
      expect(r.message.text).not.toMatch(FORBIDDEN_IN_TEXT);
      expect(r.message.text).toContain('\\u202e');
      // The data keeps the exact values.
      expect(r.properties.role).toBe(ROLE);
      expect(r.properties.action).toBe(ACTION);
      const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
      expect(uri).toMatch(/^[A-Za-z0-9\-._~%/!$&'()*+,;=:@]+$/);
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
    }
  });
});

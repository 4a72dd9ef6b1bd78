import { describe, expect, it } from 'vitest';
import { renderAuditTable } from '../../src/render/audit-table.js';
import { displayWidth } from '../../src/render/fit-width.js';
import { auditFormats, auditRendererFor, auditRenderers } from '../../src/render/index.js';
import { auditCase, TEST_VERSION } from './audit-cases.js';

const ESC = '\u001b';

describe('audit --format table', () => {
  it('writes no colour unless asked, and only around its own words when asked', () => {
    const report = auditCase('template');
    const plain = renderAuditTable(report);
    expect(plain).not.toContain(ESC);
    const colored = renderAuditTable(report, { color: true });
    expect(colored).toContain(`${ESC}[31mHIGH`);
    // Stripping the colour gives the plain table back.
    expect(colored.split(new RegExp(`${ESC}\\[\\d+m`)).join('')).toBe(plain);
  });

  it('one line per finding, high first, each with its rule, subject, place and message', () => {
    const report = auditCase('template');
    const lines = renderAuditTable(report).split('\n');
    const rows = lines.filter((l) => /^(HIGH|MEDIUM|LOW) /.test(l));
    expect(rows).toHaveLength(report.findings.length);
    rows.forEach((row, i) => {
      const f = report.findings[i]!;
      expect(row.startsWith(f.severity.toUpperCase())).toBe(true);
      expect(row).toContain(f.rule);
      expect(row).toContain(f.message);
      expect(row).toContain(`infra/template.yaml:${f.location!.kind === 'file' ? f.location!.line : ''}`);
    });
    const live = renderAuditTable(auditCase('live'));
    expect(live).toContain('function thumbnailer');
    expect(live).toContain('arn:aws:lambda:eu-west-1:123456789012:function:thumbnailer');
  });

  it('tallies every rule that ran, and lists errors and skipped inputs', () => {
    const report = auditCase('live');
    const text = renderAuditTable(report);
    for (const r of report.rules)
      expect(text).toMatch(
        new RegExp(
          `^${r.id}\\s+${r.compliant}\\s+${r.notApplicable}\\s+${r.findings}\\s+${r.suppressed}$`,
          'm',
        ),
      );
    expect(text).toContain(`${report.errors[0]!.rule}: ${report.errors[0]!.message}`);
    expect(text).toContain(report.skipped[0]!.reason);
  });

  it.each([30, 60, 100, 140])('fits a %i-column terminal, colour codes not counted', (width) => {
    for (const name of ['template', 'live', 'clean']) {
      const text = renderAuditTable(auditCase(name), { width, color: true });
      for (const line of text.split('\n'))
        expect(displayWidth(line.split(new RegExp(`${ESC}\\[\\d+m`)).join(''))).toBeLessThanOrEqual(width);
    }
  });
});

describe('audit format registry', () => {
  it('offers table (the terminal default), json, markdown, sarif and html, in that order', () => {
    expect(auditFormats).toEqual(['table', 'json', 'markdown', 'sarif', 'html']);
  });

  it('finds a renderer only by its own key: a format name comes from the command line', () => {
    expect(auditRendererFor('sarif')).toBe(auditRenderers.sarif);
    for (const name of ['constructor', '__proto__', 'toString', 'SARIF', 'md'])
      expect(auditRendererFor(name)).toBeUndefined();
  });

  it('passes the version to SARIF, the budget to Markdown and colour and width to the table', () => {
    const report = auditCase('template');
    const sarif = JSON.parse(auditRenderers.sarif(report, { version: '9.9.9' })) as {
      runs: { tool: { driver: { version: string } }; results: unknown[] }[];
    };
    expect(sarif.runs[0]!.tool.driver.version).toBe('9.9.9');
    const withSuppressed = JSON.parse(
      auditRenderers.sarif(report, { version: '9.9.9', includeSuppressed: true }),
    ) as typeof sarif;
    expect(withSuppressed.runs[0]!.results).toHaveLength(report.findings.length + report.suppressed.length);
    const small = auditRenderers.markdown(report, { version: TEST_VERSION, budget: 2_500 });
    expect(small.length).toBeLessThanOrEqual(2_500);
    expect(small).toContain('not shown');
    expect(auditRenderers.table(report, { version: TEST_VERSION, color: true })).toContain(ESC);
    const narrow = auditRenderers.table(report, { version: TEST_VERSION, width: 50 });
    expect(Math.max(...narrow.split('\n').map(displayWidth))).toBeLessThanOrEqual(50);
  });
});

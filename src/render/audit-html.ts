import type { AuditReport } from '../model/audit-report.js';
import { auditLocationText } from './audit-subject.js';
import { clipText, html } from './html-escape.js';
import {
  renderFindingSections,
  renderFindingTable,
  renderRuleChart,
  renderSeverityChart,
  SEVERITIES_HIGH_FIRST,
} from './html-findings.js';
import { renderHtmlPage } from './html-page.js';
import {
  codeCell,
  htmlCell,
  numberCell,
  renderChunkedTable,
  renderCodeList,
  renderFacts,
  severityCell,
  textCell,
} from './html-parts.js';

// Subjects named in the title; all of them are listed further down.
const SUBJECTS_IN_TITLE = 3;

/**
 * `audit --format html`: one self-contained page (src/render/html-page.ts) with the findings
 * by severity and by rule as charts, every rule's tally (with its rationale and fix), the
 * open findings by severity in collapsible sortable tables, then the suppressed findings (and
 * what accepted each), the subjects a rule could not judge, the rules that failed and what
 * could not be read. Every input string is escaped (src/render/html-escape.ts): rule packs
 * too, since a custom pack is input.
 */
export function renderAuditHtml(r: AuditReport): string {
  const titles = new Map(r.rules.map((x) => [x.id, x.title]));
  const title = (rule: string): string => titles.get(rule) ?? rule;
  const counts = SEVERITIES_HIGH_FIRST.map(
    (s) => `${r.findings.filter((f) => f.severity === s).length} ${s}`,
  );
  const named = r.subjects.slice(0, SUBJECTS_IN_TITLE).map((s) => clipText(s, 80));
  const more = r.subjects.length - named.length;
  const heading = `${named.join(', ') || 'nothing read'}${more > 0 ? ` and ${more} more` : ''}`;
  const body = [
    '<header>',
    `<h1>iamtrim audit: ${html(heading)}</h1>`,
    renderFacts([
      r.findings.length === 0
        ? '<strong>No open finding</strong>'
        : `<strong>${r.findings.length}</strong> open finding(s): ${counts.join(', ')}`,
      `${r.suppressed.length} suppressed`,
      `${r.rules.length} rule(s) ran${r.errors.length > 0 ? `, ${r.errors.length} failed` : ''}`,
      `${r.notApplicable.length} subject(s) a rule could not judge`,
      `${r.skipped.length} thing(s) not read`,
    ]),
    '</header>',
    '<section><h2>At a glance</h2><div class="charts">',
    renderSeverityChart(r.findings),
    r.findings.length > 0 ? renderRuleChart(r.findings, title) : '',
    '</div></section>',
    `<section><h2>Rules (${r.rules.length})</h2>`,
    renderChunkedTable(
      [
        { head: 'Rule', sort: 't' },
        { head: 'Severity', sort: 'n' },
        { head: 'Open', sort: 'n', numeric: true },
        { head: 'Suppressed', sort: 'n', numeric: true },
        { head: 'Compliant', sort: 'n', numeric: true },
        { head: 'Not judged', sort: 'n', numeric: true },
        { head: 'About' },
      ],
      r.rules.map((x) => [
        htmlCell(`${html(x.title)}<br><code class="muted">${html(x.id)}</code>`),
        severityCell(x.severity),
        numberCell(x.findings),
        numberCell(x.suppressed),
        numberCell(x.compliant),
        numberCell(x.notApplicable),
        htmlCell(
          `<details><summary>Details</summary><p>${proseHtml(x.rationale)}</p><p><strong>Fix:</strong> ${proseHtml(x.fix)}</p>${
            x.references.length > 0
              ? `<p class="muted">Also: ${x.references.map((ref) => `${html(ref.scanner)} <code>${html(ref.id)}</code>`).join(', ')}</p>`
              : ''
          }</details>`,
        ),
      ]),
    ),
    '</section>',
    `<section><h2>Open findings (${r.findings.length})</h2>`,
    renderFindingSections(r.findings, title),
    '</section>',
    `<section><h2>Suppressed (${r.suppressed.length})</h2>`,
    r.suppressed.length === 0
      ? '<p class="muted">(none)</p>'
      : `<details><summary>${r.suppressed.length} suppressed finding(s) and what accepted them</summary>\n${renderChunkedTable(
          [
            { head: 'Accepted by', sort: 't' },
            { head: 'Rule', sort: 't' },
            { head: 'Where', sort: 't' },
            { head: 'Message' },
          ],
          r.suppressed.map((s) => [
            textCell(
              s.by.kind === 'baseline'
                ? 'the baseline'
                : `the template${s.by.reason !== undefined ? `: ${s.by.reason}` : ' (no reason given)'}`,
            ),
            textCell(title(s.finding.rule)),
            codeCell(auditLocationText(s.finding) ?? ''),
            textCell(s.finding.message),
          ]),
        )}\n</details>\n<details><summary>The suppressed findings in full</summary>\n${renderFindingTable(
          r.suppressed.map((s) => s.finding),
          title,
        )}\n</details>`,
    '</section>',
    `<section><h2>Not judged (${r.notApplicable.length})</h2>`,
    r.notApplicable.length === 0
      ? '<p class="muted">(none)</p>'
      : `<details><summary>Subjects a rule could not judge, with why</summary>\n${renderChunkedTable(
          [{ head: 'Rule', sort: 't' }, { head: 'Subject', sort: 't' }, { head: 'Why' }],
          r.notApplicable.map((n) => [textCell(title(n.rule)), codeCell(n.subject), textCell(n.reason)]),
        )}\n</details>`,
    '</section>',
    `<section><h2>Rules that failed (${r.errors.length})</h2>`,
    r.errors.length === 0
      ? '<p class="muted">(none)</p>'
      : renderChunkedTable(
          [{ head: 'Rule', sort: 't' }, { head: 'Error' }],
          r.errors.map((x) => [codeCell(x.rule), textCell(x.message)]),
        ),
    '</section>',
    `<section><h2>Not read (${r.skipped.length})</h2>`,
    r.skipped.length === 0
      ? '<p class="muted">(none)</p>'
      : renderChunkedTable(
          [{ head: 'What', sort: 't' }, { head: 'Why' }],
          r.skipped.map((x) => [codeCell(x.what), textCell(x.reason)]),
        ),
    '</section>',
    `<section><h2>Subjects (${r.subjects.length})</h2>`,
    r.subjects.length > 20
      ? `<details><summary>${r.subjects.length} subject(s)</summary>${renderCodeList(r.subjects)}</details>`
      : renderCodeList(r.subjects),
    '</section>',
  ].join('\n');
  return renderHtmlPage({ title: `iamtrim audit: ${heading}`, body });
}

/** A rule pack's prose: its backtick spans (`iamtrim suggest`) as code, all of it escaped (a custom pack is input). */
function proseHtml(text: string): string {
  return text
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${html(part)}</code>` : html(part)))
    .join('');
}

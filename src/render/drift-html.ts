import type { DriftReport, RoleDriftSummary } from '../model/drift-report.js';
import { shortRoleName } from './audit-subject.js';
import { textOfRule } from './drift-kind-text.js';
import { dayRanges } from './drift-markdown.js';
import { html } from './html-escape.js';
import {
  renderFindingSections,
  renderRuleChart,
  renderSeverityChart,
  SEVERITIES_HIGH_FIRST,
} from './html-findings.js';
import { renderHtmlPage } from './html-page.js';
import {
  codeCell,
  GRANT_LEGEND,
  htmlCell,
  numberCell,
  renderBarChart,
  renderChunkedTable,
  renderCodeList,
  renderFacts,
  renderGrantChart,
  rowGrantBars,
  textCell,
} from './html-parts.js';

// The roles drawn in the large chart: the ones with the most removable grants.
const CHART_ROLES = 15;

/**
 * `drift --format html`: one self-contained page (src/render/html-page.ts). The report holds
 * only this run and the change from the last one, so the charts are: findings by severity
 * and by kind, the estate's granted/used/removable totals, and the roles with the most
 * removable grants; the roles table has each role's bars and its change since the last run.
 * Roles and findings collapse in `<details>` past a few hundred rows. Every input string is
 * escaped (src/render/html-escape.ts).
 */
export function renderDriftHtml(r: DriftReport): string {
  const title = (rule: string): string => textOfRule(rule).title;
  const e = r.evidence;
  const bySeverity = SEVERITIES_HIGH_FIRST.map(
    (s) => `${r.findings.filter((f) => f.severity === s).length} ${s}`,
  );
  const sum = (pick: (x: RoleDriftSummary) => number | null): number =>
    r.roles.reduce((t, x) => t + (pick(x) ?? 0), 0);
  const body = [
    '<header>',
    `<h1>iamtrim drift</h1>`,
    `<p>Run at <code>${html(r.runAt)}</code> over ${r.window.days} day(s), <code>${html(r.window.from)}</code> to <code>${html(r.window.to)}</code>. ${
      r.previousRunAt !== undefined
        ? `Compared with the run at <code>${html(r.previousRunAt)}</code>.`
        : 'First run: it sets the baseline, so nothing is compared yet.'
    }</p>`,
    renderFacts([
      `<strong>${r.findings.length}</strong> finding(s): ${bySeverity.join(', ')}`,
      `<strong>${r.roles.length}</strong> role(s)`,
      `${e.newInputs} new input(s) read`,
      `${e.daysWithLogs} day(s) with logs, ${e.daysMissing.length} missing`,
    ]),
    '</header>',
    '<section><h2>At a glance</h2><div class="charts">',
    renderSeverityChart(r.findings),
    renderRuleChart(r.findings, title),
    renderBarChart('The estate: actions granted, used and removable', [
      { label: 'granted', value: sum((x) => x.granted), tone: 'g' },
      { label: 'used', value: sum((x) => x.used), tone: 'u' },
      { label: 'removable', value: sum((x) => x.removable), tone: 'r' },
    ]),
    topRolesChart(r.roles),
    '</div></section>',
    `<section><h2>Roles (${r.roles.length})</h2>`,
    GRANT_LEGEND,
    '<p class="muted">A dash: unknown (a role seen only in the evidence, or a coverage gap that forbids the claim). Change: granted / used / removable, this run minus the last one.</p>',
    renderRolesTable(r.roles),
    '</section>',
    `<section><h2>Findings (${r.findings.length})</h2>`,
    renderFindingSections(r.findings, title),
    '</section>',
    '<section><h2>Evidence</h2>',
    '<h3>Sources</h3>',
    renderCodeList(e.sources),
    `<h3>Regions</h3>`,
    renderCodeList(e.regions),
    `<h3>Days without logs (${e.daysMissing.length})</h3>`,
    renderCodeList(dayRanges(e.daysMissing)),
    `<h3>Inputs that could not be used (${e.skipped.length})</h3>`,
    e.skipped.length === 0
      ? '<p class="muted">(none)</p>'
      : renderChunkedTable(
          [{ head: 'Input', sort: 't' }, { head: 'Why' }, { head: 'Records', sort: 'n', numeric: true }],
          e.skipped.map((s) => [codeCell(s.file), textCell(s.reason), numberCell(s.records)]),
        ),
    '</section>',
  ].join('\n');
  return renderHtmlPage({ title: `iamtrim drift ${r.runAt}`, body });
}

function topRolesChart(roles: readonly RoleDriftSummary[]): string {
  const top = [...roles]
    .sort((a, b) => (b.removable ?? -1) - (a.removable ?? -1) || (a.role < b.role ? -1 : 1))
    .slice(0, CHART_ROLES);
  if (top.length === 0) return '';
  return renderGrantChart(
    roles.length > CHART_ROLES ? `The ${CHART_ROLES} roles with the most removable grants` : 'Roles',
    top.map((x) => ({
      label: shortRoleName(x.role),
      granted: x.granted,
      used: x.used,
      removable: x.removable,
    })),
  );
}

function renderRolesTable(roles: readonly RoleDriftSummary[]): string {
  if (roles.length === 0) return '<p class="muted">(no role)</p>';
  const change = (n: number | null | undefined): string =>
    n === undefined ? '' : n === null ? '–' : n > 0 ? `+${n}` : String(n);
  return renderChunkedTable(
    [
      { head: 'Role', sort: 't' },
      { head: 'Functions', sort: 't' },
      { head: 'Granted', sort: 'n', numeric: true },
      { head: 'Used', sort: 'n', numeric: true },
      { head: 'Removable', sort: 'n', numeric: true },
      { head: 'Change' },
      { head: '' },
    ],
    roles.map((x) => [
      htmlCell(`<code title="${html(x.role)}">${html(shortRoleName(x.role))}</code>`),
      textCell(x.functions.join(', ')),
      numberCell(x.granted),
      numberCell(x.used),
      numberCell(x.removable),
      textCell(
        x.change === undefined
          ? 'new'
          : `${change(x.change.granted)} / ${change(x.change.used)} / ${change(x.change.removable)}`,
      ),
      htmlCell(rowGrantBars(x.granted, x.used, x.removable)),
    ]),
  );
}

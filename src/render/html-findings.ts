import { FINDING_SEVERITIES, type Finding, type FindingSeverity } from '../model/finding.js';
import { html } from './html-escape.js';
import {
  codeCell,
  htmlCell,
  renderBarChart,
  renderChunkedTable,
  severityCell,
  textCell,
  type HtmlColumn,
} from './html-parts.js';

// Evidence items shown per finding; the rest are counted (the JSON report has them all).
const EVIDENCE_SHOWN = 5;

const COLUMNS: readonly HtmlColumn[] = [
  { head: 'Severity', sort: 'n' },
  { head: 'Rule', sort: 't' },
  { head: 'Subject', sort: 't' },
  { head: 'Where', sort: 't' },
  { head: 'Message' },
  { head: 'Evidence' },
];

/** How a renderer names a finding's rule (drift: its kind's title; audit: the rule's title). */
export type RuleTitle = (rule: string) => string;

/** Highest first, as the reports list them. */
export const SEVERITIES_HIGH_FIRST: readonly FindingSeverity[] = [...FINDING_SEVERITIES].reverse();

/** Findings by severity, as a bar chart. */
export function renderSeverityChart(findings: readonly Finding[]): string {
  return renderBarChart(
    'Findings by severity',
    SEVERITIES_HIGH_FIRST.map((s) => ({
      label: s,
      value: findings.filter((f) => f.severity === s).length,
      tone: s,
    })),
  );
}

/** Findings by rule (most first, at most `limit` rules, the rest summed), as a bar chart. */
export function renderRuleChart(findings: readonly Finding[], title: RuleTitle, limit = 20): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const bars = sorted
    .slice(0, limit)
    .map(([rule, n]) => ({ label: title(rule), value: n, tone: 'k' as const }));
  const rest = sorted.slice(limit).reduce((sum, [, n]) => sum + n, 0);
  if (rest > 0) bars.push({ label: `${sorted.length - limit} other rule(s)`, value: rest, tone: 'k' });
  return renderBarChart('Findings by rule', bars);
}

/**
 * The findings, one collapsible section per severity (high open, the others closed when
 * there are many), each a sortable table of rule, subject, place, message and evidence.
 */
export function renderFindingSections(findings: readonly Finding[], title: RuleTitle): string {
  if (findings.length === 0) return '<p>No finding.</p>';
  return SEVERITIES_HIGH_FIRST.flatMap((s) => {
    const of = findings.filter((f) => f.severity === s);
    if (of.length === 0) return [];
    const open = s === 'high' || findings.length <= 200;
    return [
      `<details${open ? ' open' : ''}><summary>${s[0]!.toUpperCase()}${s.slice(1)} (${of.length})</summary>\n${renderFindingTable(of, title)}\n</details>`,
    ];
  }).join('\n');
}

/** One sortable table of findings. */
export function renderFindingTable(findings: readonly Finding[], title: RuleTitle): string {
  return renderChunkedTable(
    COLUMNS,
    findings.map((f) => [
      severityCell(f.severity),
      textCell(title(f.rule)),
      htmlCell(subjectHtml(f)),
      f.location ? codeCell(locationText(f)) : textCell(''),
      textCell(f.message),
      htmlCell(evidenceHtml(f)),
    ]),
  );
}

/** Every part of the subject that is there, each labelled; input text escaped. */
function subjectHtml(f: Finding): string {
  const s = f.subject;
  const parts: [string, string | number | undefined][] = [
    ['role', s.role],
    ['function', s.function],
    ['policy', s.policy],
    ['statement', s.statement],
    ['action', s.action],
    ['resource', s.resource],
  ];
  return parts
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<span class="muted">${k}</span> <code>${html(String(v))}</code>`)
    .join('<br>');
}

function locationText(f: Finding): string {
  const l = f.location;
  if (!l) return '';
  if (l.kind === 'resource') return l.arn;
  return `${l.file}${l.line !== undefined ? `:${l.line}` : ''}${l.line !== undefined && l.column !== undefined ? `:${l.column}` : ''}`;
}

function evidenceHtml(f: Finding): string {
  if (f.evidence.length === 0) return '';
  const items = f.evidence.slice(0, EVIDENCE_SHOWN).map((e) => {
    const extra = [
      e.count !== undefined ? `${e.count}×` : undefined,
      e.firstSeen !== undefined || e.lastSeen !== undefined
        ? `${e.firstSeen ?? '?'} – ${e.lastSeen ?? '?'}`
        : undefined,
      e.actor !== undefined ? `by ${e.actor}` : undefined,
      e.eventId !== undefined ? `event ${e.eventId}` : undefined,
    ].filter((x): x is string => x !== undefined);
    return `<li><span class="muted">${html(e.source)}</span> ${html(e.detail)}${extra.length ? ` <span class="muted">(${html(extra.join(', '))})</span>` : ''}</li>`;
  });
  const more = f.evidence.length - EVIDENCE_SHOWN;
  if (more > 0) items.push(`<li class="muted">${more} more (see --format json)</li>`);
  return `<ul class="ev">${items.join('')}</ul>`;
}

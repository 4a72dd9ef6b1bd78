import type { AuditFinding, AuditReport, AuditRuleSummary } from '../model/audit-report.js';
import { FINDING_SEVERITIES, type FindingSeverity } from '../model/finding.js';
import {
  auditLocationText,
  describeAuditSubject,
  packProseMarkdown,
  shortRoleName,
} from './audit-subject.js';
import { md, mdCode } from './markdown-escape.js';
import {
  blocksFitting as fitting,
  cutList as cut,
  evidenceItemMarkdown as renderEvidenceItem,
  linesSize as size,
  unblock,
  wrapMarkdownText as wrapText,
} from './markdown-layout.js';
import { wrapText as wrapTextRaw } from './wrap-text.js';

/** How the Markdown report is cut to fit where it is pasted. */
export interface AuditMarkdownOptions {
  /**
   * The most characters (UTF-16 units, never fewer than GitHub counts) the report may have.
   * Default 60,000: under GitHub's limit of 65,536 for a comment, an issue body and a job
   * summary, with room for a workflow's own header. Past it, findings are left out, least
   * severe first, with a count.
   */
  readonly budget: number;
}

/** The defaults of {@link AuditMarkdownOptions}. */
export const defaultAuditMarkdownOptions: AuditMarkdownOptions = { budget: 60_000 };

// Subjects in the title, and errors and skipped entries at the end, are cut here, with a count.
const SUBJECTS_SHOWN = 5;
const LIST_ITEMS = 10;
// Input text in those lists is clipped (before escaping, which can multiply it), so the part
// of the report that is never cut stays small whatever the input.
const CLIP = 120;
// Evidence lines of one finding; the rest are counted.
const EVIDENCE_SHOWN = 3;

const HEADING: Readonly<Record<FindingSeverity, string>> = { high: 'High', medium: 'Medium', low: 'Low' };

/**
 * `audit --format markdown`, for a pull-request comment or a job summary: a title with what
 * was read, a summary (counts by severity, a table of the rules with findings), the findings
 * by severity (high first) and by rule, each rule's fix given once above its findings, each
 * finding with its subject, `file:line` or ARN and message; then the suppressed count, the
 * rules that failed and what could not be read. Every string from the report is escaped like
 * the drift report's (mentions, HTML, table pipes, hidden characters, block starts), prose
 * lines stay under 200 characters, and the whole stays within `budget` characters: past it,
 * findings are left out from the end (the least severe) and each severity says how many.
 */
export function renderAuditMarkdown(
  report: AuditReport,
  options: Partial<AuditMarkdownOptions> = {},
): string {
  const { budget } = { ...defaultAuditMarkdownOptions, ...options };
  const head = renderHead(report);
  let tail = renderTail(report, LIST_ITEMS);
  // The headings and "not shown" notes, sized as when every finding is left out.
  const frame = renderFindings(report, [], 0);
  if (size(head) + size(tail) + size(frame) > budget) tail = renderTail(report, 0);
  const room = budget - size(head) - size(tail) - size(frame);
  const blocks = findingBlocks(report);
  const shown = fitting(blocks, room);
  return [...head, ...renderFindings(report, blocks, shown), ...tail].join('\n');
}

/** The title, the counts, and the rules that found something. */
function renderHead(r: AuditReport): string[] {
  const subjects = cut(
    r.subjects.map((s) => mdCode(clip(s))),
    SUBJECTS_SHOWN,
  );
  const out = [...wrapText(`# iamtrim audit: ${subjects.join(', ') || 'nothing read'}`, '', ''), ''];
  const counts = [...FINDING_SEVERITIES]
    .reverse()
    .map((s) => `${r.findings.filter((f) => f.severity === s).length} ${s}`)
    .join(', ');
  const facts = [
    r.findings.length === 0 ? '**No open finding**' : `**${r.findings.length} open finding(s)**: ${counts}`,
    `${r.suppressed.length} suppressed`,
    `${r.rules.length} rule(s) ran${r.errors.length > 0 ? `, ${r.errors.length} failed` : ''}`,
    `${r.notApplicable.length} subject(s) a rule could not judge`,
  ];
  out.push(facts.join(' · '), '');
  // High first, pack order within a severity (the sort is stable).
  const rank = (x: AuditRuleSummary): number => FINDING_SEVERITIES.indexOf(x.severity);
  const flagged = r.rules.filter((x) => x.findings > 0 || x.suppressed > 0).sort((a, b) => rank(b) - rank(a));
  if (flagged.length > 0) {
    out.push('| Rule | Severity | Open | Suppressed |', '| --- | --- | ---: | ---: |');
    for (const x of flagged)
      out.push(
        `| ${packProseMarkdown(x.title)} (${mdCode(x.id)}) | ${x.severity} | ${x.findings} | ${x.suppressed} |`,
      );
    out.push('');
  }
  return out;
}

/**
 * One block per open finding, in report order (severity, then rule); the first finding of a
 * rule within its severity carries the rule's heading and fix, so the fix is shown once.
 */
function findingBlocks(r: AuditReport): string[][] {
  const rules = new Map(r.rules.map((x) => [x.id, x]));
  return r.findings.map((f, i) => {
    const prev = r.findings[i - 1];
    const first = !prev || prev.rule !== f.rule || prev.severity !== f.severity;
    return [...(first ? ruleHeading(f.rule, rules.get(f.rule)) : []), ...renderFinding(f)];
  });
}

function ruleHeading(id: string, rule: AuditRuleSummary | undefined): string[] {
  const title = rule ? `${packProseMarkdown(rule.title)} (${mdCode(id)})` : mdCode(id);
  return [
    `### ${title}`,
    '',
    ...(rule ? [...wrapText(`**Fix:** ${packProseMarkdown(rule.fix)}`, '', ''), ''] : []),
  ];
}

/** One finding: its subject and place, then its message and evidence. */
function renderFinding(f: AuditFinding): string[] {
  const s = describeAuditSubject(f);
  const role =
    f.subject.function !== undefined && f.subject.role !== '' ? shortRoleName(f.subject.role) : undefined;
  const where = auditLocationText(f);
  const detail = f.subject;
  const about = [
    `${s.kind} ${mdCode(s.name)}`,
    ...(role !== undefined ? [`role ${mdCode(role)}`] : []),
    ...(detail.policy !== undefined ? [`policy ${mdCode(detail.policy)}`] : []),
    ...(detail.statement !== undefined ? [`statement ${mdCode(String(detail.statement))}`] : []),
    ...(detail.action !== undefined ? [`action ${mdCode(detail.action)}`] : []),
    ...(where !== undefined ? [`in ${mdCode(where)}`] : []),
  ];
  // The message continues the item's paragraph: its first line is unblocked too (a `===` there
  // would underline the item into a heading).
  const out = unblock(
    [...wrapTextRaw(about.join(' · '), '- ', '  '), ...wrapTextRaw(md(f.message), '  ', '  ')],
    '  ',
  );
  if (f.evidence.length > 0) {
    out.push('');
    for (const e of f.evidence.slice(0, EVIDENCE_SHOWN))
      out.push(...wrapText(renderEvidenceItem(e), '  - ', '    '));
    if (f.evidence.length > EVIDENCE_SHOWN)
      out.push(`  - and ${f.evidence.length - EVIDENCE_SHOWN} more (see \`--format json\`)`);
  }
  out.push('');
  return out;
}

/** The findings by severity; those past `shown` are counted, not shown. */
function renderFindings(r: AuditReport, blocks: readonly (readonly string[])[], shown: number): string[] {
  if (r.findings.length === 0) return ['## Findings', '', 'No open finding.', ''];
  const out: string[] = [];
  for (const severity of [...FINDING_SEVERITIES].reverse()) {
    const indexes = r.findings.flatMap((f, i) => (f.severity === severity ? [i] : []));
    if (indexes.length === 0) continue;
    out.push(`## ${HEADING[severity]} (${indexes.length})`, '');
    for (const i of indexes) if (i < shown) out.push(...blocks[i]!);
    const left = indexes.filter((i) => i >= shown).length;
    if (left > 0)
      out.push(
        `${left} more ${severity} finding(s) not shown, to stay within the size limit: see \`--format json\`.`,
        '',
      );
  }
  return out;
}

/** Suppressed, failed rules and what was not read; `items` entries of each list at most. */
function renderTail(r: AuditReport, items: number): string[] {
  const out: string[] = [];
  if (r.suppressed.length > 0) {
    const byTemplate = r.suppressed.filter((s) => s.by.kind === 'template').length;
    out.push(
      `## Suppressed (${r.suppressed.length})`,
      '',
      `${byTemplate} by a suppression in the template, ${r.suppressed.length - byTemplate} by the baseline: kept out of the counts above, listed in \`--format json\`.`,
      '',
    );
  }
  const list = (title: string, entries: readonly (readonly [string, string])[], note: string): void => {
    if (entries.length === 0) return;
    out.push(`## ${title} (${entries.length})`, '', note, '');
    for (const [what, why] of entries.slice(0, items))
      out.push(...wrapText(`${mdCode(clip(what))}: ${md(clip(why))}`, '- ', '  '));
    if (entries.length > items) out.push(`- and ${entries.length - items} more (see \`--format json\`)`);
    out.push('');
  };
  list(
    'Errors',
    r.errors.map((e) => [e.rule, e.message] as const),
    'These rules failed to run; the others ran. Their subjects are not audited.',
  );
  list(
    'Skipped',
    r.skipped.map((s) => [s.what, s.reason] as const),
    'These could not be read, so nothing in them is audited.',
  );
  return out;
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length <= CLIP ? text : `${chars.slice(0, CLIP).join('')}…`;
}

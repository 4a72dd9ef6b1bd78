import type { AuditFinding, AuditReport } from '../model/audit-report.js';
import { FINDING_SEVERITIES, type FindingSeverity } from '../model/finding.js';
import { auditLocationText, describeAuditSubject } from './audit-subject.js';
import { displayWidth, truncateToWidth } from './fit-width.js';
import { terminalSafe } from './terminal-safe.js';

/** What the terminal asks of the table. */
export interface AuditTableOptions {
  /** Wrap the severities and headings in ANSI colour (the caller decides: a TTY, no NO_COLOR). */
  readonly color?: boolean;
  /** The terminal's columns: longer lines are cut with an ellipsis rather than wrapped. */
  readonly width?: number;
}

// Colour is only ever put around the renderer's own words, never around input.
const COLOR: Readonly<Record<FindingSeverity, string>> = {
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
};
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';
const LABEL: Readonly<Record<FindingSeverity, string>> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };
const LABEL_WIDTH = 8;
const HEADING: Readonly<Record<FindingSeverity, string>> = { high: 'High', medium: 'Medium', low: 'Low' };

/**
 * `audit --format table`, for a terminal: a one-line summary, then one line per open finding
 * (severity, rule id, subject, `file:line` or ARN, message) grouped by severity, high first
 * (on a terminal too narrow for the line, the message goes on the next one);
 * then each rule's tally (compliant / not applicable / findings / suppressed), the rules that
 * failed and what could not be read. Every input string is made terminal-safe (escape
 * sequences, bidi and zero-width characters shown as `\u…`), so no log or template value can
 * move the cursor or reorder a line. Colour only when `color` is set.
 */
export function renderAuditTable(report: AuditReport, options: AuditTableOptions = {}): string {
  const { color = false, width } = options;
  const paint = (code: string, text: string): string => (color ? `${code}${text}${RESET}` : text);
  const fit = (line: string): string => truncateToWidth(line, width);
  const out: string[] = [];

  out.push(fit(`iamtrim audit: ${report.subjects.map(terminalSafe).join(', ') || '(nothing read)'}`));
  out.push(fit(summaryLine(report)), '');

  const rows = report.findings.map(findingRow);
  const ruleWidth = columnWidth(rows.map((r) => r.rule));
  const subjectWidth = columnWidth(rows.map((r) => r.subject));
  const placeWidth = columnWidth(rows.map((r) => r.place));
  for (const severity of [...FINDING_SEVERITIES].reverse()) {
    const group = report.findings.flatMap((f, i) => (f.severity === severity ? [rows[i]!] : []));
    if (group.length === 0) continue;
    out.push(paint(BOLD, fit(`${HEADING[severity]} (${group.length})`)));
    for (const r of group) {
      const label = paint(COLOR[severity], pad(LABEL[severity], LABEL_WIDTH));
      const cells = [pad(r.rule, ruleWidth), pad(r.subject, subjectWidth), pad(r.place, placeWidth)];
      const line = [...cells, r.message].join('  ').trimEnd();
      // The label is cut out of the width first, so colour codes never count as columns. A
      // finding too wide for the terminal keeps its message whole on a line of its own.
      const room = width === undefined ? undefined : Math.max(0, width - LABEL_WIDTH);
      if (room === undefined || displayWidth(line) <= room) out.push(label + line);
      else
        out.push(
          label + truncateToWidth(cells.join('  ').trimEnd(), room),
          ' '.repeat(LABEL_WIDTH) + truncateToWidth(r.message, room),
        );
    }
    out.push('');
  }

  out.push(...renderTally(report).map(fit), '');
  if (report.suppressed.length > 0) {
    const byTemplate = report.suppressed.filter((s) => s.by.kind === 'template').length;
    out.push(
      fit(
        `Suppressed: ${report.suppressed.length} (${byTemplate} in the template, ${report.suppressed.length - byTemplate} by the baseline); see --format json`,
      ),
    );
  }
  if (report.errors.length > 0) {
    out.push(paint(BOLD, fit(`Errors (${report.errors.length}): these rules failed; the others ran`)));
    for (const e of report.errors) out.push(fit(`  ${terminalSafe(e.rule)}: ${terminalSafe(e.message)}`));
  }
  if (report.skipped.length > 0) {
    out.push(paint(BOLD, fit(`Skipped (${report.skipped.length}): not read, so not audited`)));
    for (const s of report.skipped) out.push(fit(`  ${terminalSafe(s.what)}: ${terminalSafe(s.reason)}`));
  }
  while (out.at(-1) === '') out.pop();
  return out.join('\n') + '\n';
}

function summaryLine(r: AuditReport): string {
  const counts = [...FINDING_SEVERITIES]
    .reverse()
    .map((s) => `${r.findings.filter((f) => f.severity === s).length} ${s}`)
    .join(', ');
  const found = r.findings.length === 0 ? 'No finding' : `${r.findings.length} finding(s): ${counts}`;
  return `${found}; ${r.suppressed.length} suppressed; ${r.rules.length} rule(s) ran${r.errors.length ? `, ${r.errors.length} failed` : ''}.`;
}

interface FindingRow {
  readonly rule: string;
  readonly subject: string;
  readonly place: string;
  readonly message: string;
}

function findingRow(f: AuditFinding): FindingRow {
  const s = describeAuditSubject(f);
  return {
    rule: terminalSafe(f.rule),
    subject: `${s.kind} ${terminalSafe(s.name)}`,
    place: terminalSafe(auditLocationText(f) ?? '-'),
    message: terminalSafe(f.message),
  };
}

/** The per-rule tally, right-aligned numbers under their headings. */
function renderTally(r: AuditReport): string[] {
  const head = ['compliant', 'n/a', 'findings', 'suppressed'];
  const idWidth = columnWidth(['Rule', ...r.rules.map((x) => terminalSafe(x.id))]);
  const line = (id: string, cells: readonly string[]): string =>
    [pad(id, idWidth), ...cells.map((c, i) => c.padStart(head[i]!.length))].join('  ').trimEnd();
  return [
    line('Rule', head),
    ...r.rules.map((x) =>
      line(terminalSafe(x.id), [x.compliant, x.notApplicable, x.findings, x.suppressed].map(String)),
    ),
  ];
}

function columnWidth(cells: readonly string[]): number {
  return Math.max(0, ...cells.map(displayWidth));
}

/** `text` padded with spaces to `width` terminal columns (wide characters count two). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

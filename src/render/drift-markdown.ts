import type { DriftReport, RoleDriftSummary } from '../model/drift-report.js';
import { FINDING_SEVERITIES, type Finding, type FindingSeverity } from '../model/finding.js';
import { textOfRule } from './drift-kind-text.js';
import { md, mdCode } from './markdown-escape.js';
import {
  blocksFitting as fitting,
  cutList as cut,
  evidenceItemMarkdown as renderEvidenceItem,
  linesSize as size,
  wrapMarkdownList as wrapList,
  wrapMarkdownText as wrapText,
} from './markdown-layout.js';

/** How the Markdown report is cut to fit where it is pasted. */
export interface DriftMarkdownOptions {
  /**
   * The most characters (UTF-16 units, never fewer than GitHub counts) the report may have.
   * Default 60,000: under GitHub's issue body limit of 65,536, with room for a workflow to add
   * a header or footer. Past it, roles and findings are left out, last first, with a count.
   */
  readonly budget: number;
}

/** The defaults of {@link DriftMarkdownOptions}. */
export const defaultDriftMarkdownOptions: DriftMarkdownOptions = { budget: 60_000 };

// Lists inside one line (a role's functions, missing days) are cut here, with a count.
const INLINE_ITEMS = 5;
// Evidence lines of one finding; more are folded into `<details>`.
const EVIDENCE_SHOWN = 3;
// Long lists of the evidence section are cut here, with a count.
const LIST_ITEMS = 20;
const ARN_LIST_OPEN = ['<details><summary>Role ARNs</summary>', ''];
const ARN_LIST_CLOSE = ['', '</details>', ''];

const HEADING: Readonly<Record<FindingSeverity, string>> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/**
 * `drift --format markdown`, ready to paste into a GitHub issue or a chat message: a title
 * with the window and the run time ("first run: baseline" without a previous run), a summary
 * table of the roles, the findings by severity (high first) with their evidence, and what the
 * evidence covered. Every string from the report is escaped (mentions, HTML, table pipes,
 * hidden characters), prose lines stay under 200 characters, and the whole stays within
 * `budget` characters: past it, roles and then findings are left out from the end (the
 * report is sorted, so the least severe go first), and the report says how many.
 */
export function renderDriftMarkdown(
  report: DriftReport,
  options: Partial<DriftMarkdownOptions> = {},
): string {
  const { budget } = { ...defaultDriftMarkdownOptions, ...options };
  const names = shortNames(report);
  const head = renderHead(report);
  const evidence = renderEvidence(report);
  // What is there whatever is cut: the headings, the table's head, the details wrapper and the
  // notes, sized as when everything is left out (their counts then have the most digits).
  const frame = [
    ...renderRoles(report, []),
    ...renderFindings(report.findings, [], 0),
    ...ARN_LIST_OPEN,
    ...ARN_LIST_CLOSE,
  ];
  // `size` counts a line feed after every line, one more than the joined text has.
  let room = budget - size(head) - size(evidence) - size(frame);

  // A role costs its table row and its line in the list of ARNs.
  const rows = report.roles.map((r) => ({ row: roleRow(r, names), arn: arnLines(r.role, names) }));
  const findings = report.findings.map((f) => renderFinding(f, names));
  // Findings get what the roles leave; when both do not fit, the roles get at most 40 %.
  const findingsSize = findings.reduce((n, f) => n + size(f), 0);
  const rolesRoom = Math.max(room - findingsSize, Math.floor(room * 0.4));
  const rowsShown = fitting(
    rows.map((r) => [r.row, ...r.arn]),
    rolesRoom,
  );
  room -= rows.slice(0, rowsShown).reduce((n, r) => n + size([r.row, ...r.arn]), 0);
  const findingsShown = fitting(findings, room);

  const out = [...head];
  out.push(...renderRoles(report, rows.slice(0, rowsShown)));
  out.push(...renderFindings(report.findings, findings, findingsShown));
  out.push(...evidence);
  return out.join('\n');
}

/** The title, the comparison line and the count of findings by severity. */
function renderHead(r: DriftReport): string[] {
  const w = r.window;
  const out = [
    ...wrapText(
      `# iamtrim drift: ${md(w.from)} to ${md(w.to)} (${w.days} day${w.days === 1 ? '' : 's'}), run ${md(r.runAt)}`,
      '',
      '',
    ),
    '',
  ];
  out.push(
    r.previousRunAt === undefined
      ? 'First run: baseline. Nothing is compared yet; the next run reports what changed since this one.'
      : `Compared with the run of ${md(r.previousRunAt)}.`,
    '',
  );
  const bySeverity = [...FINDING_SEVERITIES]
    .reverse()
    .map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const);
  out.push(
    r.findings.length === 0
      ? `No finding, over ${r.roles.length} role(s).`
      : `${r.findings.length} finding(s) over ${r.roles.length} role(s): ${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}.`,
    '',
  );
  return out;
}

/** The summary table, the roles left out, and the full ARNs behind the short names. */
function renderRoles(
  r: DriftReport,
  rows: readonly { readonly row: string; readonly arn: readonly string[] }[],
): string[] {
  if (r.roles.length === 0) return ['## Roles', '', 'No role in the report.', ''];
  const out = [
    '## Roles',
    '',
    '| Role | Functions | Granted | Used | Removable | Change since last run (granted / used / removable) |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows.map((x) => x.row),
  ];
  const left = r.roles.length - rows.length;
  if (left > 0)
    out.push('', `${left} more role(s) not shown, to stay within the size limit: see \`--format json\`.`);
  out.push('');
  const arns = rows.flatMap((x) => x.arn);
  if (arns.length > 0) out.push(...ARN_LIST_OPEN, ...arns, ...ARN_LIST_CLOSE);
  return out;
}

/** The line that gives a role's full ARN behind its short name; none when it is shown in full. */
function arnLines(role: string, names: ReadonlyMap<string, string>): string[] {
  const name = names.get(role) ?? role;
  return name === role ? [] : wrapText(`${mdCode(name)}: ${mdCode(role)}`, '- ', '  ');
}

function roleRow(r: RoleDriftSummary, names: ReadonlyMap<string, string>): string {
  const fns = r.functions.length === 0 ? '—' : inline(r.functions.map(mdCode), ', ');
  const removable = r.removable === null ? 'suppressed' : String(r.removable);
  const c = r.change;
  const change = c
    ? `${c.granted === null ? '—' : signed(c.granted)} / ${signed(c.used)} / ${c.removable === null ? 'suppressed' : signed(c.removable)}`
    : '—';
  return `| ${mdCode(names.get(r.role) ?? r.role)} | ${fns} | ${r.granted === null ? 'unknown' : r.granted} | ${r.used} | ${removable} | ${change} |`;
}

/** The findings by severity; those past `shown` are counted, not shown. */
function renderFindings(
  all: readonly Finding[],
  rendered: readonly (readonly string[])[],
  shown: number,
): string[] {
  if (all.length === 0) return ['## Findings', '', 'No finding.', ''];
  const out: string[] = [];
  for (const severity of [...FINDING_SEVERITIES].reverse()) {
    const indexes = all.flatMap((f, i) => (f.severity === severity ? [i] : []));
    if (indexes.length === 0) continue;
    out.push(`## ${HEADING[severity]} (${indexes.length})`, '');
    for (const i of indexes) if (i < shown) out.push(...rendered[i]!);
    const left = indexes.filter((i) => i >= shown).length;
    if (left > 0)
      out.push(
        `${left} more ${severity} finding(s) not shown, to stay within the size limit: see \`--format json\`.`,
        '',
      );
  }
  return out;
}

/** One finding: its kind, role, function, action and message, then its evidence, compact. */
function renderFinding(f: Finding, names: ReadonlyMap<string, string>): string[] {
  const s = f.subject;
  const about = [
    mdCode(names.get(s.role) ?? s.role),
    ...(s.function !== undefined ? [`function ${mdCode(s.function)}`] : []),
    ...(s.action !== undefined ? [`action ${mdCode(s.action)}`] : []),
    ...(s.resource !== undefined ? [`resource ${mdCode(s.resource)}`] : []),
    ...(s.policy !== undefined ? [`policy ${mdCode(s.policy)}`] : []),
    ...(s.statement !== undefined ? [`statement ${mdCode(String(s.statement))}`] : []),
    ...(f.location?.kind === 'file'
      ? [`in ${mdCode(`${f.location.file}${f.location.line !== undefined ? `:${f.location.line}` : ''}`)}`]
      : []),
  ];
  const out = wrapText(
    `**${md(textOfRule(f.rule).title)}** (${md(f.rule)}): ${about.join(' · ')}`,
    '- ',
    '  ',
  );
  // Its own paragraph: a plain next line would run on into the subject line.
  out.push('', ...wrapText(md(f.message), '  ', '  '));
  const evidence = f.evidence.flatMap((e) => wrapText(renderEvidenceItem(e), '  - ', '    '));
  if (f.evidence.length > EVIDENCE_SHOWN) {
    out.push(
      '',
      `  <details><summary>Evidence (${f.evidence.length})</summary>`,
      '',
      ...evidence,
      '',
      '  </details>',
    );
  } else if (evidence.length > 0) out.push('', ...evidence);
  out.push('');
  return out;
}

/** What the evidence covered, with long lists cut and counted. */
function renderEvidence(r: DriftReport): string[] {
  const e = r.evidence;
  const out = ['## Evidence', ''];
  out.push(
    `- Window: ${md(r.window.from)} to ${md(r.window.to)}, ${e.daysWithLogs} of ${r.window.days} day(s) with logs`,
  );
  out.push(`- New inputs read in this run: ${e.newInputs}`);
  const ranges = dayRanges(e.daysMissing).map(md);
  out.push(
    ...(ranges.length === 0
      ? ['- Days without logs: none']
      : wrapList(cut(ranges, LIST_ITEMS), `- Days without logs (${e.daysMissing.length}):`, '  ')),
  );
  out.push(...wrapList(e.regions.length ? cut(e.regions.map(md), LIST_ITEMS) : ['none'], '- Regions:', '  '));
  out.push(
    ...wrapList(e.sources.length ? cut(e.sources.map(mdCode), LIST_ITEMS) : ['none'], '- Sources:', '  '),
  );
  if (e.skipped.length === 0) out.push('- Skipped inputs: none');
  else {
    out.push(`- Skipped inputs (${e.skipped.length}):`);
    for (const s of e.skipped.slice(0, LIST_ITEMS))
      out.push(...wrapText(`${mdCode(s.file)}: ${md(s.reason)} (${s.records} record(s))`, '  - ', '    '));
    if (e.skipped.length > LIST_ITEMS) out.push(`  - and ${e.skipped.length - LIST_ITEMS} more`);
  }
  out.push('');
  return out;
}

/**
 * Each role's name as shown: the last part of its ARN (`arn:…:role/path/name` → `name`), or
 * the full ARN when two roles of the report share that name.
 */
function shortNames(r: DriftReport): Map<string, string> {
  const all = [...r.roles.map((x) => x.role), ...r.findings.map((f) => f.subject.role)];
  const short = (arn: string): string =>
    /^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/s.exec(arn)?.[1] ?? arn;
  const owners = new Map<string, Set<string>>();
  for (const arn of all) owners.set(short(arn), (owners.get(short(arn)) ?? new Set()).add(arn));
  return new Map(all.map((arn) => [arn, owners.get(short(arn))!.size > 1 ? arn : short(arn)]));
}

/** Sorted `YYYY-MM-DD` days as ranges of consecutive days (`a to b`). */
export function dayRanges(days: readonly string[]): string[] {
  const sorted = [...new Set(days)].sort();
  const ranges: string[] = [];
  let start: string | undefined;
  let prev: string | undefined;
  const flush = (): void => {
    if (start !== undefined) ranges.push(start === prev ? start : `${start} to ${prev}`);
  };
  for (const day of sorted) {
    if (prev !== undefined && nextDay(prev) === day) {
      prev = day;
      continue;
    }
    flush();
    start = prev = day;
  }
  flush();
  return ranges;
}

function nextDay(day: string): string | undefined {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : new Date(t + 86_400_000).toISOString().slice(0, 10);
}

function inline(items: readonly string[], sep: string): string {
  return cut(items, INLINE_ITEMS).join(sep);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

import type { UsageReport } from '../usage/usage-report.js';
import { displayWidth, truncateToWidth } from './fit-width.js';
import { terminalSafe } from './terminal-safe.js';
import { wrapList, wrapText } from './wrap-text.js';
import { isLambdaExecutionRole } from '../synthesize/lambda-role.js';

export interface UsageTableOptions {
  /** Resources listed per action before "+N more". Default 3. */
  readonly resourcesPerAction: number;
  /**
   * The terminal's width in columns: table rows are cut to it with an ellipsis and lists
   * wrap within it. Undefined (a file, a pipe): lines are as long as their content.
   */
  readonly width?: number;
}

export const defaultUsageTableOptions: UsageTableOptions = { resourcesPerAction: 3 };

/** A readable per-principal summary of a usage report. Pure: report in, text out. */
export function renderUsageTable(report: UsageReport, options: Partial<UsageTableOptions> = {}): string {
  const opts = { ...defaultUsageTableOptions, ...options };
  const s = terminalSafe;
  const lines: string[] = [];
  const st = report.stats;
  lines.push(
    ...wrapText(
      `Scanned ${st.files} file(s), ${st.records} record(s), ${st.events} API event(s)` +
        (st.window.from
          ? ` from ${s(st.window.from)} to ${s(st.window.to ?? '?')} (${st.days} day(s) with events)`
          : ''),
      '',
      '  ',
      opts.width,
    ),
  );
  lines.push(...wrapList(st.regions.length ? st.regions.map(s) : ['none'], 'Regions:', '  ', opts.width));
  lines.push(
    ...wrapList(
      st.dataEventSources.length ? st.dataEventSources.map(s) : ['none'],
      'Data events seen for:',
      '  ',
      opts.width,
    ),
  );
  lines.push('');

  for (const p of report.principals) {
    lines.push(`${p.type === 'role' ? 'Role' : capitalize(p.type)} ${s(p.arn)}`);
    // A role's sessions are its functions only when they all look like Lambda's; an EC2
    // instance id, an SSO user's e-mail or an SDK's default session name is not a function.
    const sessions = isLambdaExecutionRole(p.functions) ? 'functions' : 'sessions';
    if (p.functions.length > 0) {
      const shared = p.type === 'role' && p.functions.length > 1 ? `  (shared by several ${sessions})` : '';
      const listed = wrapList(p.functions.map(s), `  ${sessions}:`, '    ', opts.width);
      const tail = `${listed[listed.length - 1] ?? ''}${shared}`;
      // The note goes on a line of its own when it would not fit after the last name.
      if (opts.width === undefined || displayWidth(tail) <= opts.width) listed[listed.length - 1] = tail;
      else if (shared) listed.push(`    ${shared.trim()}`);
      lines.push(...listed);
    }
    if (p.actions.length > 0) {
      const rows = p.actions.map((a) => {
        const shown = a.resources.slice(0, opts.resourcesPerAction).map(s);
        const more = a.resources.length - shown.length;
        const res = a.resources.length === 0 ? '*' : shown.join(', ') + (more > 0 ? ` (+${more} more)` : '');
        return [
          s(a.action),
          String(a.count),
          s(a.lastSeen.slice(0, 10)),
          res + (a.resourcesFolded ? ' [folded]' : ''),
        ];
      });
      lines.push(...table(['action', 'count', 'last seen', 'resources'], rows, '  ', opts.width));
    }
    if (p.denied.length > 0) {
      lines.push('  denied:');
      const rows = p.denied.map((d) => [
        s(d.action),
        String(d.count),
        s(d.errorCode),
        s(d.lastSeen.slice(0, 10)),
        d.functions.map(s).join(', '),
      ]);
      lines.push(...table(['action', 'count', 'error', 'last seen', sessions], rows, '    ', opts.width));
    }
    lines.push('');
  }
  if (report.principals.length === 0) lines.push('No principals matched.', '');

  if (report.unmapped.length > 0) {
    lines.push(`Unmapped (${report.unmapped.length} kind(s) of call; not counted as use):`);
    for (const u of report.unmapped)
      lines.push(`  ${s(u.eventSource)} ${s(u.eventName)} x${u.count}: ${s(u.reason)}`);
    lines.push('');
  }
  if (report.skipped.length > 0) {
    lines.push(`Skipped input (${report.skipped.length}):`);
    for (const k of report.skipped)
      lines.push(`  ${s(k.file)}: ${s(k.reason)}${k.records ? ` (${k.records} record(s))` : ''}`);
    lines.push('');
  }
  return lines.map((l) => truncateToWidth(l, opts.width)).join('\n');
}

/**
 * Columns padded to their widest cell. With a terminal width, the last column (the long
 * lists) gets what room is left, so no rule or row is wider than the terminal.
 */
function table(header: string[], rows: string[][], indent: string, width: number | undefined): string[] {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const last = widths.length - 1;
  if (width !== undefined) {
    const before = indent.length + widths.slice(0, last).reduce((n, w) => n + w + 2, 0);
    widths[last] = Math.max(displayWidth(header[last] ?? ''), Math.min(widths[last] ?? 0, width - before));
  }
  const pad = (c: string, w: number): string => c + ' '.repeat(Math.max(0, w - displayWidth(c)));
  const fmt = (cells: string[]): string =>
    truncateToWidth(
      indent +
        cells
          .map((c, i) => (i === last ? c : pad(c, widths[i] ?? 0)))
          .join('  ')
          .trimEnd(),
      width,
    );
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

import type { UsageReport } from '../usage/usage-report.js';
import { terminalSafe } from './terminal-safe.js';

export interface UsageTableOptions {
  /** Resources listed per action before "+N more". Default 3. */
  readonly resourcesPerAction: number;
}

export const defaultUsageTableOptions: UsageTableOptions = { resourcesPerAction: 3 };

/** A readable per-principal summary of a usage report. Pure: report in, text out. */
export function renderUsageTable(report: UsageReport, options: Partial<UsageTableOptions> = {}): string {
  const opts = { ...defaultUsageTableOptions, ...options };
  const s = terminalSafe;
  const lines: string[] = [];
  const st = report.stats;
  lines.push(
    `Scanned ${st.files} file(s), ${st.records} record(s), ${st.events} API event(s)` +
      (st.window.from
        ? ` from ${s(st.window.from)} to ${s(st.window.to ?? '?')} (${st.days} day(s) with events)`
        : ''),
  );
  lines.push(`Regions: ${st.regions.map(s).join(', ') || 'none'}`);
  lines.push(`Data events seen for: ${st.dataEventSources.map(s).join(', ') || 'none'}`);
  lines.push('');

  for (const p of report.principals) {
    lines.push(`${p.type === 'role' ? 'Role' : capitalize(p.type)} ${s(p.arn)}`);
    if (p.functions.length > 0) {
      const shared =
        p.type === 'role' && p.functions.length > 1 ? '  (shared by several sessions/functions)' : '';
      lines.push(`  functions: ${p.functions.map(s).join(', ')}${shared}`);
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
      lines.push(...table(['action', 'count', 'last seen', 'resources'], rows, '  '));
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
      lines.push(...table(['action', 'count', 'error', 'last seen', 'functions'], rows, '    '));
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
  return lines.join('\n');
}

function table(header: string[], rows: string[][], indent: string): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    indent +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

import type { UsageReport } from '../usage/usage-report.js';
import { terminalSafe } from './terminal-safe.js';

const HEADER = [
  'principal',
  'outcome',
  'action',
  'errorCode',
  'count',
  'firstSeen',
  'lastSeen',
  'resource',
  'functions',
];

/**
 * The usage report as CSV (RFC 4180), one row per principal, action and resource, denied
 * calls with outcome `denied`, for a spreadsheet or a quick `grep`. Resource names and
 * function names come from logs: controls are made visible, and a cell a spreadsheet would
 * run as a formula (`=`, `+`, `-`, `@` first) is prefixed with an apostrophe.
 */
export function renderUsageCsv(report: UsageReport): string {
  const rows: (string | number)[][] = [HEADER];
  for (const p of report.principals) {
    for (const a of p.actions)
      for (const resource of a.resources.length ? a.resources : [''])
        rows.push([
          p.arn,
          'allowed',
          a.action,
          '',
          a.count,
          a.firstSeen,
          a.lastSeen,
          resource,
          a.functions.join(' '),
        ]);
    for (const d of p.denied)
      for (const resource of d.resources.length ? d.resources : [''])
        rows.push([
          p.arn,
          'denied',
          d.action,
          d.errorCode,
          d.count,
          d.firstSeen,
          d.lastSeen,
          resource,
          d.functions.join(' '),
        ]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${terminalSafe(value)}` : terminalSafe(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

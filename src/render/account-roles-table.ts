import type { AccountRoleSummary, AccountRolesReport } from '../model/account-roles-report.js';
import { terminalSafe } from './terminal-safe.js';

/** `roles --account-authorization` for a person: each role, who may assume it, who acted as it. */
export function renderAccountRolesTable(report: AccountRolesReport): string {
  const { roles } = report;
  const lambda = roles.filter((r) => r.lambda === true).length;
  const seen =
    report.evidence.length > 0
      ? `; functions as seen in ${report.evidence.map(terminalSafe).join(', ')}`
      : '';
  const lines = [
    `${roles.length} role(s) in ${terminalSafe(report.source)}, ${lambda} trusting lambda.amazonaws.com${seen}`,
    '',
  ];
  for (const r of roles) {
    lines.push(`${terminalSafe(r.roleArn)}  ${trustLabel(r)}  ${policiesLabel(r)}${sharedLabel(r)}`);
    if (r.functions === undefined) continue;
    if (r.functions.length === 0) lines.push('  (no function seen acting as it)');
    for (const f of r.functions) lines.push(`  ${terminalSafe(f)}`);
  }
  if (report.skipped.length > 0) {
    lines.push('', `${report.skipped.length} not read:`);
    for (const s of report.skipped) lines.push(`  ${terminalSafe(s.what)}: ${terminalSafe(s.reason)}`);
  }
  return lines.join('\n') + '\n';
}

function trustLabel(r: AccountRoleSummary): string {
  if (r.trustedServices === undefined) return '[trust unknown]';
  if (r.lambda) return '[lambda]';
  const services = r.trustedServices.map(terminalSafe).join(', ');
  return `[not lambda${services ? `: ${services}` : ''}]`;
}

function policiesLabel(r: AccountRoleSummary): string {
  const boundary = r.boundary !== undefined ? `, boundary ${terminalSafe(r.boundary)}` : '';
  return `${r.policies} ${r.policies === 1 ? 'policy' : 'policies'}${boundary}`;
}

function sharedLabel(r: AccountRoleSummary): string {
  return r.shared ? `  SHARED by ${r.functions?.length ?? 0} functions` : '';
}

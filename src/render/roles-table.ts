import type { RolesReport } from '../model/role-functions.js';
import { terminalSafe } from './terminal-safe.js';

/** `roles` for a person: each role with its functions, shared roles marked. */
export function renderRolesTable(report: RolesReport): string {
  const { roles, regions } = report;
  const lines = [
    `${roles.length} role(s), ${roles.reduce((n, r) => n + r.functions.length, 0)} function(s) in ${regions.join(', ')}`,
    '',
  ];
  for (const r of roles) {
    lines.push(`${terminalSafe(r.roleArn)}${r.shared ? `  SHARED by ${r.functions.length} functions` : ''}`);
    for (const f of r.functions)
      lines.push(
        `  ${f.region}  ${terminalSafe(f.functionName)}  ${terminalSafe(f.runtime ?? '')}`.trimEnd(),
      );
  }
  return lines.join('\n') + '\n';
}

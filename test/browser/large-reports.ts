import type { AuditFinding, AuditReport } from '../../src/model/audit-report.js';
import type { DriftReport } from '../../src/model/drift-report.js';
import type { Finding } from '../../src/model/finding.js';
import { auditCase } from '../render/audit-cases.js';
import { driftCase } from '../render/drift-cases.js';

const roleArn = (i: number): string =>
  `arn:aws:iam::123456789012:role/service-role/app-${String(i).padStart(4, '0')}-role`;

/** The findings of `templates` moved onto role `i`: two per role, cycling through the kinds. */
function findingsOf<F extends Finding>(
  templates: readonly F[],
  i: number,
  move: (f: F, arn: string) => F,
): F[] {
  return [templates[i % templates.length]!, templates[(i + 3) % templates.length]!].map((f) =>
    move(f, roleArn(i)),
  );
}

/** A drift report over `roles` generated roles (the hand-built report's findings, two per role). */
export function largeDriftReport(roles: number): DriftReport {
  const base = driftCase('all-kinds');
  const move = (f: Finding, arn: string): Finding => ({
    ...f,
    subject: {
      ...f.subject,
      role: arn,
      ...(f.subject.function !== undefined && { function: `${arn.slice(-13)}-fn` }),
    },
  });
  const summaries = Array.from({ length: roles }, (_, i) => {
    const granted = 5 + (i % 40);
    const used = i % 7;
    return {
      role: roleArn(i),
      functions: [`app-${i}-fn`],
      granted,
      used,
      removable: i % 11 === 0 ? null : granted - used,
      ...(i % 5 !== 0 && { change: { granted: i % 3, used: -(i % 2), removable: i % 3 } }),
    };
  });
  return {
    ...base,
    roles: summaries,
    findings: Array.from({ length: roles }, (_, i) => findingsOf(base.findings, i, move)).flat(),
  };
}

/** An audit report over `roles` generated roles (the live case's findings, two per role). */
export function largeAuditReport(roles: number): AuditReport {
  const base = auditCase('live');
  const move = (f: AuditFinding, arn: string): AuditFinding => ({
    ...f,
    subject: { ...f.subject, role: arn },
    location: { kind: 'resource', arn },
    fingerprint: `${f.fingerprint}-${arn.slice(-13)}`,
  });
  const findings = Array.from({ length: roles }, (_, i) => findingsOf(base.findings, i, move)).flat();
  return {
    ...base,
    rules: base.rules.map((r) => ({ ...r, findings: findings.filter((f) => f.rule === r.id).length })),
    findings,
  };
}

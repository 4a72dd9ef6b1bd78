import { InputError } from '../errors/iamtrim-error.js';
import type { AuditReport } from '../model/audit-report.js';

/** The version of the baseline file format; a reader refuses versions it does not know. */
export const AUDIT_BASELINE_VERSION = 1;

/**
 * `--baseline FILE`: the findings a team accepted when adopting the audit on an existing estate.
 * Matched by fingerprint only; the rule and message are there for the humans reviewing the file.
 */
export interface AuditBaseline {
  readonly version: typeof AUDIT_BASELINE_VERSION;
  readonly findings: readonly {
    readonly fingerprint: string;
    readonly rule: string;
    readonly message: string;
  }[];
}

/** Checks a parsed baseline file; errors name the file. */
export function parseBaseline(json: unknown, file: string): AuditBaseline {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputError('an audit baseline must be a JSON object with "version" and "findings"', file);
  const doc = json as Record<string, unknown>;
  if (doc.version !== AUDIT_BASELINE_VERSION)
    throw new InputError(
      `unsupported baseline version ${JSON.stringify(doc.version)} (this iamtrim reads version ${AUDIT_BASELINE_VERSION})`,
      file,
    );
  if (!Array.isArray(doc.findings)) throw new InputError('"findings" must be an array', file);
  const findings = doc.findings.map((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e.fingerprint !== 'string' || !e.fingerprint)
      throw new InputError(`findings[${i}] needs a "fingerprint" string`, file);
    return {
      fingerprint: e.fingerprint,
      rule: typeof e.rule === 'string' ? e.rule : '',
      message: typeof e.message === 'string' ? e.message : '',
    };
  });
  return { version: AUDIT_BASELINE_VERSION, findings };
}

/**
 * The baseline `--write-baseline` writes: every finding the report holds open or already
 * accepted by a baseline (template suppressions stay in the template), sorted by fingerprint.
 */
export function baselineOf(report: AuditReport): AuditBaseline {
  const accepted = [
    ...report.findings,
    ...report.suppressed.filter((s) => s.by.kind === 'baseline').map((s) => s.finding),
  ];
  const byPrint = new Map(
    accepted.map((f) => [f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, message: f.message }]),
  );
  return {
    version: AUDIT_BASELINE_VERSION,
    findings: [...byPrint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)),
  };
}

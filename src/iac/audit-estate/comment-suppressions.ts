import type { AuditSuppression } from './estate-draft.js';

// `# iamtrim:ignore <rule-id> <reason>` (or `//`), alone on its line.
const IGNORE = /^\s*(?:#|\/\/)\s*iamtrim:ignore(?:\s+(\S+))?(?:\s+(.*?))?\s*$/;
const COMMENT = /^\s*(?:#|\/\/)/;

/**
 * The suppressions written as comments on the lines right above a declaration (a Terraform
 * resource, a Serverless function): `# iamtrim:ignore <rule-id> <reason>`, one per line,
 * in a run of comment lines that ends at the declaration's line (1-based). A comment
 * without a rule id is not a suppression.
 */
export function commentSuppressions(
  lines: readonly string[],
  line: number,
  file: string,
): AuditSuppression[] {
  const out: AuditSuppression[] = [];
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (!COMMENT.test(l)) break;
    const m = IGNORE.exec(l);
    if (!m?.[1]) continue;
    const reason = m[2]?.trim();
    out.unshift({ rule: m[1], ...(reason ? { reason } : {}), place: { kind: 'file', file, line: i + 1 } });
  }
  return out;
}

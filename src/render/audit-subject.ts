import type { AuditFinding } from '../model/audit-report.js';
import { md, mdCode } from './markdown-escape.js';

/**
 * What an audit finding is about, as the renderers name it: the function when there is one,
 * else the role, else the resource (a log group). Raw input text: the caller escapes it.
 */
export function describeAuditSubject(f: AuditFinding): { readonly kind: string; readonly name: string } {
  const s = f.subject;
  if (s.function !== undefined) return { kind: 'function', name: s.function };
  if (s.role !== '') return { kind: 'role', name: shortRoleName(s.role) };
  // Only a log-group subject has no role (run-rules' describeSubject): its name is the resource.
  if (s.resource !== undefined) return { kind: 'log group', name: s.resource };
  return { kind: 'role', name: '(unknown)' };
}

/** `arn:…:role/path/name` → `name`; any other text as it is (a template's logical id). */
export function shortRoleName(role: string): string {
  return /^arn:[^:]*:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/s.exec(role)?.[1] ?? role;
}

/**
 * Where to look, as one piece of text: `file:line` (and `:column`) for a template finding, the
 * ARN for a live one, nothing when the finding has no place. Raw: the caller escapes it.
 */
export function auditLocationText(f: AuditFinding): string | undefined {
  const l = f.location;
  if (!l) return undefined;
  if (l.kind === 'resource') return l.arn;
  return `${l.file}${l.line !== undefined ? `:${l.line}` : ''}${l.line !== undefined && l.column !== undefined ? `:${l.column}` : ''}`;
}

/**
 * A rule pack's prose (title, rationale, fix) as Markdown: its backtick spans (`iamtrim
 * suggest`) become code, the rest is escaped like any input — pack text is ours, but a custom
 * pack's is not, and escaping costs nothing.
 */
export function packProseMarkdown(text: string): string {
  return text
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 === 1 ? mdCode(part) : md(part)))
    .join('');
}

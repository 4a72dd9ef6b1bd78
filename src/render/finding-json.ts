import type { Finding, FindingEvidence, FindingLocation, FindingSubject } from '../model/finding.js';

/**
 * A `Finding` as JSON with its keys in one fixed order (the drift and audit schemas' order),
 * absent fields left out, so two runs' reports diff line by line. Shared by the JSON and
 * SARIF renderers of drift and audit.
 */
export function orderFinding(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    subject: orderSubject(f.subject),
    ...(f.location && { location: orderLocation(f.location) }),
    message: f.message,
    evidence: f.evidence.map(orderEvidence),
  };
}

/** The subject's keys in schema order. */
export function orderSubject(s: FindingSubject): Record<string, unknown> {
  return {
    role: s.role,
    ...(s.function !== undefined && { function: s.function }),
    ...(s.policy !== undefined && { policy: s.policy }),
    ...(s.statement !== undefined && { statement: s.statement }),
    ...(s.action !== undefined && { action: s.action }),
    ...(s.resource !== undefined && { resource: s.resource }),
  };
}

/** A location's keys in schema order. */
export function orderLocation(l: FindingLocation): Record<string, unknown> {
  return l.kind === 'file'
    ? {
        kind: l.kind,
        file: l.file,
        ...(l.line !== undefined && { line: l.line }),
        ...(l.column !== undefined && { column: l.column }),
      }
    : { kind: l.kind, arn: l.arn };
}

/** One evidence item with its keys in schema order. */
export function orderEvidence(e: FindingEvidence): Record<string, unknown> {
  return {
    source: e.source,
    detail: e.detail,
    ...(e.count !== undefined && { count: e.count }),
    ...(e.firstSeen !== undefined && { firstSeen: e.firstSeen }),
    ...(e.lastSeen !== undefined && { lastSeen: e.lastSeen }),
    ...(e.eventId !== undefined && { eventId: e.eventId }),
    ...(e.actor !== undefined && { actor: e.actor }),
  };
}

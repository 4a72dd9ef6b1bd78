import { createHash } from 'node:crypto';
import type { FindingSubject } from '../model/finding.js';

/**
 * A finding's fingerprint: a hash of the rule and what the finding is about (subject kind and
 * id, policy, statement, action, resource), not its message, severity or line, so it survives
 * reformatting, a moved statement and a re-worded message, and baselines keep matching.
 */
export function fingerprintOf(rule: string, subjectKey: string, subject: FindingSubject): string {
  const parts = [
    rule,
    subjectKey,
    subject.policy ?? '',
    String(subject.statement ?? ''),
    subject.action ?? '',
    subject.resource ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

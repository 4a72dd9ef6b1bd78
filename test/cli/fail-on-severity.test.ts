import { describe, expect, it } from 'vitest';
import { failOnSeverityVerdict, parseFailOnSeverity } from '../../src/cli/fail-on-severity.js';
import { UsageError } from '../../src/errors/iamtrim-error.js';
import type { Finding, FindingSeverity } from '../../src/model/finding.js';

const finding = (severity: FindingSeverity): Finding => ({
  rule: 'denied-new',
  severity,
  subject: { role: 'arn:aws:iam::123456789012:role/r' },
  message: 'm',
  evidence: [],
});

describe('--fail-on low|medium|high', () => {
  it.each([
    ['low', ['low'], true],
    ['medium', ['low'], false],
    ['medium', ['low', 'medium'], true],
    ['high', ['low', 'medium'], false],
    ['high', ['high'], true],
    ['low', [], false],
  ] as const)('threshold %s over %j → exit 3: %s', (threshold, severities, over) => {
    const verdict = failOnSeverityVerdict(parseFailOnSeverity(threshold), severities.map(finding));
    expect(verdict !== undefined).toBe(over);
    if (verdict) expect(verdict).toContain(`--fail-on ${threshold} (exit 3)`);
  });

  it('counts what is over, by severity, highest first', () => {
    const v = failOnSeverityVerdict(
      'medium',
      ['low', 'high', 'medium', 'high'].map((s) => finding(s as FindingSeverity)),
    );
    expect(v).toContain('3 finding(s) at or above medium (2 high, 1 medium)');
  });

  it('is off without the flag', () => {
    expect(failOnSeverityVerdict(undefined, [finding('high')])).toBeUndefined();
  });

  it.each(['critical', 'any', '3', ''])('refuses %j with a usage error', (v) => {
    expect(() => parseFailOnSeverity(v)).toThrow(UsageError);
  });
});

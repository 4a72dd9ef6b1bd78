import type { Argv } from 'yargs';
import { UsageError } from '../errors/iamtrim-error.js';
import { FINDING_SEVERITIES, type Finding, type FindingSeverity } from '../model/finding.js';

/** Adds `--fail-on low|medium|high` to a command that reports findings (`drift`; `audit` next). */
export function withFailOnSeverityOption<T>(y: Argv<T>): Argv<T & { failOn?: string }> {
  return y.option('fail-on', {
    type: 'string',
    describe:
      'Exit 3 (after printing the same output) when a finding at or above this severity exists: low, medium or high',
  }) as unknown as Argv<T & { failOn?: string }>;
}

/** Parses the flag's value; anything else is a usage error. */
export function parseFailOnSeverity(value: string): FindingSeverity {
  const v = value.trim().toLowerCase();
  const found = FINDING_SEVERITIES.find((s) => s === v);
  if (!found) throw new UsageError(`--fail-on: "${value}" is not low, medium or high`);
  return found;
}

/** The line to print when some finding is at or above `threshold`, or undefined when none is. */
export function failOnSeverityVerdict(
  threshold: FindingSeverity | undefined,
  findings: readonly Finding[],
): string | undefined {
  if (threshold === undefined) return undefined;
  const floor = FINDING_SEVERITIES.indexOf(threshold);
  const over = findings.filter((f) => FINDING_SEVERITIES.indexOf(f.severity) >= floor);
  if (over.length === 0) return undefined;
  const bySeverity = [...FINDING_SEVERITIES]
    .reverse()
    .map((s) => [s, over.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `iamtrim: ${over.length} finding(s) at or above ${threshold} (${bySeverity}): over --fail-on ${threshold} (exit 3)`;
}

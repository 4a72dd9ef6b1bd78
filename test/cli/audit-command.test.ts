import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/audit-report.js';
import { runMain } from '../support/run-main.js';

const tmp = mkdtempSync(join(tmpdir(), 'iamtrim-audit-'));
const EXAMPLE = 'fixtures/example/template.yaml';

/** A SAM function with a public URL, suppressed with or without a reason. */
function urlTemplate(ignore: string): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  PublicFn:',
    '    Type: AWS::Serverless::Function',
    '    Metadata:',
    '      iamtrim:',
    `        ignore: [${ignore}]`,
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    '      Tracing: Active',
    '      FunctionUrlConfig:',
    '        AuthType: NONE',
    '',
  ].join('\n');
}

async function auditJson(args: string[]): Promise<{ status: number; report: AuditReport; stderr: string }> {
  const run = await runMain(['audit', ...args, '--format', 'json', '--quiet']);
  return {
    status: run.status ?? -1,
    report: JSON.parse(run.stdout || '{}') as AuditReport,
    stderr: run.stderr,
  };
}

describe('iamtrim audit', () => {
  it('audits a template: findings with their file and line, and each rule tallied', async () => {
    const { status, report } = await auditJson(['--template', EXAMPLE]);
    expect(status).toBe(0);
    const wildcard = report.findings.find((f) => f.rule === 'lambda-role-wildcard-action');
    expect(wildcard?.location).toEqual({ kind: 'file', file: EXAMPLE, line: 58 });
    expect(wildcard?.subject.action).toBe('sqs:*');
    expect(report.rules.map((r) => r.id)).toContain('lambda-function-url-public');
    expect(report.rules.find((r) => r.id === 'lambda-role-unused-grants')?.notApplicable).toBeGreaterThan(0);
  });

  it('writes SARIF whose template results point at the offending line', async () => {
    const run = await runMain(['audit', '--template', EXAMPLE, '--format', 'sarif', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const sarif = JSON.parse(run.stdout) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
      }[];
    };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'lambda-role-wildcard-action');
    expect(result?.locations[0]?.physicalLocation.region.startLine).toBe(58);
  });

  it.each([
    ['high', 3],
    ['medium', 3],
  ])('--fail-on %s exits %i on the example (one high finding)', async (threshold, code) => {
    const run = await runMain([
      'audit',
      '--template',
      EXAMPLE,
      '--fail-on',
      threshold,
      '--format',
      'json',
      '--quiet',
    ]);
    expect(run.status).toBe(code);
    expect(run.stderr).toMatch(/over --fail-on/);
  });

  it('adopts an estate through a baseline: accepted findings are suppressed, not open', async () => {
    const baseline = join(tmp, 'baseline.json');
    const first = await runMain([
      'audit',
      '--template',
      EXAMPLE,
      '--write-baseline',
      baseline,
      '--format',
      'json',
      '--quiet',
    ]);
    expect(first.status, first.stderr).toBe(0);
    const open = (JSON.parse(first.stdout) as AuditReport).findings.length;
    expect(open).toBeGreaterThan(0);
    const { status, report } = await auditJson([
      '--template',
      EXAMPLE,
      '--baseline',
      baseline,
      '--fail-on',
      'low',
    ]);
    expect(status).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(open);
    expect(report.suppressed.every((s) => s.by.kind === 'baseline')).toBe(true);
  });

  it('honours a template suppression with a reason, and reports one without', async () => {
    const withReason = join(tmp, 'with-reason.yaml');
    writeFileSync(
      withReason,
      urlTemplate('{id: lambda-function-url-public, reason: "a public webhook, checked in code"}'),
    );
    const a = await auditJson([
      '--template',
      withReason,
      '--rules',
      'lambda-function-url-public,audit-suppression-without-reason',
    ]);
    expect(a.report.findings).toEqual([]);
    expect(a.report.suppressed.map((s) => s.finding.rule)).toEqual(['lambda-function-url-public']);

    const without = join(tmp, 'without-reason.yaml');
    writeFileSync(without, urlTemplate('{id: lambda-function-url-public}'));
    const b = await auditJson([
      '--template',
      without,
      '--rules',
      'lambda-function-url-public,audit-suppression-without-reason',
    ]);
    expect(b.report.findings.map((f) => f.rule)).toEqual(['audit-suppression-without-reason']);
  });

  it('refuses an unknown rule id with a usage error listing the valid ones', async () => {
    const run = await runMain(['audit', '--template', EXAMPLE, '--rules', 'lambda-no-such-rule']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/lambda-no-such-rule/);
    expect(run.stderr).toMatch(/lambda-role-wildcard-action/);
  });

  it('names the template it cannot read', async () => {
    const run = await runMain(['audit', '--template', join(tmp, 'missing.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/missing\.yaml/);
  });

  it('keeps the baseline file it wrote readable as JSON with a version', () => {
    const text = readFileSync(join(tmp, 'baseline.json'), 'utf8');
    expect((JSON.parse(text) as { version: number }).version).toBe(1);
  });
});

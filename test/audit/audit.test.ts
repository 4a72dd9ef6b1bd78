import { describe, expect, it } from 'vitest';
import { audit } from '../../src/actions/audit.js';
import type { AuditRule } from '../../src/audit/audit-rule.js';
import { baselineOf, parseBaseline } from '../../src/audit/baseline.js';
import { lambdaChecklist, type PackedRule } from '../../src/audit/lambda-checklist.js';
import { UsageError, InputError } from '../../src/errors/iamtrim-error.js';
import { auditCatalog } from './audit-catalog.js';
import { estateOf, type EstateFragment } from './estate-fragment.js';

const catalog = { actions: auditCatalog() };

// Two functions sharing a role that allows '*', one with a public URL: findings from several rules.
const fragment: EstateFragment = {
  functions: [
    {
      id: 'Orders',
      name: 'orders',
      role: 'Shared',
      url: { authType: 'NONE', place: { kind: 'file', file: 't.yaml', line: 30 } },
    },
    { id: 'Billing', name: 'billing', role: 'Shared' },
  ],
  roles: [{ id: 'Shared', statements: [{ actions: ['*'], sid: 'Everything' }] }],
};

describe('audit', () => {
  it('reports findings with severity, location and fingerprint, sorted high first, and tallies each rule', () => {
    const report = audit({ estate: estateOf(fragment), catalog });
    expect(report.errors).toEqual([]);
    const rules = report.findings.map((f) => f.rule);
    expect(rules).toContain('lambda-role-wildcard-action');
    expect(rules).toContain('lambda-shared-role');
    expect(rules).toContain('lambda-function-url-public');
    const severities = report.findings.map((f) => f.severity);
    const order = { high: 0, medium: 1, low: 2 };
    expect([...severities].sort((a, b) => order[a] - order[b])).toEqual(severities);
    const star = report.findings.find((f) => f.rule === 'lambda-role-wildcard-action')!;
    expect(star.subject).toEqual({ role: 'Shared', policy: 'inline', statement: 'Everything', action: '*' });
    // The statement's own line (4), not the role's (3).
    expect(star.location).toEqual({ kind: 'file', file: 'template.yaml', line: 4 });
    const summary = report.rules.find((r) => r.id === 'lambda-shared-role')!;
    expect(summary).toMatchObject({ severity: 'medium', findings: 1, compliant: 0, suppressed: 0 });
    expect(report.rules.map((r) => r.id)).toEqual(lambdaChecklist.map((p) => p.rule.id));
  });

  it('keeps two findings with the same subject apart (one log group name in two regions)', () => {
    const estate = estateOf({
      functions: [{ id: 'Fn', name: 'fn', role: 'R' }],
      roles: [{ id: 'R', statements: [] }],
    });
    const twice = {
      ...estate,
      logGroups: [
        { name: '/aws/lambda/fn', place: { kind: 'file' as const, file: 'main.tf', line: 10 } },
        { name: '/aws/lambda/fn', place: { kind: 'file' as const, file: 'main.tf', line: 20 } },
      ],
    };
    const report = audit({ estate: twice, catalog, rules: ['lambda-log-group-no-retention'] });
    expect(report.findings).toHaveLength(2);
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(2);
    // Stable: the same estate gives the same two fingerprints.
    expect(audit({ estate: twice, catalog, rules: ['lambda-log-group-no-retention'] }).findings).toEqual(
      report.findings,
    );
  });

  it('gives the same report for the same estate, and the same fingerprints when lines move', () => {
    const a = audit({ estate: estateOf(fragment), catalog });
    expect(audit({ estate: estateOf(fragment), catalog })).toEqual(a);
    const moved = estateOf({
      ...fragment,
      roles: [
        {
          id: 'Shared',
          statements: [
            { actions: ['*'], sid: 'Everything', place: { kind: 'file', file: 'template.yaml', line: 99 } },
          ],
        },
      ],
    });
    const b = audit({ estate: moved, catalog });
    expect(b.findings.map((f) => f.fingerprint).sort()).toEqual(a.findings.map((f) => f.fingerprint).sort());
    expect(new Set(a.findings.map((f) => f.fingerprint)).size).toBe(a.findings.length);
  });

  it('turns a rule that throws into an error entry and still runs the others', () => {
    const broken: AuditRule = {
      id: 'broken-rule',
      title: 'Broken',
      rationale: '',
      fix: '',
      references: [],
      check: () => {
        throw new Error('cannot read properties of undefined');
      },
    };
    const pack: PackedRule[] = [{ rule: broken, severity: 'high' }, ...lambdaChecklist];
    const report = audit({ estate: estateOf(fragment), catalog, pack });
    expect(report.errors).toEqual([{ rule: 'broken-rule', message: 'cannot read properties of undefined' }]);
    expect(report.findings.some((f) => f.rule === 'lambda-role-wildcard-action')).toBe(true);
    expect(report.rules.map((r) => r.id)).not.toContain('broken-rule');
  });

  describe('rule selection', () => {
    it('runs only --rules, minus --skip, in pack order', () => {
      const report = audit({
        estate: estateOf(fragment),
        catalog,
        rules: ['lambda-shared-role', 'lambda-role-wildcard-action', 'lambda-function-url-public'],
        skip: ['lambda-function-url-public'],
      });
      expect(report.rules.map((r) => r.id)).toEqual(['lambda-role-wildcard-action', 'lambda-shared-role']);
      expect(new Set(report.findings.map((f) => f.rule))).toEqual(
        new Set(['lambda-role-wildcard-action', 'lambda-shared-role']),
      );
    });

    it('refuses an unknown id, listing the valid ones', () => {
      expect(() => audit({ estate: estateOf(fragment), catalog, skip: ['lambda-no-such-rule'] })).toThrow(
        UsageError,
      );
      expect(() => audit({ estate: estateOf(fragment), catalog, rules: ['nope'] })).toThrow(
        /--rules: unknown rule id\(s\) nope; valid ids: lambda-role-wildcard-action, .*lambda-tracing-inactive/,
      );
    });
  });

  describe('suppressions', () => {
    const place = { kind: 'file' as const, file: 'template.yaml', line: 5 };

    it('keeps a suppressed finding in the report, counted, with its reason', () => {
      const estate = estateOf({
        ...fragment,
        roles: [
          {
            ...fragment.roles![0]!,
            suppressions: [{ rule: 'lambda-role-wildcard-action', reason: 'break-glass role', place }],
          },
        ],
      });
      const report = audit({ estate, catalog });
      expect(report.findings.map((f) => f.rule)).not.toContain('lambda-role-wildcard-action');
      expect(report.suppressed).toEqual([
        expect.objectContaining({
          finding: expect.objectContaining({ rule: 'lambda-role-wildcard-action' }),
          by: { kind: 'template', reason: 'break-glass role', place },
        }),
      ]);
      expect(report.rules.find((r) => r.id === 'lambda-role-wildcard-action')).toMatchObject({
        findings: 0,
        suppressed: 1,
      });
      expect(report.findings.map((f) => f.rule)).not.toContain('audit-suppression-without-reason');
    });

    it('a suppression without a reason still suppresses, and is itself a finding', () => {
      const estate = estateOf({
        ...fragment,
        functions: [
          { ...fragment.functions![0]!, suppressions: [{ rule: 'lambda-function-url-public', place }] },
          fragment.functions![1]!,
        ],
      });
      const report = audit({ estate, catalog });
      expect(report.suppressed.map((s) => s.finding.rule)).toEqual(['lambda-function-url-public']);
      expect(report.suppressed[0]!.by).toEqual({ kind: 'template', place });
      const bare = report.findings.filter((f) => f.rule === 'audit-suppression-without-reason');
      expect(bare).toEqual([expect.objectContaining({ severity: 'low', location: place })]);
    });

    it('applies to the subject it is written on only', () => {
      const estate = estateOf({
        ...fragment,
        functions: [
          fragment.functions![0]!,
          {
            ...fragment.functions![1]!,
            suppressions: [{ rule: 'lambda-function-url-public', reason: 'x', place }],
          },
        ],
      });
      expect(audit({ estate, catalog }).findings.map((f) => f.rule)).toContain('lambda-function-url-public');
    });

    it('cannot silence the missing-reason rule itself', () => {
      const estate = estateOf({
        ...fragment,
        roles: [
          {
            ...fragment.roles![0]!,
            suppressions: [
              { rule: 'audit-suppression-without-reason', place },
              { rule: 'lambda-shared-role', place },
            ],
          },
        ],
      });
      const report = audit({ estate, catalog });
      expect(report.findings.filter((f) => f.rule === 'audit-suppression-without-reason')).toHaveLength(2);
    });
  });

  describe('baseline', () => {
    it('round-trips: a written baseline accepts every current finding, and a new one stays open', () => {
      const first = audit({ estate: estateOf(fragment), catalog });
      const written = JSON.parse(JSON.stringify(baselineOf(first))) as unknown;
      const baseline = parseBaseline(written, '.iamtrim-baseline.json');
      expect(baseline.findings).toHaveLength(first.findings.length);

      const again = audit({ estate: estateOf(fragment), catalog, baseline });
      expect(again.findings).toEqual([]);
      expect(again.suppressed).toHaveLength(first.findings.length);
      expect(again.suppressed.every((s) => s.by.kind === 'baseline')).toBe(true);
      // Writing it again from the baselined report gives the same file.
      expect(baselineOf(again)).toEqual(baseline);

      const grown = estateOf({
        ...fragment,
        logGroups: [{ name: '/aws/lambda/orders' }],
      });
      const later = audit({ estate: grown, catalog, baseline });
      expect(later.findings.map((f) => f.rule)).toEqual(['lambda-log-group-no-retention']);
    });

    it('refuses a file that is not a baseline, naming it', () => {
      expect(() => parseBaseline([], 'b.json')).toThrow(InputError);
      expect(() => parseBaseline({ version: 2, findings: [] }, 'b.json')).toThrow(
        /^b\.json: unsupported baseline version 2/,
      );
      expect(() => parseBaseline({ version: 1, findings: [{ rule: 'x' }] }, 'b.json')).toThrow(
        /b\.json: findings\[0\] needs a "fingerprint"/,
      );
    });
  });
});

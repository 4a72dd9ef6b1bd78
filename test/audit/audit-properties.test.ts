import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/actions/audit.js';
import { hostileString } from '../support/hostile-strings.js';
import { auditCatalog } from './audit-catalog.js';
import { estateOf, usageOf } from './estate-fragment.js';

const catalog = { actions: auditCatalog() };

// Names and values an attacker controls in a template or a log: prototype keys, hostile text,
// and the shapes rules look for (wildcards, ARNs, service principals).
const text = fc.oneof(
  hostileString,
  fc.constantFrom('__proto__', 'constructor', 'toString', '*', 's3:*', 'iam:PassRole', 'NONE', 'Active'),
  fc.constantFrom(
    'arn:aws:iam::123456789012:role/r',
    's3.amazonaws.com',
    'arn:aws:s3:::b/*',
    'logs:PutLogEvents',
  ),
);
const ids = fc.constantFrom('A', 'B', '__proto__', 'constructor');

const estateArb = fc.record({
  functions: fc.array(
    fc.record({
      id: ids,
      name: fc.option(text, { nil: undefined }),
      role: fc.option(ids, { nil: undefined }),
      roleText: fc.option(text, { nil: undefined }),
      tracing: fc.option(text, { nil: undefined }),
      customLogGroup: fc.option(text, { nil: undefined }),
      invokers: fc.array(text, { maxLength: 2 }),
      permissions: fc.array(
        fc.record({ principal: text, action: text, conditionKeys: fc.array(text, { maxLength: 2 }) }),
        {
          maxLength: 2,
        },
      ),
      suppressions: fc.option(
        fc.array(
          fc.record({
            rule: text,
            reason: fc.option(text, { nil: undefined }),
            place: fc.constant({ kind: 'file' as const, file: 't' }),
          }),
          {
            maxLength: 2,
          },
        ),
        { nil: undefined },
      ),
    }),
    { maxLength: 3 },
  ),
  roles: fc.array(
    fc.record({
      id: ids,
      arn: fc.option(text, { nil: undefined }),
      trustsLambda: fc.option(fc.boolean(), { nil: undefined }),
      statements: fc.array(
        fc.record({
          effect: fc.constantFrom('Allow' as const, 'Deny' as const),
          actionKey: fc.constantFrom('Action' as const, 'NotAction' as const),
          actions: fc.array(text, { maxLength: 3 }),
          resourceKey: fc.constantFrom('Resource' as const, 'NotResource' as const),
          resources: fc.array(text, { maxLength: 2 }),
          hasCondition: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      managedPolicies: fc.array(text, { maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
  logGroups: fc.array(fc.record({ name: text, retentionDays: fc.option(fc.nat(), { nil: undefined }) }), {
    maxLength: 2,
  }),
});

describe('audit over hostile estates', () => {
  it('no rule throws, the tallies add up, and the report is deterministic', () => {
    fc.assert(
      fc.property(estateArb, text, (fragment, caller) => {
        const estate = estateOf(fragment);
        const usage = usageOf({
          dataEventSources: ['lambda.amazonaws.com'],
          principals: [
            {
              arn: caller,
              actions: [{ action: 'lambda:InvokeFunction', resources: [caller], functions: [caller] }],
            },
          ],
        });
        const report = audit({ estate, catalog, usage, removable: [{ role: 'A', actions: [caller] }] });
        expect(report.errors).toEqual([]);
        expect(report.rules.reduce((n, r) => n + r.findings, 0)).toBe(report.findings.length);
        expect(report.rules.reduce((n, r) => n + r.suppressed, 0)).toBe(report.suppressed.length);
        expect(audit({ estate, catalog, usage, removable: [{ role: 'A', actions: [caller] }] })).toEqual(
          report,
        );
      }),
      { numRuns: 150 },
    );
  });
});

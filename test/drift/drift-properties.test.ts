import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { driftRun } from '../../src/actions/drift.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { canonicalJson, hashCanonical } from '../../src/drift/canonical-json.js';
import { grantsAdded } from '../../src/drift/grants-added.js';
import { mustParse } from '../support/evidence.js';
import {
  accountRoleOf,
  daysOf,
  usageOf,
  type CaseCall,
  type CaseRole,
  type DriftCase,
} from './drift-case.js';

const catalog = createCatalog();
const RUNS = Number(process.env.FC_RUNS ?? 40);
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  's3:GetObject',
  's3:PutObject',
  'sqs:SendMessage',
];
const PATTERNS = [...ACTIONS, 'dynamodb:*', 's3:Get*', 'sqs:Send*'];
const RESOURCES = ['*', TABLE, 'arn:aws:s3:::b/*', 'arn:aws:sqs:us-east-1:123456789012:q'];
const FUNCTIONS = ['orders-api', 'billing-job', 'report-fn'];
const ROLES = ['orders-role', 'billing-role'];
const DAYS = ['2026-11-01', '2026-11-10', '2026-11-20', '2026-11-29'];

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
  Action: fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 4 }),
  Resource: fc.constantFrom(...RESOURCES),
});
const policyDoc = fc
  .array(statement, { minLength: 1, maxLength: 3 })
  .map((Statement) => ({ Version: '2012-10-17', Statement }));
const role = (name: string): fc.Arbitrary<CaseRole> =>
  fc.record({
    name: fc.constant(name),
    policies: fc
      .array(policyDoc, { minLength: 0, maxLength: 2 })
      .map((docs) => docs.map((document, i) => ({ kind: 'inline' as const, name: `p${i}`, document }))),
  });
const call: fc.Arbitrary<CaseCall> = fc
  .record({
    role: fc.constantFrom(...ROLES),
    fn: fc.constantFrom(...FUNCTIONS),
    action: fc.constantFrom(...ACTIONS),
    resources: fc.constantFrom([TABLE], ['arn:aws:s3:::b/k'], []),
    on: fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 3 }),
    errorCode: fc.constantFrom(undefined, undefined, 'AccessDenied'),
  })
  .map(({ errorCode, ...c }) => (errorCode ? { ...c, errorCode } : c));

const CHANGE_KINDS = new Set([
  'policy-widened',
  'policy-narrowed',
  'new-action-used',
  'denied-new',
  'role-shared',
]);

/** The same document with every object's keys in reverse order: equal in meaning and hash. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, reverseKeys(x)]),
  );
}

describe('drift properties', () => {
  it('a run right after a run, with no new logs and the same policies, reports no change', () => {
    fc.assert(
      fc.property(role(ROLES[0]!), role(ROLES[1]!), fc.array(call, { maxLength: 8 }), (r1, r2, calls) => {
        const c: DriftCase = {
          description: 'generated',
          runAt: '2026-11-30T06:00:00Z',
          windowDays: 30,
          logs: { from: '2026-11-01', to: '2026-11-30' },
          roles: [r1, r2],
          calls,
          expect: { findings: [] },
        };
        const usage = usageOf(c, calls);
        const base = {
          windowDays: 30,
          catalog,
          coverage: { dataEvents: 'all' as const },
          sources: ['test'],
          ...daysOf(c),
          before: usage,
          after: usage,
          policyChanges: [],
        };
        const first = driftRun({
          ...base,
          runAt: Date.parse('2026-11-30T06:00:00Z'),
          roles: c.roles.map(accountRoleOf),
        });
        // The same roles, written with their keys in another order, and a snapshot that went through JSON.
        const again = driftRun({
          ...base,
          runAt: Date.parse('2026-11-30T07:00:00Z'),
          previous: JSON.parse(JSON.stringify(first.snapshot)),
          roles: c.roles.map((r) => accountRoleOf(reverseKeys(r) as CaseRole)),
        });
        const changes = again.report.findings.filter((f) => CHANGE_KINDS.has(f.rule));
        expect(changes).toEqual([]);
        for (const s of again.report.roles)
          if (s.change) expect([s.change.granted ?? 0, s.change.used]).toEqual([0, 0]);
        expect(again.snapshot.roles.map((r) => r.policiesHash)).toEqual(
          first.snapshot.roles.map((r) => r.policiesHash),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('a policy set adds nothing to itself, and a subset of its statements adds nothing to it', () => {
    fc.assert(
      fc.property(policyDoc, fc.nat(), (doc, cut) => {
        const whole = mustParse(doc);
        const part = mustParse({
          ...doc,
          Statement: doc.Statement.filter((_, i) => i !== cut % doc.Statement.length),
        });
        expect(grantsAdded([whole], [whole], catalog.actions).pairs).toBe(0);
        const added = grantsAdded([whole], [part], catalog.actions);
        expect(added.pairs).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('canonical JSON', () => {
  it('does not depend on key order, and tells different documents apart', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(hashCanonical({ b: 1, a: 2 })).toBe(hashCanonical({ a: 2, b: 1 }));
    expect(hashCanonical({ a: [1, 2] })).not.toBe(hashCanonical({ a: [2, 1] }));
    expect(hashCanonical({ a: '1' })).not.toBe(hashCanonical({ a: 1 }));
  });

  it('keeps a __proto__ key as data', () => {
    const hostile = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as unknown;
    expect(canonicalJson(hostile)).toBe('{"__proto__":{"x":1},"a":1}');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupIdOf, changesSincePlan, hashRolePolicies } from '../../src/actions/apply-plan.js';
import { checkApplyPlan, checkRoleBackup } from '../../src/actions/check-apply-plan.js';
import { planRollback, type RollbackCurrent } from '../../src/actions/rollback.js';
import type { RolePolicies, RolePolicy } from '../../src/aws/read-role-policies.js';
import { batchPairs } from '../../src/aws/simulate-role.js';
import { IamtrimError } from '../../src/errors/iamtrim-error.js';
import type { ApplyPlan, BackedUpAttachment, RoleBackup } from '../../src/model/apply-plan.js';
import { loadCases } from '../support/case-loader.js';

/** A rollback case: a backup, the role as it is now, and the steps expected (kind and what they name). */
interface RollbackCase {
  backup: { inline: RoleBackup['inline']; attached: BackedUpAttachment[]; creates: string[] };
  current: {
    inline: Record<string, unknown>;
    /** Attached ARN → its default version now. */
    attached: Record<string, string>;
    existingCreated: string[];
  };
  expect: Record<string, unknown>[];
}

const ROLE_ARN = 'arn:aws:iam::1:role/r';

function backupOf(b: RollbackCase['backup']): RoleBackup {
  return {
    version: 1,
    id: 'r/20261206T100000000Z',
    roleName: 'r',
    roleArn: ROLE_ARN,
    takenAt: '2026-12-06T10:00:00.000Z',
    boundary: undefined,
    ...b,
  };
}

function roleOf(inline: Record<string, unknown>, attached: Record<string, string>): RolePolicies {
  const policies: RolePolicy[] = [
    ...Object.entries(inline).map(([name, document]) => ({
      kind: 'inline' as const,
      name,
      arn: undefined,
      versionId: undefined,
      document,
    })),
    ...Object.entries(attached).map(([arn, versionId]) => ({
      kind: arn.includes(':iam::aws:') ? ('aws-managed' as const) : ('customer-managed' as const),
      name: arn.slice(arn.lastIndexOf('/') + 1),
      arn,
      versionId,
      document: {},
    })),
  ];
  return {
    roleName: 'r',
    roleArn: ROLE_ARN,
    path: '/',
    partition: 'aws',
    account: '1',
    policies,
    boundary: undefined,
  };
}

function currentOf(c: RollbackCase['current']): RollbackCurrent {
  return {
    role: roleOf(c.inline, c.attached),
    defaults: new Map(Object.entries(c.attached)),
    existingCreated: c.existingCreated,
  };
}

describe('planRollback (test/cases/rollback)', () => {
  for (const c of loadCases<RollbackCase>('rollback')) {
    it(`${c.file}: ${c.description}`, () => {
      const steps = planRollback(backupOf(c.data.backup), currentOf(c.data.current));
      expect(steps).toHaveLength(c.data.expect.length);
      c.data.expect.forEach((e, i) => expect(steps[i]).toMatchObject(e));
    });
  }
});

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const doc = fc.record({
  Version: fc.constant('2012-10-17'),
  Statement: fc.array(
    fc.record({
      Effect: fc.constant('Allow'),
      Action: fc.constantFrom('s3:GetObject', 'sqs:*'),
      Resource: fc.constant('*'),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

describe('planRollback properties', () => {
  it('a role equal to its backup needs no step (rollback twice = once)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, doc, { maxKeys: 3 }),
        fc.dictionary(name, fc.constantFrom('v1', 'v2', 'v7'), { maxKeys: 3 }),
        (inline, attached) => {
          const backup = backupOf({
            inline: Object.entries(inline).map(([n, document]) => ({ name: n, document })),
            attached: Object.entries(attached).map(([n, v]) => ({
              arn: `arn:aws:iam::1:policy/${n}`,
              kind: 'customer-managed',
              defaultVersionId: v,
              document: {},
            })),
            creates: ['arn:aws:iam::1:policy/x-iamtrim'],
          });
          const arns = Object.fromEntries(
            Object.entries(attached).map(([n, v]) => [`arn:aws:iam::1:policy/${n}`, v]),
          );
          expect(planRollback(backup, currentOf({ inline, attached: arns, existingCreated: [] }))).toEqual(
            [],
          );
        },
      ),
    );
  });
});

describe('apply plan helpers', () => {
  const role = roleOf({ api: { Version: '2012-10-17', Statement: [] } }, { 'arn:aws:iam::1:policy/p': 'v2' });
  const plan = (hashes = hashRolePolicies(role)): ApplyPlan => ({
    version: 1,
    roleName: 'r',
    roleArn: ROLE_ARN,
    createdAt: '2026-12-06T10:00:00.000Z',
    hashes,
    changes: [],
    observed: [],
    sample: { partition: 'aws', region: 'us-east-1', account: '1' },
  });

  it('names every policy edited, added or removed since the plan', () => {
    expect(changesSincePlan(plan(), role)).toEqual([]);
    const edited = roleOf(
      { api: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] } },
      { 'arn:aws:iam::1:policy/p': 'v3', 'arn:aws:iam::1:policy/q': 'v1' },
    );
    expect(changesSincePlan(plan(), edited).sort()).toEqual([
      'arn:aws:iam::1:policy/p was edited',
      'arn:aws:iam::1:policy/q was added',
      'inline:api was edited',
    ]);
    expect(changesSincePlan(plan(), roleOf({}, {})).sort()).toEqual([
      'arn:aws:iam::1:policy/p was removed',
      'inline:api was removed',
    ]);
  });

  it('makes backup ids that are store keys, whatever IAM allows in a role name', () => {
    expect(backupIdOf('a+b=c,d@e.f_g-h', new Date('2026-12-06T10:00:00.123Z'))).toBe(
      'a_b_c_d_e.f_g-h/20261206T100000123Z',
    );
  });

  it('refuses a hostile or broken plan file, naming the file', () => {
    const bad: [unknown, RegExp][] = [
      [[], /expected a JSON object/],
      [{ ...plan(), version: 2 }, /plan version 2/],
      [{ ...plan(), changes: [{ kind: 'rm -rf' }] }, /unknown change kind/],
      [
        { ...plan(), changes: [{ kind: 'put-inline', name: 'x', before: {}, after: 'text' }] },
        /after must be a policy document/,
      ],
      [JSON.parse('{"__proto__": {"roleName": "x"}, "version": 1}'), /must be/],
    ];
    for (const [value, message] of bad) {
      expect(() => checkApplyPlan(value, 'plan.json')).toThrow(message);
      try {
        checkApplyPlan(value, 'plan.json');
      } catch (err) {
        expect(err).toBeInstanceOf(IamtrimError);
        expect(String((err as Error).message) + JSON.stringify(err)).toContain('plan.json');
      }
    }
    expect(checkApplyPlan(JSON.parse(JSON.stringify(plan())), 'plan.json')).toEqual(plan());
  });

  it('refuses a backup of another shape', () => {
    expect(() => checkRoleBackup({ version: 1, id: 'x' }, 'b.json')).toThrow(/roleName must be a string/);
    expect(() =>
      checkRoleBackup(
        {
          ...backupOf({ inline: [], attached: [], creates: [] }),
          attached: [{ arn: 'a', kind: 'group', defaultVersionId: 'v1', document: {} }],
        },
        'b.json',
      ),
    ).toThrow(/attachment kind "group"/);
  });
});

describe('batchPairs', () => {
  it('puts actions that share their resources into one call, and every pair into some call', () => {
    const pairs = [
      { action: 'dynamodb:GetItem', resource: 'arn:t1' },
      { action: 'dynamodb:PutItem', resource: 'arn:t1' },
      { action: 'kms:Decrypt', resource: 'arn:k' },
      ...Array.from({ length: 45 }, (_, i) => ({ action: 'logs:CreateLogStream', resource: `arn:s${i}` })),
    ];
    const batches = batchPairs(pairs);
    expect(batches).toContainEqual({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      resources: ['arn:t1'],
    });
    // 45 resources in calls of at most 20.
    expect(batches.filter((b) => b.actions.includes('logs:CreateLogStream'))).toHaveLength(3);
    const covered = new Set(
      batches.flatMap((b) => b.actions.flatMap((a) => b.resources.map((r) => `${a} ${r}`))),
    );
    for (const p of pairs) expect(covered.has(`${p.action} ${p.resource}`)).toBe(true);
    expect(batches.length).toBeLessThan(pairs.length);
  });
});

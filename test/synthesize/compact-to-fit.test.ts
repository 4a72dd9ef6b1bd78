import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import type { PolicyDocumentJson, StatementJson } from '../../src/policy/policy-json.js';
import { compactPolicy } from '../../src/synthesize/compact-to-fit.js';
import { splitPolicies } from '../../src/synthesize/split-policy.js';
import { MANAGED_POLICY_LIMIT, policySize } from '../../src/verify/iam-limits.js';
import { assertSameGrants } from '../../src/verify/same-grants.js';
import { verifyTightening } from '../../src/verify/verify-tightening.js';
import { loadCases } from '../support/case-loader.js';
import { mustParse } from '../support/evidence.js';

const catalog = createEventCatalog().actions;
const sample = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

type LimitsCase =
  | {
      kind: 'compact';
      original: PolicyDocumentJson | 'list-kept';
      kept: { services: string[]; except: string[]; statements: number };
      expect: {
        sizeBefore?: { over: number };
        sizeAfter?: { atMost: number };
        statements?: number;
        noWildcards?: boolean;
      };
    }
  | {
      kind: 'split';
      policy: PolicyDocumentJson;
      expect: { parts?: { atLeast: number; atMost: number }; names?: string; tooBig?: boolean };
    }
  | { kind: 'size' | 'check' };

/** Every catalog action of the services, minus the exceptions (as a tightening would keep them). */
function keptActions(services: string[], except: string[]): string[] {
  const out = new Set(except.map((e) => e.toLowerCase()));
  return services
    .flatMap((s) => catalog.actionsOfService(s).map((a) => a.action))
    .filter((a) => !out.has(a.toLowerCase()));
}

/** "@all:svc,svc" in a case stands for every catalog action of those services. */
function expandCase(doc: PolicyDocumentJson): PolicyDocumentJson {
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return {
    ...doc,
    Statement: list.map((s): StatementJson => {
      const a = s.Action;
      return typeof a === 'string' && a.startsWith('@all:')
        ? { ...s, Action: keptActions(a.slice(5).split(','), []) }
        : s;
    }),
  };
}

/** An oracle independent of src/: IAM's glob, case-insensitive. */
function globMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

function actionsOf(doc: PolicyDocumentJson): string[] {
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return list.flatMap((s) =>
    s.Action === undefined ? [] : typeof s.Action === 'string' ? [s.Action] : s.Action,
  );
}

describe('compactPolicy and splitPolicies (test/cases/limits)', () => {
  for (const c of loadCases<LimitsCase>('limits')) {
    const data = c.data;
    if (data.kind === 'compact') {
      it(`${c.file}: ${c.description}`, () => {
        const kept = keptActions(data.kept.services, data.kept.except);
        const per = Math.ceil(kept.length / data.kept.statements);
        const before: PolicyDocumentJson = {
          Version: '2012-10-17',
          Statement: Array.from({ length: data.kept.statements }, (_, i) => ({
            Effect: 'Allow' as const,
            Action: kept.slice(i * per, (i + 1) * per),
            Resource: '*',
          })),
        };
        const original =
          data.original === 'list-kept'
            ? {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow' as const, Action: kept, Resource: '*' }],
              }
            : data.original;
        if (data.expect.sizeBefore) expect(policySize(before)).toBeGreaterThan(data.expect.sizeBefore.over);
        const after = compactPolicy(before, mustParse(original), catalog);
        if (data.expect.sizeAfter)
          expect(policySize(after)).toBeLessThanOrEqual(data.expect.sizeAfter.atMost);
        if (data.expect.statements !== undefined)
          expect([after.Statement].flat()).toHaveLength(data.expect.statements);
        if (data.expect.noWildcards) expect(actionsOf(after).filter((a) => a.includes('*'))).toEqual([]);
        // No entry is one another wildcard of the list already matches (`kms:Verify` beside `kms:Verify*`).
        const written = actionsOf(after);
        for (const a of written.filter((x) => !x.includes('*')))
          expect(written.filter((w) => w.includes('*') && globMatches(w, a))).toEqual([]);
        // Same meaning as the uncompacted list, and inside the original grant.
        for (const removed of data.kept.except)
          expect(actionsOf(after).some((p) => globMatches(p, removed))).toBe(false);
        assertSameGrants([mustParse(before)], [mustParse(after)], catalog, 'test');
        verifyTightening({
          before: [mustParse(original)],
          after: [mustParse(after)],
          used: [],
          catalog,
          sample,
        });
      });
    }
    if (data.kind === 'split') {
      it(`${c.file}: ${c.description}`, () => {
        const whole = expandCase(data.policy);
        const outcome = splitPolicies([{ source: 'some/dir/policy.json', doc: whole }]);
        if (data.expect.tooBig) {
          expect(outcome.kind).toBe('too-big');
          return;
        }
        if (outcome.kind !== 'split') throw new Error(`expected a split: ${outcome.reason}`);
        const { parts } = outcome;
        expect(parts.length).toBeGreaterThanOrEqual(data.expect.parts?.atLeast ?? 1);
        expect(parts.length).toBeLessThanOrEqual(data.expect.parts?.atMost ?? 10);
        parts.forEach((p, i) => {
          expect(policySize(p.policy)).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
          expect(p.name).toBe(`${data.expect.names ?? 'policy-'}${i + 1}`);
        });
        const parsed = parts.map((p) => mustParse(p.policy, p.name));
        assertSameGrants([mustParse(whole)], parsed, catalog, 'test');
        verifyTightening({ before: [mustParse(whole)], after: parsed, used: [], catalog, sample });
      });
    }
  }
});

describe('compactPolicy never widens', () => {
  const service = fc.constantFrom('kms', 'sns', 'sqs', 'secretsmanager', 'states');
  it('over random kept/removed splits of a service, grants exactly the kept actions, inside the original', () => {
    fc.assert(
      fc.property(
        service,
        fc.infiniteStream(fc.boolean()),
        fc.constantFrom('service', 'prefixes', 'list'),
        (svc, coin, originalShape) => {
          const all = catalog.actionsOfService(svc).map((a) => a.action);
          const original =
            originalShape === 'service'
              ? [`${svc}:*`]
              : originalShape === 'prefixes'
                ? [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`, `${svc}:Create*`]
                : all;
          const grantable = all.filter((a) => original.some((p) => globMatches(p, a)));
          const flips = coin[Symbol.iterator]();
          const kept = grantable.filter(() => flips.next().value as boolean);
          fc.pre(kept.length >= 2);
          const before: PolicyDocumentJson = {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: kept, Resource: '*' }],
          };
          const originalDoc: PolicyDocumentJson = {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: original, Resource: '*' }],
          };
          const after = actionsOf(compactPolicy(before, mustParse(originalDoc), catalog));
          for (const a of all) expect(after.some((p) => globMatches(p, a))).toBe(kept.includes(a));
          // Every written pattern stays inside an original pattern (so later actions are not granted).
          for (const p of after.filter((x) => x.includes('*')))
            expect(
              original.some(
                (o) =>
                  o === `${svc}:*` ||
                  (o.endsWith('*') && p.toLowerCase().startsWith(o.slice(0, -1).toLowerCase())),
              ),
            ).toBe(true);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  });

  it('keeps Deny statements and does not merge them', () => {
    const doc: PolicyDocumentJson = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
        { Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' },
        { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage'],
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    };
    expect(compactPolicy(doc, mustParse(doc), catalog).Statement).toEqual(doc.Statement);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observability } from '../../src/catalog/observability.js';
import { applyJsonPatch, toJsonPatch } from '../../src/diff/json-patch.js';
import { diffPolicies } from '../../src/diff/policy-diff.js';
import type { PolicyDocumentJson, StatementJson } from '../../src/policy/policy-json.js';
import { tightenPolicy } from '../../src/synthesize/tighten-policy.js';
import { verifyTightening } from '../../src/verify/verify-tightening.js';
import { caseObservability, smallCatalog } from '../support/small-catalog.js';
import { evidenceOf, mustParse } from '../support/evidence.js';

// Random policies and usage over the small catalog, checked against an oracle written
// here independently of src/: a plain glob evaluator that treats each Condition as a
// switch that is either on or off.

const catalog = smallCatalog();
// More runs for a deeper search: FC_RUNS=5000 npx vitest run test/synthesize/tighten-properties.test.ts
const RUNS = Number(process.env.FC_RUNS ?? 150);
const ACTIONS = catalog.services().flatMap((s) => catalog.actionsOfService(s).map((a) => a.action));
const B = 'arn:aws:s3:::b';
const T = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const RESOURCES: Record<string, string[]> = {
  bucket: [B, 'arn:aws:s3:::other'],
  object: [`${B}/2026/a.json`, `${B}/2026/b.json`, `${B}/2027/c.json`, 'arn:aws:s3:::other/x'],
  table: [T, 'arn:aws:dynamodb:us-east-1:123456789012:table/Audit'],
  index: [`${T}/index/ByCustomer`],
  queue: ['arn:aws:sqs:us-east-1:123456789012:orders'],
  'log-group': ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn'],
  'log-stream': ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:log-stream:s1'],
  key: ['arn:aws:kms:us-east-1:123456789012:key/k1', 'arn:aws:kms:us-east-1:123456789012:key/k2'],
  Secret: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'],
  // Short-lived IDs generalise to snapshot/*, which must fall back inside a narrower grant.
  snapshot: ['arn:aws:ec2:us-east-1::snapshot/snap-1', 'arn:aws:ec2:us-east-1::snapshot/snap-2'],
};
const ALL_RESOURCES = [...new Set(Object.values(RESOURCES).flat()), '*'];
const CONDITIONS = [
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
];

const actionPattern = fc.oneof(
  fc.constantFrom(...ACTIONS),
  fc.constantFrom('s3:*', 'dynamodb:Get*', 'sqs:*', 'kms:*', 'logs:*', '*', 'dynamodb:*Item', 's3:?etObject'),
);
const resourcePattern = fc.constantFrom(
  '*',
  B,
  `${B}/*`,
  `${B}/2026/*`,
  T,
  `${T}*`,
  'arn:aws:sqs:*',
  'arn:aws:kms:us-east-1:123456789012:key/*',
  ...ALL_RESOURCES.slice(0, 6),
);
const statementArb: fc.Arbitrary<StatementJson> = fc
  .record({
    deny: fc.boolean().map((b) => b && Math.random() < 2), // shrinkable flag
    denyWeight: fc.integer({ min: 0, max: 5 }),
    notAction: fc.integer({ min: 0, max: 6 }),
    notResource: fc.integer({ min: 0, max: 8 }),
    actions: fc.uniqueArray(actionPattern, { minLength: 1, maxLength: 4 }),
    resources: fc.uniqueArray(resourcePattern, { minLength: 1, maxLength: 3 }),
    condition: fc.integer({ min: -2, max: 1 }),
  })
  .map((r) => ({
    Effect: r.deny && r.denyWeight === 0 ? 'Deny' : 'Allow',
    ...(r.notAction === 0
      ? { NotAction: r.actions }
      : { Action: r.actions.length === 1 ? (r.actions[0] as string) : r.actions }),
    ...(r.notResource === 0
      ? { NotResource: r.resources }
      : { Resource: r.resources.length === 1 ? (r.resources[0] as string) : r.resources }),
    ...(r.condition >= 0 ? { Condition: CONDITIONS[r.condition] } : {}),
  })) as fc.Arbitrary<StatementJson>;
const policyArb: fc.Arbitrary<PolicyDocumentJson> = fc
  .array(statementArb, { minLength: 1, maxLength: 4 })
  .map((st) => ({ Version: '2012-10-17', Statement: st.map((s, i) => ({ Sid: `S${i}`, ...s })) }));

const usedArb = fc
  .uniqueArray(
    fc.record({
      action: fc.constantFrom(...ACTIONS),
      pick: fc.array(fc.nat(), { maxLength: 3 }),
      unresolved: fc.integer({ min: 0, max: 6 }),
    }),
    { selector: (u) => u.action, maxLength: 8 },
  )
  .map((list) =>
    list.map((u) => {
      const types = catalog.action(u.action)?.resourceTypes.map((t) => t.name) ?? [];
      const pool = types.flatMap((t) => RESOURCES[t] ?? []);
      const resources = pool.length ? [...new Set(u.pick.map((i) => pool[i % pool.length] as string))] : [];
      return { action: u.action, resources, ...(u.unresolved === 0 && pool.length ? { unresolved: 1 } : {}) };
    }),
  );
const observabilityArb = fc.dictionary(
  fc.constantFrom(...ACTIONS),
  fc.constantFrom<Observability['kind']>('management', 'data', 'not-logged', 'unknown', 'permission-only'),
);
const dataServicesArb = fc.subarray(['s3', 'dynamodb', 'sqs', 'kms', 'logs']);

// ---- the oracle ----
function globToRegExp(p: string, ignoreCase: boolean): RegExp {
  let src = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '$' && p[i + 1] === '{') {
      const end = p.indexOf('}', i);
      src += '(?!)'; // a variable never matches for sure
      i = end;
    } else if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else src += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, ignoreCase ? 'i' : '');
}
const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;
function applies(s: StatementJson, action: string, resource: string, on: boolean[]): boolean {
  if (
    s.Condition !== undefined &&
    !on[CONDITIONS.findIndex((c) => JSON.stringify(c) === JSON.stringify(s.Condition))]
  )
    return false;
  const a =
    s.Action !== undefined
      ? list(s.Action).some((p) => globToRegExp(p, true).test(action))
      : !list(s.NotAction).some((p) => globToRegExp(p, true).test(action));
  const r =
    s.Resource !== undefined
      ? list(s.Resource).some((p) => globToRegExp(p, false).test(resource))
      : !list(s.NotResource).some((p) => globToRegExp(p, false).test(resource));
  return a && r;
}
function allowed(doc: PolicyDocumentJson, action: string, resource: string, on: boolean[]): boolean {
  const st = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (st.some((s) => s.Effect === 'Deny' && applies(s, action, resource, on))) return false;
  return st.some((s) => s.Effect === 'Allow' && applies(s, action, resource, on));
}
/**
 * The resources a real request for this action can name: ARNs of its resource types, or
 * "*" for an action that supports only "*". (IAM never evaluates s3:GetObject against a
 * table ARN, so such pairs say nothing about access.)
 */
function requestResources(action: string): string[] {
  const types = catalog.action(action)?.resourceTypes.map((t) => t.name) ?? [];
  return types.length === 0 ? ['*'] : types.flatMap((t) => RESOURCES[t] ?? []);
}

const CONTEXTS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

function run(
  policy: PolicyDocumentJson,
  used: ReturnType<typeof evidenceOf> extends infer E ? E : never,
  obs: Record<string, Observability['kind']>,
) {
  return tightenPolicy(
    mustParse(policy),
    used,
    { catalog, observability: caseObservability(obs) },
    { generalize: { threshold: 2 } },
  );
}

describe('tightening properties (fast-check)', { timeout: 600_000 }, () => {
  it('never widens: nothing the new policy allows was refused by the old one, in any condition context', () => {
    fc.assert(
      fc.property(policyArb, usedArb, observabilityArb, dataServicesArb, (policy, used, obs, data) => {
        const after = run(policy, evidenceOf({ used, dataEventServices: data }), obs).after;
        for (const on of CONTEXTS) {
          for (const a of ACTIONS) {
            for (const r of requestResources(a)) {
              if (allowed(after, a, r, on)) expect(allowed(policy, a, r, on), `${a} on ${r}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('covers the usage: every observed call the old policy allowed is still allowed', () => {
    fc.assert(
      fc.property(policyArb, usedArb, observabilityArb, dataServicesArb, (policy, used, obs, data) => {
        const after = run(policy, evidenceOf({ used, dataEventServices: data }), obs).after;
        for (const on of CONTEXTS) {
          for (const u of used) {
            const targets = u.resources.length ? u.resources : ['*'];
            // Unresolved use may have touched anything the old policy allowed.
            const all = u.unresolved ? ALL_RESOURCES : targets;
            for (const r of all) {
              if (allowed(policy, u.action, r, on))
                expect(allowed(after, u.action, r, on), `${u.action} on ${r}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('passes the project’s own proof', () => {
    fc.assert(
      fc.property(policyArb, usedArb, observabilityArb, dataServicesArb, (policy, used, obs, data) => {
        const evidence = evidenceOf({ used, dataEventServices: data });
        const after = run(policy, evidence, obs).after;
        verifyTightening({
          before: [mustParse(policy)],
          after: [mustParse(after)],
          used: [...evidence.used.values()],
          catalog,
          sample: { partition: 'aws', region: 'us-east-1', account: '123456789012' },
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('the JSON Patch turns the old document into the new one', () => {
    fc.assert(
      fc.property(policyArb, usedArb, observabilityArb, (policy, used, obs) => {
        const { before, after } = run(policy, evidenceOf({ used }), obs);
        expect(applyJsonPatch(before, toJsonPatch(before, after))).toEqual(after);
      }),
      { numRuns: RUNS },
    );
  });

  it('tightening twice gives the same policy as tightening once', () => {
    fc.assert(
      fc.property(policyArb, usedArb, observabilityArb, dataServicesArb, (policy, used, obs, data) => {
        const evidence = evidenceOf({ used, dataEventServices: data });
        const once = run(policy, evidence, obs).after;
        const twice = run(once, evidence, obs).after;
        expect(twice).toEqual(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('diff(p, p) is empty', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const p = mustParse(policy);
        expect(diffPolicies(p, p).empty).toBe(true);
      }),
    );
  });
});

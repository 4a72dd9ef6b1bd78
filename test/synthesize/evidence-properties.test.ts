import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObservabilityCatalog } from '../../src/catalog/observability.js';
import { workOutCoverage } from '../../src/coverage/input-coverage.js';
import type { TrailConfigJson } from '../../src/coverage/trail-config.js';
import type { PolicyDocumentJson, StatementJson } from '../../src/policy/policy-json.js';
import type { RoleEvidence } from '../../src/synthesize/role-evidence.js';
import { tightenPolicy } from '../../src/synthesize/tighten-policy.js';
import { evidenceOf, mustParse } from '../support/evidence.js';
import { allowedIn, ORACLE_CONDITIONS, ORACLE_CONTEXTS } from '../support/policy-oracle.js';
import { smallCatalog } from '../support/small-catalog.js';

// The rules of evidence as properties, judged by the independent oracle:
// - an action is removed (or narrowed away) from a resource only where CloudTrail, as the
//   trail's selectors say, would have recorded its use there;
// - what Lambda needs through the role is never narrowed and never removed.

const catalog = smallCatalog();
const RUNS = Number(process.env.FC_RUNS ?? 150);
const ACTIONS = catalog.services().flatMap((s) => catalog.actionsOfService(s).map((a) => a.action));
const OBJECTS = [
  'arn:aws:s3:::b/2026/a.json',
  'arn:aws:s3:::b/2027/c.json',
  'arn:aws:s3:::other/x',
  'arn:aws:s3:::logs/y',
];
const RESOURCES: Record<string, string[]> = {
  bucket: ['arn:aws:s3:::b', 'arn:aws:s3:::other'],
  object: OBJECTS,
  table: ['arn:aws:dynamodb:us-east-1:123456789012:table/Orders'],
  queue: ['arn:aws:sqs:us-east-1:123456789012:orders', 'arn:aws:sqs:us-east-1:123456789012:dlq'],
  'log-group': ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn'],
  'log-stream': ['arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:log-stream:s1'],
  key: ['arn:aws:kms:us-east-1:123456789012:key/k1'],
};
const requestResources = (action: string): string[] => {
  const types = catalog.action(action)?.resourceTypes.map((t) => t.name) ?? [];
  return types.length === 0 ? ['*'] : types.flatMap((t) => RESOURCES[t] ?? []);
};

// S3 object actions are data events of AWS::S3::Object, SQS actions data events of
// AWS::SQS::Queue, logs:PutLogEvents is never logged, the rest are management events.
const observability: ObservabilityCatalog = {
  neededBy: () => [],
  observability(action) {
    const a = action.toLowerCase();
    if (a === 'logs:putlogevents') return { kind: 'not-logged', source: 'test' };
    if (a.startsWith('sqs:')) return { kind: 'data', resourceType: 'AWS::SQS::Queue' };
    const objectAction = catalog.action(action)?.resourceTypes.some((t) => t.name === 'object');
    if (a.startsWith('s3:') && objectAction) return { kind: 'data', resourceType: 'AWS::S3::Object' };
    return { kind: 'management' };
  },
};

const PREFIXES = ['arn:aws:s3:::b/', 'arn:aws:s3:::b/2026/', 'arn:aws:s3:::other/', 'arn:aws:s3'];
const trailArb: fc.Arbitrary<TrailConfigJson> = fc
  .record({
    s3: fc.subarray(PREFIXES),
    sqs: fc.boolean(),
    readWrite: fc.constantFrom('All', 'ReadOnly', 'WriteOnly'),
  })
  .map((t) => ({
    EventSelectors: [
      {
        ReadWriteType: t.readWrite as 'All',
        IncludeManagementEvents: true,
        DataResources: [
          ...(t.s3.length ? [{ Type: 'AWS::S3::Object', Values: t.s3 }] : []),
          ...(t.sqs ? [{ Type: 'AWS::SQS::Queue', Values: ['arn:aws:sqs'] }] : []),
        ],
      },
    ],
  }));

const statementArb: fc.Arbitrary<StatementJson> = fc
  .record({
    actions: fc.uniqueArray(
      fc.oneof(fc.constantFrom(...ACTIONS), fc.constantFrom('s3:*', 'sqs:*', 'logs:*', '*', 's3:Get*')),
      { minLength: 1, maxLength: 4 },
    ),
    resources: fc.uniqueArray(
      fc.constantFrom(
        '*',
        'arn:aws:s3:::b/*',
        'arn:aws:s3:::b/2026/*',
        'arn:aws:s3:::*',
        'arn:aws:sqs:*',
        ...OBJECTS,
      ),
      { minLength: 1, maxLength: 3 },
    ),
    condition: fc.integer({ min: -2, max: 1 }),
  })
  .map((r) => ({
    Effect: 'Allow',
    Action: r.actions,
    Resource: r.resources,
    ...(r.condition >= 0 ? { Condition: ORACLE_CONDITIONS[r.condition] } : {}),
  })) as fc.Arbitrary<StatementJson>;
const policyArb: fc.Arbitrary<PolicyDocumentJson> = fc
  .array(statementArb, { minLength: 1, maxLength: 3 })
  .map((st) => ({ Version: '2012-10-17', Statement: st.map((s, i) => ({ Sid: `S${i}`, ...s })) }));
const usedArb = fc
  .uniqueArray(
    fc.record({ action: fc.constantFrom(...ACTIONS), pick: fc.array(fc.nat(), { maxLength: 2 }) }),
    {
      selector: (u) => u.action,
      maxLength: 6,
    },
  )
  .map((list) =>
    list.map((u) => {
      const pool = requestResources(u.action).filter((r) => r !== '*');
      return {
        action: u.action,
        resources: pool.length ? [...new Set(u.pick.map((i) => pool[i % pool.length] as string))] : [],
      };
    }),
  );

/** Would the trail have recorded a call of this action on this resource? (The oracle's own reading.) */
function recorded(action: string, resource: string, trail: TrailConfigJson): boolean {
  const o = observability.observability(action);
  if (o.kind === 'management') return true;
  if (o.kind !== 'data') return false;
  const sel = trail.EventSelectors?.[0];
  const level = catalog.action(action)?.accessLevel;
  const read = level === 'Read' || level === 'List';
  const rw = sel?.ReadWriteType ?? 'All';
  if ((rw === 'ReadOnly' && !read) || (rw === 'WriteOnly' && read)) return false;
  return (sel?.DataResources ?? []).some(
    (d) =>
      d.Type === o.resourceType &&
      (d.Values ?? []).some((v) => v === 'arn:aws:s3' || v === 'arn:aws:sqs' || resource.startsWith(v)),
  );
}

function evidence(
  used: { action: string; resources: string[] }[],
  trail: TrailConfigJson,
  lambdaNeeds: string[] = [],
): RoleEvidence {
  const base = evidenceOf({ used });
  return {
    ...base,
    lambdaRole: lambdaNeeds.length > 0,
    lambdaNeeds: lambdaNeeds.map((action) => ({ action, purpose: 'a test need' })),
    coverage: workOutCoverage(
      {
        window: base.coverage.window,
        days: 30,
        events: 1000,
        regions: ['us-east-1'],
        dataEventServices: [],
      },
      { trails: [trail] },
    ),
  };
}

describe('rules of evidence (fast-check)', { timeout: 600_000 }, () => {
  it('never takes an action away from a resource where its use would not have been recorded', () => {
    fc.assert(
      fc.property(policyArb, usedArb, trailArb, (policy, used, trail) => {
        const after = tightenPolicy(mustParse(policy), evidence(used, trail), {
          catalog,
          observability,
        }).after;
        for (const on of ORACLE_CONTEXTS)
          for (const a of ACTIONS)
            for (const r of requestResources(a)) {
              if (!allowedIn(policy, a, r, on) || recorded(a, r, trail)) continue;
              expect(allowedIn(after, a, r, on), `${a} on ${r} was not recorded, yet removed`).toBe(true);
            }
      }),
      { numRuns: RUNS },
    );
  });

  it('never narrows or removes what Lambda needs through the role', () => {
    fc.assert(
      fc.property(
        policyArb,
        usedArb,
        trailArb,
        fc.subarray(ACTIONS, { minLength: 1, maxLength: 5 }),
        (policy, used, trail, needs) => {
          const after = tightenPolicy(mustParse(policy), evidence(used, trail, needs), {
            catalog,
            observability,
          }).after;
          for (const on of ORACLE_CONTEXTS)
            for (const a of needs)
              for (const r of requestResources(a))
                if (allowedIn(policy, a, r, on))
                  expect(allowedIn(after, a, r, on), `Lambda's need ${a} on ${r} was taken away`).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

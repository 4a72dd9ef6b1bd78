import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../src/errors/iamtrim-error.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { Policy } from '../../src/policy/policy.js';
import type { ActionReport } from '../../src/usage/usage-report.js';
import { verifyTightening, type VerifyReport } from '../../src/verify/verify-tightening.js';
import { loadCases } from '../support/case-loader.js';
import { smallCatalog } from '../support/small-catalog.js';

/**
 * A proof case: the policies before and after (one document or a list of them), the
 * successful use observed, and whether the evaluator must accept the change or reject
 * it with a message naming what is wrong.
 */
interface VerifyCase {
  before: unknown;
  after: unknown;
  used: { action: string; resources: string[]; unresolved?: number }[];
  expect: { ok: true } | { ok: false; messageIncludes: string | string[] };
}

const catalog = smallCatalog();
const sample = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

function policies(docs: unknown, label: string): Policy[] {
  return (Array.isArray(docs) ? docs : [docs]).map((doc, i) => {
    const parsed = parsePolicy(doc, `${label}[${i}]`);
    if (parsed.kind === 'invalid') throw new Error(`${label}[${i}]: ${JSON.stringify(parsed.problems)}`);
    return parsed.policy;
  });
}

function usedReports(used: VerifyCase['used']): ActionReport[] {
  return used.map((u) => ({
    action: u.action,
    count: 1,
    firstSeen: '2026-10-01T00:00:00.000Z',
    lastSeen: '2026-10-30T00:00:00.000Z',
    resources: u.resources,
    functions: ['fn'],
    ...(u.unresolved ? { unresolved: u.unresolved } : {}),
  }));
}

function verify(before: unknown, after: unknown, used: VerifyCase['used']): VerifyReport {
  return verifyTightening({
    before: policies(before, 'before'),
    after: policies(after, 'after'),
    used: usedReports(used),
    catalog,
    sample,
  });
}

/** The error `run` throws, or undefined. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('verifyTightening (test/cases/verify)', () => {
  for (const c of loadCases<VerifyCase>('verify')) {
    it(`${c.file}: ${c.description}`, () => {
      const run = (): VerifyReport => verify(c.data.before, c.data.after, c.data.used);
      const want = c.data.expect;
      if (want.ok) {
        expect(run).not.toThrow();
        return;
      }
      const error = thrownBy(run);
      expect(error, 'the evaluator let this change through').toBeInstanceOf(InvariantError);
      const message = (error as Error).message;
      for (const part of typeof want.messageIncludes === 'string'
        ? [want.messageIncludes]
        : want.messageIncludes)
        expect(message, 'the message must name what is wrong').toContain(part);
    });
  }
});

// ---------------------------------------------------------------------------------------
// Properties over small random policies built from the catalog's own names.

const actionArb = fc.constantFrom(
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:Get*',
  'dynamodb:GetItem',
  'dynamodb:*',
  'sqs:SendMessage',
  'xray:PutTraceSegments',
);
const resourceArb = fc.constantFrom(
  '*',
  'arn:aws:s3:::orders/*',
  'arn:aws:s3:::orders',
  'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
  'arn:aws:sqs:us-east-1:123456789012:orders-queue',
  'arn:aws:s3:::home/${aws:username}/*',
);
const statementArb = fc
  .record(
    {
      Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
      action: fc.tuple(
        fc.constantFrom('Action', 'Action', 'NotAction'),
        fc.uniqueArray(actionArb, { minLength: 1, maxLength: 3 }),
      ),
      resource: fc.tuple(
        fc.constantFrom('Resource', 'Resource', 'NotResource'),
        fc.uniqueArray(resourceArb, { minLength: 1, maxLength: 2 }),
      ),
      Condition: fc.constantFrom(
        { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
        { Bool: { 'aws:SecureTransport': 'true' } },
      ),
    },
    { requiredKeys: ['Effect', 'action', 'resource'] },
  )
  .map(({ action: [ak, av], resource: [rk, rv], ...rest }) => ({ ...rest, [ak]: av, [rk]: rv }));
const policyArb = fc
  .array(statementArb, { minLength: 1, maxLength: 4 })
  .map((st) => ({ Version: '2012-10-17', Statement: st }));
const usedArb = fc.array(
  fc.record({
    action: fc.constantFrom(
      's3:GetObject',
      's3:PutObject',
      's3:ListBucket',
      'dynamodb:GetItem',
      'sqs:SendMessage',
      'xray:PutTraceSegments',
    ),
    resources: fc.uniqueArray(
      fc.constantFrom(
        'arn:aws:s3:::orders/2026/a.json',
        'arn:aws:s3:::orders',
        'arn:aws:s3:::home/alice/notes.txt',
        'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
        'arn:aws:sqs:us-east-1:123456789012:orders-queue',
        'arn:aws:s3:::orders/2026/*',
      ),
      { maxLength: 2 },
    ),
    unresolved: fc.constantFrom(0, 0, 2),
  }),
  { maxLength: 4 },
);

describe('verifyTightening properties', () => {
  it('accepts a policy set left unchanged, whatever was used', () => {
    fc.assert(
      fc.property(policyArb, usedArb, (p, used) => {
        expect(() => verify(p, p, used)).not.toThrow();
      }),
    );
  });

  it('accepts dropping Allow statements when nothing was used', () => {
    fc.assert(
      fc.property(policyArb, fc.infiniteStream(fc.boolean()), (p, keep) => {
        const statements = p.Statement.filter((s) => s.Effect === 'Deny' || keep.next().value);
        expect(() => verify(p, { ...p, Statement: statements }, [])).not.toThrow();
      }),
    );
  });

  it('rejects an added statement granting a service the old set never mentioned, naming the action and resource', () => {
    fc.assert(
      fc.property(policyArb, usedArb, (p, used) => {
        // Keep only statements whose actions are all named (no NotAction, no "*"), so kms is truly new.
        const named = p.Statement.filter((s) => 'Action' in s);
        const before = {
          ...p,
          Statement: named.length > 0 ? named : [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        };
        const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
        const after = {
          ...before,
          Statement: [...before.Statement, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key }],
        };
        const error = thrownBy(() => verify(before, after, used));
        expect(error).toBeInstanceOf(InvariantError);
        expect((error as Error).message).toContain('kms:Decrypt');
        expect((error as Error).message).toContain(key);
      }),
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLastAccessed, type LastAccessedEvidence } from '../../src/coverage/last-accessed.js';
import { readLastAccessedFile } from '../../src/sources/read-last-accessed-file.js';
import { lastAccessedVerdict } from '../../src/synthesize/last-accessed-verdict.js';
import { tightenPolicy } from '../../src/synthesize/tighten-policy.js';
import { loadCases } from '../support/case-loader.js';
import { evidenceOf, mustParse } from '../support/evidence.js';
import { caseObservability, smallCatalog } from '../support/small-catalog.js';

/**
 * A last-accessed case: the report as the AWS CLI prints it, one granted-but-unseen action,
 * what CloudTrail shows, and the verdict (or the error reading the report).
 */
interface LastAccessedCase {
  action: string;
  report: unknown;
  roleCreatedAt?: string;
  /** The CloudTrail window; default 2026-10-01 to 2026-10-30, as evidenceOf uses. */
  window?: { from: string | null; to: string | null };
  cloudTrail?: { services?: string[]; actions?: string[] };
  expect:
    { verdict: null } | { remove: boolean; reason?: string; reasonMatches?: string } | { error: string };
}

const dir = mkdtempSync(join(tmpdir(), 'iamtrim-last-accessed-'));
const defaultWindow = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-30T00:00:00.000Z' };

describe('lastAccessedVerdict (test/cases/last-accessed)', () => {
  for (const c of loadCases<LastAccessedCase>('last-accessed')) {
    it(`${c.file}: ${c.description}`, async () => {
      const file = join(dir, c.file);
      writeFileSync(file, JSON.stringify(c.data.report));
      const e = c.data.expect;
      if ('error' in e) {
        const read = readLastAccessedFile(file, c.data.roleCreatedAt);
        await expect(read).rejects.toThrow(new RegExp(e.error));
        // The error names the user's file.
        await expect(read).rejects.toThrow(file);
        return;
      }
      const evidence = await readLastAccessedFile(file, c.data.roleCreatedAt);
      const window = c.data.window ?? defaultWindow;
      const verdict = lastAccessedVerdict(c.data.action, evidence, window.from, {
        windowTo: window.to,
        services: new Set(c.data.cloudTrail?.services ?? []),
        actions: new Set(c.data.cloudTrail?.actions ?? []),
      });
      if ('verdict' in e) {
        expect(verdict).toBeUndefined();
        return;
      }
      expect(verdict?.remove).toBe(e.remove);
      if (e.reason !== undefined) expect(verdict?.reason).toBe(e.reason);
      if (e.reasonMatches !== undefined) expect(verdict?.reason).toMatch(new RegExp(e.reasonMatches));
    });
  }
});

function report(services: unknown[]): LastAccessedEvidence {
  const parsed = parseLastAccessed(
    {
      JobStatus: 'COMPLETED',
      JobType: 'ACTION_LEVEL',
      JobCompletionDate: '2026-11-01T00:00:00Z',
      ServicesLastAccessed: services,
    },
    'report.json',
  );
  if (parsed.kind === 'invalid') throw new Error(parsed.problems.join('; '));
  return parsed.evidence;
}

describe('last-accessed in tightening', () => {
  const catalog = smallCatalog();
  const policy = mustParse({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Table', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: '*' },
      { Sid: 'Bucket', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
    ],
  });
  const observability = caseObservability({ 's3:GetObject': 'data', 'dynamodb:PutItem': 'data' });
  const usage = { used: [{ action: 's3:ListBucket', resources: ['arn:aws:s3:::b'] }] };

  it('a never-used service loses its data-plane actions that CloudTrail alone would keep', () => {
    const without = tightenPolicy(
      policy,
      evidenceOf(usage),
      { catalog, observability },
      { generalize: { threshold: 5 } },
    );
    expect(JSON.stringify(without.after)).toContain('dynamodb:PutItem');
    const evidence = {
      ...evidenceOf(usage),
      lastAccessed: report([
        { ServiceNamespace: 'dynamodb' },
        { ServiceNamespace: 's3', LastAuthenticated: '2026-10-29T00:00:00Z' },
      ]),
    };
    const withLa = tightenPolicy(
      policy,
      evidence,
      { catalog, observability },
      { generalize: { threshold: 5 } },
    );
    const text = JSON.stringify(withLa.after);
    expect(text).not.toContain('dynamodb:');
    // S3 was used (ListBucket, which CloudTrail shows): GetObject is still judged by CloudTrail.
    expect(text).toContain('s3:GetObject');
    expect(withLa.decisions).toContainEqual(
      expect.objectContaining({
        kind: 'action-removed',
        action: 'dynamodb:PutItem',
        reason: expect.stringMatching(/IAM last-accessed: the role never used dynamodb/) as unknown,
      }),
    );
  });

  it('use shown only by last-accessed keeps a management action CloudTrail would remove', () => {
    const evidence = {
      ...evidenceOf(usage),
      lastAccessed: report([
        { ServiceNamespace: 'dynamodb', LastAuthenticated: '2026-10-20T00:00:00Z' },
        { ServiceNamespace: 's3', LastAuthenticated: '2026-10-29T00:00:00Z' },
      ]),
    };
    const result = tightenPolicy(
      policy,
      evidence,
      { catalog, observability },
      { generalize: { threshold: 5 } },
    );
    expect(JSON.stringify(result.after)).toContain('dynamodb:GetItem');
    expect(result.decisions).toContainEqual(
      expect.objectContaining({
        kind: 'action-kept',
        action: 'dynamodb:GetItem',
        reason: 'IAM last-accessed shows use on 2026-10-20 that the CloudTrail evidence does not',
      }),
    );
  });
});

describe('last-accessed properties', () => {
  const time = fc.date({
    min: new Date('2025-10-01T00:00:00Z'),
    max: new Date('2026-11-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const name = fc.constantFrom('GetItem', 'PutItem', 'CreateTable', 'constructor', '__proto__');
  it('access only ever keeps: a service with a recorded attempt never removes an action that is not a tracked never', () => {
    fc.assert(
      fc.property(
        time,
        fc.array(
          fc.record({
            ActionName: name,
            LastAccessedTime: fc.option(
              time.map((d) => d.toISOString()),
              { nil: undefined },
            ),
          }),
        ),
        name,
        fc.option(
          time.map((d) => d.toISOString()),
          { nil: null },
        ),
        (last, tracked, action, from) => {
          const evidence = report([
            {
              ServiceNamespace: 'dynamodb',
              LastAuthenticated: last.toISOString(),
              TrackedActionsLastAccessed: tracked,
            },
          ]);
          const entry = evidence.services.get('dynamodb')?.actions.get(action.toLowerCase());
          const verdict = lastAccessedVerdict(`dynamodb:${action}`, evidence, from);
          if (entry?.kind !== 'never') expect(verdict?.remove).not.toBe(true);
          else expect(verdict?.remove).toBe(true);
        },
      ),
    );
  });
});

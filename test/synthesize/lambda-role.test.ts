import { describe, expect, it } from 'vitest';
import { workOutCoverage } from '../../src/coverage/input-coverage.js';
import { isLambdaExecutionRole } from '../../src/synthesize/lambda-role.js';
import { roleEvidence } from '../../src/synthesize/role-evidence.js';
import { parseLastAccessed } from '../../src/coverage/last-accessed.js';
import { removalVerdict } from '../../src/synthesize/removal-verdict.js';
import { caseObservability, smallCatalog } from '../support/small-catalog.js';
import { evidenceOf } from '../support/evidence.js';
import type { UsageReport } from '../../src/usage/usage-report.js';

describe('a Lambda execution role, recognised from its sessions', () => {
  const cases: [string[], boolean][] = [
    [['orders-api'], true],
    [['orders-api', 'orders_worker-2'], true],
    [['i-0abc123def4567890'], false], // EC2 instance profile
    [['i-786a3A8B5C0d92eF4'], false], // the same, masked in a shared corpus
    [['3f2b8c1e9d0a4b7c8e6f5a4b3c2d1e0f'], false], // ECS task
    [['botocore-session-1733400000'], false],
    [['alice@example.com'], false],
    [['orders-api', 'i-0abc123def4567890'], false], // shared with an instance: not only Lambda
    [[], false],
  ];
  for (const [sessions, expected] of cases)
    it(`${JSON.stringify(sessions)} → ${expected}`, () =>
      expect(isLambdaExecutionRole(sessions)).toBe(expected));

  it('a role named for Lambda counts even when no session says so, and keeps what Lambda may need', () => {
    const report = (arn: string): UsageReport => ({
      principals: [{ arn, type: 'role', functions: [], actions: [], denied: [] }],
      unmapped: [],
      skipped: [],
      stats: {
        files: 1,
        records: 1,
        events: 1,
        window: { from: null, to: null },
        regions: [],
        days: 0,
        dataEventSources: [],
        classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
      },
    });
    const coverage = workOutCoverage({
      window: { from: null, to: null },
      days: 0,
      events: 0,
      regions: [],
      dataEventServices: [],
    });
    const needs = [{ action: 'logs:CreateLogStream', purpose: 'its logs' }];
    const named = roleEvidence(
      report('arn:aws:iam::1:role/service-role/MyLambdaRole'),
      'MyLambdaRole',
      coverage,
      [],
      needs,
    );
    expect(named?.lambdaRole).toBe(true);
    expect(named?.lambdaNeeds).toEqual(needs);
    const other = roleEvidence(report('arn:aws:iam::1:role/batch-role'), 'batch-role', coverage, [], needs);
    expect(other?.lambdaRole).toBe(false);
    expect(other?.lambdaNeeds).toEqual([]);
  });

  it("keeps Lambda's needs even where IAM last-accessed says the service was never used", () => {
    const la = parseLastAccessed(
      {
        JobStatus: 'COMPLETED',
        JobType: 'SERVICE_LEVEL',
        JobCompletionDate: '2026-10-31T00:00:00Z',
        ServicesLastAccessed: [{ ServiceNamespace: 'logs' }, { ServiceNamespace: 'sqs' }],
      },
      'la.json',
    );
    if (la.kind !== 'ok') throw new Error(la.problems.join('; '));
    const evidence = {
      ...evidenceOf({ used: [{ action: 'dynamodb:GetItem' }] }),
      lambdaRole: true,
      lambdaNeeds: [{ action: 'logs:CreateLogStream', purpose: 'its logs' }],
      lastAccessed: la.evidence,
    };
    const ctx = { catalog: smallCatalog(), observability: caseObservability() };
    expect(removalVerdict('logs:CreateLogStream', evidence, ctx)).toMatchObject({
      remove: false,
      observability: 'lambda-need',
    });
    // The same report does remove what is not a need.
    expect(removalVerdict('sqs:SendMessage', evidence, ctx).remove).toBe(true);
  });
});

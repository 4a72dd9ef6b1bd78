import { describe, expect, it } from 'vitest';
import type { Decision, EvidenceHint } from '../../src/synthesize/decision.js';
import { adviseOverLimit } from '../../src/synthesize/limit-advice.js';
import type { LimitCheck } from '../../src/verify/iam-limits.js';

const check: LimitCheck = {
  kind: 'over',
  subject: 'managed',
  sources: ['p.json'],
  size: 9000,
  limit: 6144,
  over: 2856,
};
const ref = { source: 'p.json', index: 0, sid: undefined };
const kept = (action: string, observability: string, hints?: EvidenceHint[]): Decision =>
  ({
    kind: 'action-kept',
    statement: ref,
    action,
    observability,
    reason: 'test',
    ...(hints ? { hints } : {}),
  }) as Decision;
const used = (action: string): Decision => ({
  kind: 'action-used',
  statement: ref,
  action,
  count: 1,
  lastSeen: '2026-10-01T00:00:00Z',
  functions: ['fn'],
});

describe('adviseOverLimit', () => {
  it('groups kept actions by the evidence that would decide them, biggest group first, with counts', () => {
    const decisions: Decision[] = [
      used('s3:GetObject'),
      ...['ec2:RunInstances', 'ec2:DescribeVpcs', 'rds:CreateDBInstance'].map((a) =>
        kept(a, 'management', [{ kind: 'last-accessed', service: a.split(':')[0] as string }]),
      ),
      ...['s3:PutObject', 's3:DeleteObject'].map((a) =>
        kept(a, 'data', [
          { kind: 'data-events', service: 's3', resourceType: 'AWS::S3::Object', resources: ['*'] },
        ]),
      ),
      // Another policy's decisions do not count towards this one.
      { ...kept('kms:Decrypt', 'data'), statement: { ...ref, source: 'other.json' } } as Decision,
    ];
    const text = adviseOverLimit(check, decisions, { split: 'offer', compacted: true });
    const lines = text.split('\n');
    expect(lines[0]).toContain('managed policy p.json is 9,000 characters');
    expect(lines[0]).toContain('limit of 6,144 by 2,856');
    expect(text).toContain('Of 6 kept action(s):');
    expect(lines[3]).toMatch(
      /^ {2}- 3 of 6 kept actions belong to 2 service\(s\) .*\(ec2 2, rds 1\): --last-accessed/,
    );
    expect(lines[4]).toMatch(
      /^ {2}- 2 data-event actions kept \(s3 2\): add data-event selectors for AWS::S3::Object to the trail/,
    );
    expect(text).not.toContain('kms');
    expect(text).toContain('--split');
  });

  it('without hints falls back on observability: an uncalled service points to --last-accessed, a called one does not', () => {
    const text = adviseOverLimit(
      check,
      [used('sqs:SendMessage'), kept('sqs:PurgeQueue', 'management'), kept('ec2:RunInstances', 'management')],
      { split: 'none', compacted: false },
    );
    expect(text).toMatch(/1 of 3 kept actions belong to 1 service\(s\) .*\(ec2 1\): --last-accessed/);
    expect(text).toMatch(/1 action kept for other reasons \(sqs 1\)/);
    expect(text).not.toContain('--split');
    expect(text).not.toContain('compactly');
  });

  it('does not ask for last-accessed data for actions that data kept', () => {
    const decisions: Decision[] = ['ec2:RunInstances', 'ec2:DescribeVpcs'].map(
      (a) =>
        ({
          ...kept(a, 'not-recorded'),
          reason: 'IAM last-accessed shows use on 2026-10-15 that the CloudTrail evidence does not',
        }) as Decision,
    );
    const text = adviseOverLimit(check, decisions, { split: 'offer', compacted: true });
    expect(text).toMatch(
      /2 actions? that IAM last-accessed shows the role used.*\(ec2 2\): logs over a longer window/,
    );
    expect(text).not.toContain('--last-accessed');
  });
});

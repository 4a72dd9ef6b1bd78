import { describe, expect, it } from 'vitest';
import { freshPolicy } from '../../src/synthesize/fresh-policy.js';
import { evidenceOf } from '../support/evidence.js';
import { smallCatalog } from '../support/small-catalog.js';

describe('freshPolicy', () => {
  it('generalises resources the way they live, as tightening does', () => {
    const evidence = evidenceOf({
      used: [
        {
          action: 'ec2:DeleteSnapshot',
          resources: [
            'arn:aws:ec2:eu-west-1::snapshot/snap-0a1b',
            'arn:aws:ec2:eu-west-1::snapshot/snap-9f8e',
          ],
        },
        { action: 's3:PutObject', resources: ['arn:aws:s3:::lake/landing/dt=2026-09-01/x.json'] },
        { action: 's3:GetObject', resources: ['arn:aws:s3:::lake/config/settings.json'] },
      ],
    });
    const { policy } = freshPolicy(evidence, smallCatalog());
    expect(policy.Statement).toEqual([
      {
        Sid: 'Ec2',
        Effect: 'Allow',
        Action: ['ec2:DeleteSnapshot'],
        Resource: 'arn:aws:ec2:eu-west-1::snapshot/*',
      },
      {
        Sid: 'S3',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: 'arn:aws:s3:::lake/config/settings.json',
      },
      { Sid: 'S32', Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::lake/landing/*' },
    ]);
  });
});

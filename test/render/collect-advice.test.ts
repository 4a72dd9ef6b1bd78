import { describe, expect, it } from 'vitest';
import { collectAdvice } from '../../src/render/collect-advice.js';
import { buildDataEventSelector } from '../../src/render/data-event-selector.js';
import type { Decision, EvidenceHint } from '../../src/synthesize/decision.js';

const ref = { source: 'p.json', index: 0, sid: 'S' };
const kept = (action: string, ...hints: EvidenceHint[]): Decision => ({
  kind: 'action-kept',
  statement: ref,
  action,
  observability: 'unknown',
  reason: 'r',
  hints,
});

describe('collectAdvice', () => {
  it('merges identical hints, counts distinct actions, and puts the most decisive first', () => {
    const bucket: EvidenceHint = {
      kind: 'data-events',
      resourceType: 'AWS::S3::Object',
      service: 's3',
      resources: ['arn:aws:s3:::b/*'],
    };
    const advice = collectAdvice([
      kept('s3:GetObject', bucket, { kind: 'last-accessed', service: 's3' }),
      kept('s3:PutObject', { ...bucket, resources: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*'] }),
      // The same action in a second statement is one action to decide, not two.
      { ...kept('S3:GETOBJECT', bucket), statement: { ...ref, index: 1 } },
      kept('kms:Decrypt', { kind: 'last-accessed', service: 'kms' }),
      kept('ec2:CreateTags', { kind: 'last-accessed', service: 'ec2' }),
      kept('iam:GetRole', { kind: 'region', region: 'us-east-1' }),
      { kind: 'action-removed', statement: ref, action: 'sqs:CreateQueue', reason: 'unused' },
    ]);
    expect(advice.map((a) => [a.kind, a.actions.length])).toEqual([
      ['last-accessed', 3],
      ['data-events', 2],
      ['region', 1],
    ]);
    expect(advice[0]).toMatchObject({ services: ['ec2', 'kms', 's3'] });
    expect(advice[1]).toMatchObject({
      resources: ['arn:aws:s3:::b/*'],
      actions: ['s3:GetObject', 's3:PutObject'],
    });
  });

  it('keeps different selectors apart', () => {
    const hint = (readOnly: boolean): EvidenceHint => ({
      kind: 'data-events',
      resourceType: 'AWS::DynamoDB::Table',
      service: 'dynamodb',
      resources: ['*'],
      readOnly,
    });
    expect(
      collectAdvice([kept('dynamodb:GetItem', hint(true)), kept('dynamodb:PutItem', hint(false))]),
    ).toHaveLength(2);
  });
});

describe('buildDataEventSelector', () => {
  it('selects by ARN prefix when the hint names resources, readOnly when given', () => {
    expect(
      buildDataEventSelector({
        resourceType: 'AWS::S3::Object',
        service: 's3',
        resources: ['arn:aws:s3:::uploads', 'arn:aws:s3:::logs/2026/*'],
        readOnly: false,
      }).FieldSelectors,
    ).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::logs/2026/', 'arn:aws:s3:::uploads/'] },
      { Field: 'readOnly', Equals: ['false'] },
    ]);
  });

  it.each([[['*']], [['arn:aws:s3:::*']], [['arn:aws:dynamodb:*']], [[]]])(
    'covers every resource for %j',
    (resources) => {
      const fields = buildDataEventSelector({
        resourceType: 'AWS::S3::Object',
        service: 's3',
        resources,
      }).FieldSelectors;
      expect(fields.map((f) => f.Field)).toEqual(['eventCategory', 'resources.type']);
    },
  );
});

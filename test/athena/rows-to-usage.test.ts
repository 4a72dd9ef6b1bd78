import { describe, expect, it } from 'vitest';
import { rowsToUsage, rowToRecord, type UsageRow } from '../../src/athena/rows-to-usage.js';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { defaultAggregateOptions } from '../../src/usage/add-record.js';
import { createUsageAccumulator } from '../../src/usage/usage-accumulator.js';

const role = 'arn:aws:iam::123456789012:role/service-role/orders-api-role';

const kmsRow: UsageRow = {
  issuer_arn: role,
  session_arn: 'arn:aws:sts::123456789012:assumed-role/orders-api-role/orders-api',
  principal_id: 'AROAEXAMPLE:orders-api',
  account: '123456789012',
  event_source: 'kms.amazonaws.com',
  event_name: 'Decrypt',
  aws_region: 'us-east-1',
  event_category: 'Management',
  error_class: 'ok',
  request_parameters: '{"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}',
  resources_json:
    '[{"arn":"arn:aws:kms:us-east-1:123456789012:key/1234abcd","accountid":"123456789012","type":"AWS::KMS::Key","arnprefix":null}]',
  first_time: '2026-10-01T10:00:00Z',
  last_time: '2026-10-20T10:00:00Z',
  event_count: '42',
};

describe('rowsToUsage', () => {
  it('applies the count and both ends of the window to one row', () => {
    const acc = rowsToUsage(
      createUsageAccumulator(),
      [kmsRow],
      createEventCatalog(),
      defaultAggregateOptions,
    );
    const p = acc.principals.get(role);
    const decrypt = p?.actions.get('kms:Decrypt');
    expect(decrypt?.count).toBe(42);
    expect(decrypt?.unresolved).toBe(0);
    expect(new Date(decrypt?.firstMs ?? 0).toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect(new Date(decrypt?.lastMs ?? 0).toISOString()).toBe('2026-10-20T10:00:00.000Z');
    expect([...(decrypt?.resources ?? [])]).toEqual(['arn:aws:kms:us-east-1:123456789012:key/1234abcd']);
    expect(p?.functions.get('orders-api')).toBe(42);
    expect(acc.stats.records).toBe(42);
    expect(acc.stats.events).toBe(42);
  });

  it('reads resources that older Presto casts to positional arrays', () => {
    const record = rowToRecord({
      ...kmsRow,
      resources_json: '[["arn:aws:kms:us-east-1:123456789012:key/k","123456789012","AWS::KMS::Key"]]',
    });
    expect(record.resources).toEqual([
      { ARN: 'arn:aws:kms:us-east-1:123456789012:key/k', accountId: '123456789012', type: 'AWS::KMS::Key' },
    ]);
  });

  it('keeps an ARNPrefix the table declares', () => {
    const record = rowToRecord({
      ...kmsRow,
      resources_json:
        '[{"arn":null,"accountid":null,"type":"AWS::S3::Object","arnprefix":"arn:aws:s3:::b/2026/"}]',
    });
    expect(record.resources).toEqual([{ type: 'AWS::S3::Object', ARNPrefix: 'arn:aws:s3:::b/2026/' }]);
  });

  it('rebuilds a denial so the action IAM named is the one denied', () => {
    const acc = rowsToUsage(
      createUsageAccumulator(),
      [
        {
          ...kmsRow,
          event_source: 's3.amazonaws.com',
          event_name: 'GetObject',
          request_parameters: '{"bucketName":"b","key":"k"}',
          resources_json: undefined,
          error_class: 'denied',
          error_code: 'AccessDenied',
          denied_action: 'kms:Decrypt',
          event_count: '3',
        },
      ],
      createEventCatalog(),
      defaultAggregateOptions,
    );
    const p = acc.principals.get(role);
    expect([...(p?.denied.keys() ?? [])]).toEqual(['kms:Decrypt AccessDenied']);
    expect(p?.denied.get('kms:Decrypt AccessDenied')?.count).toBe(3);
    expect(p?.actions.size).toBe(0);
  });

  it('counts a failed-but-authorized call as use', () => {
    const acc = rowsToUsage(
      createUsageAccumulator(),
      [{ ...kmsRow, error_class: 'failed', error_code: 'IncorrectKeyException', event_count: '2' }],
      createEventCatalog(),
      defaultAggregateOptions,
    );
    expect(acc.principals.get(role)?.actions.get('kms:Decrypt')?.count).toBe(2);
  });

  it('reports rows without a count or times as skipped, never drops them', () => {
    const acc = rowsToUsage(
      createUsageAccumulator(),
      [
        { ...kmsRow, event_count: 'x' },
        { ...kmsRow, first_time: undefined },
      ],
      createEventCatalog(),
      defaultAggregateOptions,
    );
    expect(acc.principals.size).toBe(0);
    expect([...acc.skipped.values()]).toEqual([
      { file: 'athena', reason: 'result row without a count or times', records: 2 },
    ]);
  });

  it('passes unparseable request parameters on as none', () => {
    expect(rowToRecord({ ...kmsRow, request_parameters: '{not json' }).requestParameters).toBeNull();
  });
});

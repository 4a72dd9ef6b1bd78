import { lambdaRecord } from './case-loader.js';

/** A Lambda call with a given role, function, API and time: enough to drive aggregation. */
export function callRecord(opts: {
  role?: string;
  fn?: string;
  source?: string;
  name?: string;
  params?: Record<string, unknown>;
  time?: string;
  errorCode?: string;
  errorMessage?: string;
}): Record<string, unknown> {
  const role = opts.role ?? 'arn:aws:iam::123456789012:role/service-role/orders-api-role';
  const roleName = role.slice(role.lastIndexOf('/') + 1);
  const fn = opts.fn ?? 'orders-api';
  return lambdaRecord({
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAEXAMPLE:${fn}`,
      arn: `arn:aws:sts::123456789012:assumed-role/${roleName}/${fn}`,
      accountId: '123456789012',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: role, accountId: '123456789012', userName: roleName },
      },
    },
    eventSource: opts.source ?? 'dynamodb.amazonaws.com',
    eventName: opts.name ?? 'GetItem',
    requestParameters: opts.params ?? { tableName: 'Orders' },
    eventTime: opts.time ?? '2026-11-01T12:00:00Z',
    ...(opts.errorCode ? { errorCode: opts.errorCode } : {}),
    ...(opts.errorMessage ? { errorMessage: opts.errorMessage } : {}),
  });
}

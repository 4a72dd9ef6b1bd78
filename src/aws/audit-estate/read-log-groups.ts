import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AuditLogGroup } from '../../model/audit-estate.js';
import { readPart, type PartReading } from './part-reading.js';
import { sdk } from '../../sdk/require-sdk.js';

/** Where Lambda writes a function's logs unless `LoggingConfig.LogGroup` says otherwise. */
export const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

/**
 * The named log groups of a region that exist, with their retention, sorted by name, each
 * once (a group that does not exist yet, for a function never invoked, is absent). Groups
 * under `/aws/lambda/` are found by one listing of that prefix rather than a call per
 * function; any other name is looked up with itself as prefix and kept only on an exact
 * match. Groups that belong to no named function (left by deleted ones) are not returned.
 * `arnPrefix` (`arn:aws:logs:<region>:<account>:log-group:`) names a group whose answer
 * carries no ARN.
 */
export async function readLogGroups(
  client: CloudWatchLogsClient,
  region: string,
  names: readonly string[],
  arnPrefix: string,
): Promise<PartReading<AuditLogGroup[]>> {
  const { paginateDescribeLogGroups } = sdk('@aws-sdk/client-cloudwatch-logs');
  return readPart(
    'logs:DescribeLogGroups',
    region,
    async () => {
      const byName = new Map<string, AuditLogGroup>();
      const wanted = new Set(names);
      const sorted = [...wanted].sort();
      const prefixes = [
        ...(sorted.some((n) => n.startsWith(LAMBDA_LOG_GROUP_PREFIX)) ? [LAMBDA_LOG_GROUP_PREFIX] : []),
        ...sorted.filter((n) => !n.startsWith(LAMBDA_LOG_GROUP_PREFIX)),
      ];
      for (const prefix of prefixes) {
        for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: prefix })) {
          for (const g of page.logGroups ?? []) {
            const name = g.logGroupName;
            if (!name || !wanted.has(name)) continue;
            const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, '') ?? `${arnPrefix}${name}`;
            byName.set(name, {
              name,
              ...(g.retentionInDays !== undefined ? { retentionDays: g.retentionInDays } : {}),
              place: { kind: 'resource', arn },
            });
          }
        }
      }
      return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    () => [],
  );
}

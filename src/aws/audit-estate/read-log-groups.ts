import { paginateDescribeLogGroups, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AuditLogGroup } from '../../model/audit-estate.js';
import { readPart, type PartReading } from './part-reading.js';

/** Where Lambda writes a function's logs unless `LoggingConfig.LogGroup` says otherwise. */
export const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

/**
 * The region's Lambda log groups (every group under `/aws/lambda/`) and the named custom
 * groups (each looked up by its name as prefix, kept only on an exact match), all pages,
 * sorted by name, each once. `arnPrefix` (`arn:aws:logs:<region>:<account>:log-group:`)
 * names a group whose answer carries no ARN.
 */
export async function readLogGroups(
  client: CloudWatchLogsClient,
  region: string,
  customNames: readonly string[],
  arnPrefix: string,
): Promise<PartReading<AuditLogGroup[]>> {
  return readPart(
    'logs:DescribeLogGroups',
    region,
    async () => {
      const byName = new Map<string, AuditLogGroup>();
      const lookups = [
        { prefix: LAMBDA_LOG_GROUP_PREFIX, exact: false },
        ...[...new Set(customNames)]
          .filter((n) => !n.startsWith(LAMBDA_LOG_GROUP_PREFIX))
          .sort()
          .map((n) => ({ prefix: n, exact: true })),
      ];
      for (const { prefix, exact } of lookups) {
        for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: prefix })) {
          for (const g of page.logGroups ?? []) {
            const name = g.logGroupName;
            if (!name || (exact && name !== prefix)) continue;
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

import type { CloudTrailClient, Trail } from '@aws-sdk/client-cloudtrail';
import type { TrailConfigJson } from '../coverage/trail-config.js';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/** A CloudTrail client for a region (undefined: the configured one); the caller owns and destroys the clients. */
export type CloudTrailClientFor = (region: string | undefined) => CloudTrailClient;

/**
 * The trails that deliver to `bucket`, each with its event selectors, as `--trail-config`
 * would read them: DescribeTrails with shadow trails included (a multi-region trail homed
 * elsewhere, and an organization trail, are listed in every region), then GetEventSelectors
 * for each trail writing to the bucket, asked in the trail's home region as CloudTrail
 * requires. One entry per trail (by ARN), sorted by ARN.
 */
export async function discoverTrails(
  clientFor: CloudTrailClientFor,
  bucket: string,
): Promise<TrailConfigJson[]> {
  const { DescribeTrailsCommand, GetEventSelectorsCommand } = sdk('@aws-sdk/client-cloudtrail');
  const described = await awsCall('DescribeTrailsCommand', () =>
    clientFor(undefined).send(new DescribeTrailsCommand({ includeShadowTrails: true })),
  );
  const byArn = new Map<string, Trail>();
  for (const t of described.trailList ?? []) {
    if (t.S3BucketName !== bucket) continue;
    const key = t.TrailARN ?? t.Name ?? '';
    if (key && !byArn.has(key)) byArn.set(key, t);
  }
  const out: TrailConfigJson[] = [];
  for (const [arn, t] of [...byArn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const home = t.HomeRegion ?? /^arn:[^:]+:cloudtrail:([^:]+):/.exec(arn)?.[1];
    const selectors = await awsCall(
      'GetEventSelectorsCommand',
      () => clientFor(home).send(new GetEventSelectorsCommand({ TrailName: arn })),
      arn,
    );
    out.push({
      Trail: {
        ...(t.Name ? { Name: t.Name } : {}),
        ...(t.IsMultiRegionTrail !== undefined ? { IsMultiRegionTrail: t.IsMultiRegionTrail } : {}),
        ...(home ? { HomeRegion: home } : {}),
        ...(t.TrailARN ? { TrailARN: t.TrailARN } : {}),
      },
      ...(selectors.TrailARN ? { TrailARN: selectors.TrailARN } : {}),
      ...(selectors.EventSelectors?.length
        ? { EventSelectors: selectors.EventSelectors as TrailConfigJson['EventSelectors'] }
        : {}),
      ...(selectors.AdvancedEventSelectors?.length
        ? {
            AdvancedEventSelectors:
              selectors.AdvancedEventSelectors as TrailConfigJson['AdvancedEventSelectors'],
          }
        : {}),
    });
  }
  return out;
}

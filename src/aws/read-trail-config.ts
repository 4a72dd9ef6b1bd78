import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { TrailConfigJson } from '../coverage/trail-config.js';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/**
 * The trail's configuration as `--trail-config` reads it from files (`get-trail` and
 * `get-event-selectors` output merged), so the live path feeds coverage identically.
 * GetEventSelectors answers with basic or advanced selectors, whichever the trail uses.
 */
export async function readTrailConfig(client: CloudTrailClient, trail: string): Promise<TrailConfigJson> {
  const { GetEventSelectorsCommand, GetTrailCommand } = sdk('@aws-sdk/client-cloudtrail');
  const got = await awsCall(
    'GetTrailCommand',
    () => client.send(new GetTrailCommand({ Name: trail })),
    trail,
  );
  const selectors = await awsCall(
    'GetEventSelectorsCommand',
    () => client.send(new GetEventSelectorsCommand({ TrailName: trail })),
    trail,
  );
  const t = got.Trail ?? {};
  return {
    Trail: {
      ...(t.Name ? { Name: t.Name } : {}),
      ...(t.IsMultiRegionTrail !== undefined ? { IsMultiRegionTrail: t.IsMultiRegionTrail } : {}),
      ...(t.HomeRegion ? { HomeRegion: t.HomeRegion } : {}),
      ...(t.TrailARN ? { TrailARN: t.TrailARN } : {}),
    },
    ...(selectors.TrailARN ? { TrailARN: selectors.TrailARN } : {}),
    ...(selectors.EventSelectors
      ? { EventSelectors: selectors.EventSelectors as TrailConfigJson['EventSelectors'] }
      : {}),
    ...(selectors.AdvancedEventSelectors
      ? {
          AdvancedEventSelectors:
            selectors.AdvancedEventSelectors as TrailConfigJson['AdvancedEventSelectors'],
        }
      : {}),
  };
}

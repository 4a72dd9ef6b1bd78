import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { discoverTrails } from '../aws/discover-trails.js';
import type { TrailConfigJson } from '../coverage/trail-config.js';
import { clientConfigOf } from './aws-options.js';
import { usesAws, type EvidenceArgs } from './collect-usage.js';
import { sdk } from '../sdk/require-sdk.js';

/**
 * With AWS in use, an `s3://` source scanned, and neither `--trail` nor `--trail-config`
 * given: the trails delivering to each scanned bucket, with their selectors, for coverage.
 * Undefined when discovery does not apply. Prints which trails were found, or that none was.
 */
export async function discoverLiveTrails(
  argv: EvidenceArgs & { trail?: string; trailConfig?: string[] },
  note: (line: string) => void,
): Promise<TrailConfigJson[] | undefined> {
  if (argv.trail || argv.trailConfig?.length || !usesAws(argv)) return undefined;
  const buckets = [
    ...new Set(
      (argv.cloudtrail ?? [])
        .filter((c) => c.startsWith('s3://'))
        .map((c) => c.slice('s3://'.length).split('/')[0] ?? '')
        .filter(Boolean),
    ),
  ];
  if (buckets.length === 0) return undefined;
  const config = clientConfigOf(argv);
  const { CloudTrailClient } = sdk('@aws-sdk/client-cloudtrail');
  const clients = new Map<string, CloudTrailClient>();
  const clientFor = (region: string | undefined): CloudTrailClient => {
    const key = region ?? '';
    let c = clients.get(key);
    if (!c) {
      c = new CloudTrailClient({ ...config, ...(region ? { region } : {}) });
      clients.set(key, c);
    }
    return c;
  };
  try {
    const found = new Map<string, TrailConfigJson>();
    for (const bucket of buckets) {
      const trails = await discoverTrails(clientFor, bucket);
      if (trails.length === 0) note(`no trail delivers to s3://${bucket}: data-event coverage unknown`);
      else
        note(
          `trails delivering to s3://${bucket}: ${trails.map((t) => `${t.Trail?.Name ?? '?'} (${t.Trail?.HomeRegion ?? '?'})`).join(', ')}`,
        );
      for (const t of trails) found.set(t.Trail?.TrailARN ?? t.TrailARN ?? t.Trail?.Name ?? '', t);
    }
    return [...found.values()];
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}

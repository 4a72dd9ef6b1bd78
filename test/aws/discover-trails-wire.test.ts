import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../src/aws/aws-config.js';
import { discoverTrails } from '../../src/aws/discover-trails.js';
import { startCloudTrailServer, type CloudTrailWireServer } from '../support/wire/cloudtrail-server.js';
import { useFakeAwsEnv } from './wire-env.js';

// The real CloudTrail client against a local JSON 1.1 server: which trails are read, and in
// which region each GetEventSelectors is signed.

const main = {
  Name: 'main',
  S3BucketName: 'trail-bucket',
  HomeRegion: 'eu-west-1',
  IsMultiRegionTrail: false,
  IsOrganizationTrail: false,
  TrailARN: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/main',
};
const other = {
  Name: 'audit',
  S3BucketName: 'audit-bucket',
  HomeRegion: 'eu-west-1',
  TrailARN: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit',
};
// An organization trail homed in another region: listed here only as a shadow trail.
const org = {
  Name: 'org-trail',
  S3BucketName: 'trail-bucket',
  HomeRegion: 'us-east-2',
  IsMultiRegionTrail: true,
  IsOrganizationTrail: true,
  TrailARN: 'arn:aws:cloudtrail:us-east-2:999999999999:trail/org-trail',
};
const selectors: Record<string, unknown> = {
  [main.TrailARN]: {
    TrailARN: main.TrailARN,
    EventSelectors: [
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }],
      },
    ],
  },
  [org.TrailARN]: {
    TrailARN: org.TrailARN,
    AdvancedEventSelectors: [
      { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ],
  },
};

/** The region a request was signed for, from its SigV4 credential scope. */
function signedRegion(headers: Record<string, unknown>): string | undefined {
  return /Credential=[^/]+\/\d+\/([^/]+)\/cloudtrail\//.exec(String(headers.authorization))?.[1];
}

describe('discoverTrails over the CloudTrail wire protocol', () => {
  let server: CloudTrailWireServer | undefined;
  let restore: () => void = () => {};
  const clients: CloudTrailClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    restore();
    await server?.close();
  });

  it('reads only the trails delivering to the bucket, each in its home region', async () => {
    server = await startCloudTrailServer({
      DescribeTrails: (body) =>
        body.includeShadowTrails === true
          ? { kind: 'ok', body: { trailList: [main, other, org, { ...main }] } }
          : { kind: 'ok', body: { trailList: [main, other] } },
      GetEventSelectors: (body) => {
        const s = selectors[String(body.TrailName)];
        return s
          ? { kind: 'ok', body: s }
          : { kind: 'error', status: 400, type: 'TrailNotFoundException', message: String(body.TrailName) };
      },
    });
    restore = useFakeAwsEnv({ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_CLOUDTRAIL: server.endpoint });
    const found = await discoverTrails((region) => {
      const c = new CloudTrailClient({ ...awsClientConfig(), ...(region ? { region } : {}) });
      clients.push(c);
      return c;
    }, 'trail-bucket');

    expect(found.map((t) => t.Trail?.Name)).toEqual(['main', 'org-trail']);
    const reads = server.requestsFor('GetEventSelectors');
    expect(reads.map((r) => r.body.TrailName)).toEqual([main.TrailARN, org.TrailARN]);
    expect(reads.map((r) => signedRegion(r.headers))).toEqual(['eu-west-1', 'us-east-2']);
    expect(found[1]).toEqual({
      Trail: { Name: 'org-trail', IsMultiRegionTrail: true, HomeRegion: 'us-east-2', TrailARN: org.TrailARN },
      ...(selectors[org.TrailARN] as object),
    });
    expect(found[0]?.EventSelectors?.[0]?.DataResources).toEqual([
      { Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] },
    ]);
  });

  it('no trail delivering to the bucket: an empty list, and no selectors read', async () => {
    server = await startCloudTrailServer({
      DescribeTrails: () => ({ kind: 'ok', body: { trailList: [other] } }),
    });
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_CLOUDTRAIL: server.endpoint });
    const c = new CloudTrailClient(awsClientConfig());
    clients.push(c);
    expect(await discoverTrails(() => c, 'trail-bucket')).toEqual([]);
    expect(server.requestsFor('GetEventSelectors')).toHaveLength(0);
  });

  it('AccessDenied on DescribeTrails names cloudtrail:DescribeTrails', async () => {
    server = await startCloudTrailServer({
      DescribeTrails: () => ({ kind: 'error', status: 400, type: 'AccessDeniedException', message: 'no' }),
    });
    restore = useFakeAwsEnv({ AWS_ENDPOINT_URL_CLOUDTRAIL: server.endpoint });
    const c = new CloudTrailClient(awsClientConfig());
    clients.push(c);
    await expect(discoverTrails(() => c, 'trail-bucket')).rejects.toThrow(/cloudtrail:DescribeTrails/);
  });
});

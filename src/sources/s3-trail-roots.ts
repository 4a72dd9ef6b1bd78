import type { S3Client } from '@aws-sdk/client-s3';
import {
  ACCOUNT_ID,
  ORGANIZATION_ID,
  accountLogPrefix,
  awsLogsPrefix,
  isRegionName,
  type S3TrailLocation,
  type TrailRoot,
} from './s3-trail-layout.js';
import { translate } from './s3-errors.js';
import type { DirectS3 } from './s3-direct-requests.js';
import { listPages } from './s3-list-pages.js';

/** Which accounts, regions and organization to read; by default every one found. */
export interface RootChoice {
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
  readonly organizationId?: string;
}

/**
 * The account/region folders to read. One delimiter listing of `AWSLogs/` tells plain
 * accounts from organization ids (so an org trail is found without being told), then one
 * per organization for its accounts and one per account for its regions, unless given.
 */
export async function discoverRoots(
  s3: S3Client,
  loc: S3TrailLocation,
  options: RootChoice,
  direct?: DirectS3,
): Promise<TrailRoot[]> {
  const listChildren = (bucket: string, prefix: string): Promise<string[]> =>
    childrenOf(s3, direct, bucket, prefix);
  const wanted = options.accounts ? new Set(options.accounts) : undefined;
  const bases: { account: string; organizationId?: string }[] = [];
  const orgs: string[] = [];
  if (options.organizationId) orgs.push(options.organizationId);
  else {
    for (const child of await listChildren(loc.bucket, awsLogsPrefix(loc.prefix))) {
      if (ACCOUNT_ID.test(child)) bases.push({ account: child });
      else if (ORGANIZATION_ID.test(child)) orgs.push(child);
    }
  }
  for (const org of orgs) {
    const accounts =
      options.accounts ??
      (await listChildren(loc.bucket, `${awsLogsPrefix(loc.prefix)}${org}/`)).filter((a) =>
        ACCOUNT_ID.test(a),
      );
    for (const account of accounts) bases.push({ account, organizationId: org });
  }
  const roots: TrailRoot[] = [];
  for (const b of bases) {
    if (wanted && !wanted.has(b.account)) continue;
    const regions =
      options.regions ??
      (await listChildren(loc.bucket, accountLogPrefix(loc.prefix, b.account, b.organizationId))).filter(
        isRegionName,
      );
    for (const region of regions) roots.push({ ...b, region });
  }
  return roots;
}

/** The next path segment of every folder directly under `prefix`. */
async function childrenOf(
  s3: S3Client,
  direct: DirectS3 | undefined,
  bucket: string,
  prefix: string,
): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const page of listPages(s3, direct, bucket, prefix, '/')) {
      for (const p of page.prefixes) out.push(p.slice(prefix.length).replace(/\/$/, ''));
    }
  } catch (e) {
    throw translate(e, 's3:ListBucket', `s3://${bucket}/${prefix}`);
  }
  return out;
}

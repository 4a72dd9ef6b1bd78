import type { IAMClient, GetServiceLastAccessedDetailsCommandOutput } from '@aws-sdk/client-iam';
import { parseLastAccessed, type LastAccessedEvidence } from '../coverage/last-accessed.js';
import { AwsError } from '../errors/iamtrim-error.js';
import { awsCall } from './access-denied.js';
import { roleNameOf } from './read-role-policies.js';
import { sdk } from '../sdk/require-sdk.js';

/** How long to wait for IAM's report job, and how. Defaults in `defaultPollOptions`. */
export interface PollOptions {
  /** First wait before asking again (ms). */
  readonly initialDelayMs: number;
  /** The wait doubles up to this (ms). */
  readonly maxDelayMs: number;
  /** Give up after waiting this long in total (ms). */
  readonly timeoutMs: number;
  /** Waits; injected so tests do not depend on the clock. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Reports usually complete in seconds; large accounts can take a minute or two. */
export const defaultPollOptions: PollOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 8000,
  timeoutMs: 180_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * IAM last-accessed for a role, generated live: GetRole (its ARN and CreateDate, which may
 * shorten the tracking period), GenerateServiceLastAccessedDetails at ACTION_LEVEL, then
 * GetServiceLastAccessedDetails polled with doubling waits until the job completes, every
 * page (Marker/IsTruncated) merged. The result reads exactly as the CLI's JSON would.
 */
export async function generateLastAccessed(
  client: IAMClient,
  role: string,
  options: Partial<PollOptions> = {},
): Promise<LastAccessedEvidence> {
  const { GenerateServiceLastAccessedDetailsCommand, GetRoleCommand, GetServiceLastAccessedDetailsCommand } =
    sdk('@aws-sdk/client-iam');
  const o = { ...defaultPollOptions, ...options };
  const name = roleNameOf(role);
  const got = await awsCall(
    'GetRoleCommand',
    () => client.send(new GetRoleCommand({ RoleName: name })),
    role,
  );
  const arn = got.Role?.Arn ?? role;
  const created = got.Role?.CreateDate;
  const job = await awsCall(
    'GenerateServiceLastAccessedDetailsCommand',
    () =>
      client.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'ACTION_LEVEL' })),
    arn,
  );
  const jobId = job.JobId;
  if (!jobId) throw new AwsError(`iam GenerateServiceLastAccessedDetails for ${arn} returned no JobId`);

  const get = (marker?: string): Promise<GetServiceLastAccessedDetailsCommandOutput> =>
    awsCall(
      'GetServiceLastAccessedDetailsCommand',
      () =>
        client.send(
          new GetServiceLastAccessedDetailsCommand({ JobId: jobId, ...(marker ? { Marker: marker } : {}) }),
        ),
      arn,
    );
  let first = await get();
  let waited = 0;
  let delay = o.initialDelayMs;
  while (first.JobStatus === 'IN_PROGRESS') {
    if (waited + delay > o.timeoutMs)
      throw new AwsError(
        `IAM last-accessed report for ${arn} still IN_PROGRESS after ${Math.round(waited / 1000)} s (job ${jobId}); run again, or give --last-accessed FILE or --no-last-accessed`,
      );
    await o.sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, o.maxDelayMs);
    first = await get();
  }
  if (first.JobStatus !== 'COMPLETED')
    throw new AwsError(
      `IAM last-accessed report for ${arn} ${first.JobStatus ?? 'has no status'}${first.Error?.Message ? `: ${first.Error.Message}` : ''}`,
    );
  const services = [...(first.ServicesLastAccessed ?? [])];
  const seen = new Set<string>();
  for (let page = first; page.IsTruncated && page.Marker;) {
    // A marker seen twice would loop for ever.
    if (seen.has(page.Marker))
      throw new AwsError(`iam GetServiceLastAccessedDetails for ${arn} repeated a Marker`);
    seen.add(page.Marker);
    page = await get(page.Marker);
    services.push(...(page.ServicesLastAccessed ?? []));
  }
  const parsed = parseLastAccessed(
    { ...first, ServicesLastAccessed: services },
    `IAM last-accessed for ${arn} (job ${jobId})`,
    created?.toISOString(),
  );
  if (parsed.kind === 'invalid')
    throw new AwsError(
      `IAM last-accessed report for ${arn} is unusable: ${parsed.problems.slice(0, 5).join('; ')}`,
    );
  return parsed.evidence;
}

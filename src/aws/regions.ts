import { UsageError } from '../errors/iamtrim-error.js';

/**
 * Commercial regions where Lambda is offered (late 2025). `--regions all` would normally come
 * from EC2 DescribeRegions (opt-in regions included only when enabled), but iamtrim does not
 * ship the EC2 client, so this static list stands in. Regions not enabled in the account
 * answer with an error; `listFunctions`' `onRegionError` reports it and goes on.
 */
export const lambdaRegions: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
];

/**
 * `--regions`: a comma-separated list, repeated flags, or `all`. Empty means "the configured
 * region" and is returned as an empty list for the caller to fill in.
 */
export function parseRegions(values: readonly string[]): string[] {
  const items = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (items.includes('all')) {
    if (items.length > 1) throw new UsageError('--regions all cannot be combined with named regions');
    return [...lambdaRegions];
  }
  for (const r of items) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) throw new UsageError(`--regions: "${r}" is not a region name`);
  }
  return [...new Set(items)];
}

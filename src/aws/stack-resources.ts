import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { AwsError } from '../errors/iamtrim-error.js';
import { stackResourceMap, type StackResource } from '../model/stack-resource.js';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/**
 * A deployed stack's resources by logical id, the same map `patch --stack-resources <file>`
 * builds from `aws cloudformation describe-stack-resources` output. DescribeStackResources is
 * not paginated (it returns up to 100 resources per stack; nested stacks are separate stacks).
 */
export async function describeStackResources(
  client: CloudFormationClient,
  stackName: string,
): Promise<Map<string, StackResource>> {
  const { DescribeStackResourcesCommand } = sdk('@aws-sdk/client-cloudformation');
  const out = await awsCall(
    'DescribeStackResourcesCommand',
    () => client.send(new DescribeStackResourcesCommand({ StackName: stackName })),
    `stack ${stackName}`,
  );
  if (!out.StackResources)
    throw new AwsError(`cloudformation DescribeStackResources for ${stackName} returned nothing`);
  return stackResourceMap(out.StackResources);
}

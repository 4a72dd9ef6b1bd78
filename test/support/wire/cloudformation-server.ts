import {
  queryError,
  queryOperation,
  queryResponse,
  startWireServer,
  type InjectedFault,
  type WireServer,
} from './wire-server.js';

/** CloudFormation query API: DescribeStackResources only. Test-only. */

export interface StackResourceFixture {
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
}

export interface CloudFormationFixtures {
  readonly stacks: Readonly<Record<string, readonly StackResourceFixture[]>>;
}

const xmlns = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export function startCloudFormationServer(
  fixtures: CloudFormationFixtures,
  faults: InjectedFault[] = [],
): Promise<WireServer> {
  return startWireServer(
    (req) => {
      if (req.operation !== 'DescribeStackResources')
        return queryError(400, 'InvalidAction', `Could not find operation ${req.operation}`);
      const name = req.form.get('StackName') ?? '';
      const resources = fixtures.stacks[name];
      if (!resources) return queryError(400, 'ValidationError', `Stack with id ${name} does not exist`);
      return queryResponse(req.operation, xmlns, {
        StackResources: resources.map((r) => ({
          StackName: name,
          StackId: `arn:aws:cloudformation:us-east-1:111122223333:stack/${name}/0000`,
          LogicalResourceId: r.LogicalResourceId,
          PhysicalResourceId: r.PhysicalResourceId,
          ResourceType: r.ResourceType,
          Timestamp: '2024-01-02T03:04:05.000Z',
          ResourceStatus: 'CREATE_COMPLETE',
        })),
      });
    },
    queryOperation,
    faults,
  );
}

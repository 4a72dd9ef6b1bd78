import {
  queryError,
  queryOperation,
  queryResponse,
  startWireServer,
  type InjectedFault,
  type WireServer,
} from './wire-server.js';

/** STS query API: AssumeRole hands out fixed temporary credentials. Test-only. */

export interface StsFixtures {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

const xmlns = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function startStsServer(fixtures: StsFixtures, faults: InjectedFault[] = []): Promise<WireServer> {
  return startWireServer(
    (req) => {
      if (req.operation !== 'AssumeRole')
        return queryError(400, 'InvalidAction', `Could not find operation ${req.operation}`);
      const roleArn = req.form.get('RoleArn') ?? '';
      const session = req.form.get('RoleSessionName') ?? '';
      const [, partition, , , account, resource = ''] = roleArn.split(':');
      return queryResponse(req.operation, xmlns, {
        Credentials: {
          AccessKeyId: fixtures.accessKeyId,
          SecretAccessKey: fixtures.secretAccessKey,
          SessionToken: fixtures.sessionToken,
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROAEXAMPLE:${session}`,
          Arn: `arn:${partition}:sts::${account}:assumed-role/${resource.split('/').pop()}/${session}`,
        },
      });
    },
    queryOperation,
    faults,
  );
}

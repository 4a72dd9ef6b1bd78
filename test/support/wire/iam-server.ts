import {
  page,
  queryError,
  queryOperation,
  queryResponse,
  startWireServer,
  type InjectedFault,
  type WireResponse,
  type WireServer,
} from './wire-server.js';

/** IAM query API (form POST, `Action=...`, XML), from fixtures. Test-only. */

export interface IamRoleFixture {
  readonly arn: string;
  readonly path?: string;
  readonly boundaryArn?: string;
  /** Inline policy name → document (sent URL-encoded, as IAM does). */
  readonly inline?: Readonly<Record<string, unknown>>;
  readonly attached?: readonly string[];
  /** GetRole's CreateDate; default 2024-01-02T03:04:05Z. */
  readonly createDate?: string;
}

/** What GetServiceLastAccessedDetails answers for one role's jobs. */
export interface LastAccessedFixture {
  /** ServicesLastAccessed entries, as the CLI prints them (dates as ISO text). */
  readonly services: readonly Record<string, unknown>[];
  /** How many polls answer IN_PROGRESS before the job completes. Default 0. */
  readonly inProgressPolls?: number;
  /** Services per page. Default 100. */
  readonly pageSize?: number;
  /** JobCompletionDate. Default 2026-11-01T00:00:00Z. */
  readonly completedAt?: string;
  /** Answer FAILED instead of COMPLETED. */
  readonly fail?: boolean;
}

export interface IamPolicyFixture {
  readonly name: string;
  readonly defaultVersion: string;
  readonly document: unknown;
  /** Non-default versions, version id → document (GetAccountAuthorizationDetails lists them all). */
  readonly otherVersions?: Readonly<Record<string, unknown>>;
}

export interface IamFixtures {
  readonly roles: Readonly<Record<string, IamRoleFixture>>;
  readonly policies?: Readonly<Record<string, IamPolicyFixture>>;
  /** Items per page for the List* operations (IAM's own default is 100). */
  readonly pageSize?: number;
  /** Actions (e.g. `GetRolePolicy`) answered with AccessDenied. */
  readonly deny?: readonly string[];
  /** Last-accessed reports by role ARN; a role without one gets a completed, empty report. */
  readonly lastAccessed?: Readonly<Record<string, LastAccessedFixture>>;
}

const xmlns = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** As IAM does: RFC 3986 percent-encoding of the JSON text. */
function encodeDocument(doc: unknown): string {
  return encodeURIComponent(JSON.stringify(doc, null, 2));
}

const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export function startIamServer(fixtures: IamFixtures, faults: InjectedFault[] = []): Promise<WireServer> {
  const pageSize = fixtures.pageSize ?? 100;
  const jobs = new Map<string, { arn: string; polls: number }>();
  const noSuchEntity = (what: string): WireResponse =>
    queryError(404, 'NoSuchEntity', `The ${what} cannot be found.`);
  const roleDetail = (name: string): unknown => {
    const role = fixtures.roles[name];
    if (!role) return undefined;
    return {
      Path: role.path ?? '/',
      RoleName: name,
      RoleId: 'AROAEXAMPLE',
      Arn: role.arn,
      CreateDate: role.createDate ?? '2024-01-02T03:04:05Z',
      AssumeRolePolicyDocument: encodeDocument(lambdaTrust),
      InstanceProfileList: [],
      RolePolicyList: Object.entries(role.inline ?? {}).map(([PolicyName, doc]) => ({
        PolicyName,
        PolicyDocument: encodeDocument(doc),
      })),
      AttachedManagedPolicies: (role.attached ?? []).map((arn) => ({
        PolicyName: fixtures.policies?.[arn]?.name ?? arn.slice(arn.lastIndexOf('/') + 1),
        PolicyArn: arn,
      })),
      PermissionsBoundary: role.boundaryArn
        ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: role.boundaryArn }
        : undefined,
      Tags: [],
    };
  };
  const policyDetail = (arn: string): unknown => {
    const pol = fixtures.policies?.[arn];
    if (!pol) return undefined;
    const versions = { ...pol.otherVersions, [pol.defaultVersion]: pol.document };
    return {
      PolicyName: pol.name,
      PolicyId: 'ANPAEXAMPLE',
      Arn: arn,
      Path: '/',
      DefaultVersionId: pol.defaultVersion,
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: '2024-01-02T03:04:05Z',
      UpdateDate: '2024-01-02T03:04:05Z',
      PolicyVersionList: Object.entries(versions).map(([VersionId, doc]) => ({
        Document: encodeDocument(doc),
        VersionId,
        IsDefaultVersion: VersionId === pol.defaultVersion,
        CreateDate: '2024-01-02T03:04:05Z',
      })),
    };
  };
  return startWireServer(
    (req) => {
      const action = req.operation;
      const f = req.form;
      if (fixtures.deny?.includes(action)) {
        return queryError(
          403,
          'AccessDenied',
          `User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: iam:${action} because no identity-based policy allows the iam:${action} action`,
        );
      }
      const roleName = f.get('RoleName') ?? '';
      const role = fixtures.roles[roleName];
      switch (action) {
        case 'GetRole': {
          if (!role) return noSuchEntity(`role with name ${roleName}`);
          return queryResponse(action, xmlns, {
            Role: {
              Path: role.path ?? '/',
              RoleName: roleName,
              RoleId: 'AROAEXAMPLE',
              Arn: role.arn,
              CreateDate: role.createDate ?? '2024-01-02T03:04:05Z',
              AssumeRolePolicyDocument: encodeDocument({ Version: '2012-10-17', Statement: [] }),
              PermissionsBoundary: role.boundaryArn
                ? {
                    PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
                    PermissionsBoundaryArn: role.boundaryArn,
                  }
                : undefined,
            },
          });
        }
        case 'ListRolePolicies': {
          if (!role) return noSuchEntity(`role with name ${roleName}`);
          const p = page(Object.keys(role.inline ?? {}), f.get('Marker'), pageSize);
          return queryResponse(action, xmlns, {
            PolicyNames: p.items,
            IsTruncated: p.next !== undefined,
            Marker: p.next,
          });
        }
        case 'GetRolePolicy': {
          const name = f.get('PolicyName') ?? '';
          const doc = role?.inline?.[name];
          if (!role || doc === undefined) return noSuchEntity(`role policy with name ${name}`);
          return queryResponse(action, xmlns, {
            RoleName: roleName,
            PolicyName: name,
            PolicyDocument: encodeDocument(doc),
          });
        }
        case 'ListAttachedRolePolicies': {
          if (!role) return noSuchEntity(`role with name ${roleName}`);
          const p = page(role.attached ?? [], f.get('Marker'), pageSize);
          return queryResponse(action, xmlns, {
            AttachedPolicies: p.items.map((arn) => ({
              PolicyName: fixtures.policies?.[arn]?.name ?? arn.slice(arn.lastIndexOf('/') + 1),
              PolicyArn: arn,
            })),
            IsTruncated: p.next !== undefined,
            Marker: p.next,
          });
        }
        case 'GetPolicy': {
          const arn = f.get('PolicyArn') ?? '';
          const pol = fixtures.policies?.[arn];
          if (!pol) return noSuchEntity(`policy ${arn}`);
          return queryResponse(action, xmlns, {
            Policy: {
              PolicyName: pol.name,
              PolicyId: 'ANPAEXAMPLE',
              Arn: arn,
              Path: '/',
              DefaultVersionId: pol.defaultVersion,
              AttachmentCount: 1,
              IsAttachable: true,
            },
          });
        }
        case 'GetPolicyVersion': {
          const arn = f.get('PolicyArn') ?? '';
          const pol = fixtures.policies?.[arn];
          if (!pol || f.get('VersionId') !== pol.defaultVersion)
            return noSuchEntity(`policy version ${f.get('VersionId')} of ${arn}`);
          return queryResponse(action, xmlns, {
            PolicyVersion: {
              Document: encodeDocument(pol.document),
              VersionId: pol.defaultVersion,
              IsDefaultVersion: true,
              CreateDate: '2024-01-02T03:04:05Z',
            },
          });
        }
        case 'GetAccountAuthorizationDetails': {
          // Filter.member.N; none given means every kind. Users and groups are never in the fixtures.
          const filter = [...f.entries()].filter(([k]) => k.startsWith('Filter.member.')).map(([, v]) => v);
          const wants = (kind: string): boolean => filter.length === 0 || filter.includes(kind);
          const items: { kind: 'role' | 'policy'; key: string }[] = [
            ...(wants('Role')
              ? Object.keys(fixtures.roles).map((key) => ({ kind: 'role' as const, key }))
              : []),
            ...Object.keys(fixtures.policies ?? {})
              .filter((arn) => wants(arn.includes(':iam::aws:') ? 'AWSManagedPolicy' : 'LocalManagedPolicy'))
              .map((key) => ({ kind: 'policy' as const, key })),
          ];
          const maxItems = Number(f.get('MaxItems') ?? pageSize);
          const p = page(items, f.get('Marker'), Math.min(pageSize, maxItems));
          return queryResponse(action, xmlns, {
            UserDetailList: [],
            GroupDetailList: [],
            RoleDetailList: p.items.filter((i) => i.kind === 'role').map((i) => roleDetail(i.key)),
            Policies: p.items.filter((i) => i.kind === 'policy').map((i) => policyDetail(i.key)),
            IsTruncated: p.next !== undefined,
            Marker: p.next,
          });
        }
        case 'GenerateServiceLastAccessedDetails': {
          const arn = f.get('Arn') ?? '';
          if (!Object.values(fixtures.roles).some((r) => r.arn === arn))
            return queryError(400, 'InvalidInput', `${arn} is not a role of this account`);
          const jobId = `job-${jobs.size + 1}-${f.get('Granularity') ?? 'SERVICE_LEVEL'}`;
          jobs.set(jobId, { arn, polls: 0 });
          return queryResponse(action, xmlns, { JobId: jobId });
        }
        case 'GetServiceLastAccessedDetails': {
          const job = jobs.get(f.get('JobId') ?? '');
          if (!job) return noSuchEntity(`job ${f.get('JobId')}`);
          const fx = fixtures.lastAccessed?.[job.arn] ?? { services: [] };
          const jobType = (f.get('JobId') ?? '').endsWith('ACTION_LEVEL') ? 'ACTION_LEVEL' : 'SERVICE_LEVEL';
          const base = { JobType: jobType, JobCreationDate: '2026-10-31T23:59:00Z' };
          if (!f.get('Marker') && job.polls++ < (fx.inProgressPolls ?? 0))
            return queryResponse(action, xmlns, {
              ...base,
              JobStatus: 'IN_PROGRESS',
              ServicesLastAccessed: [],
            });
          if (fx.fail)
            return queryResponse(action, xmlns, {
              ...base,
              JobStatus: 'FAILED',
              ServicesLastAccessed: [],
              Error: { Message: 'injected failure', Code: 'InternalFailure' },
            });
          const p = page(fx.services, f.get('Marker'), fx.pageSize ?? 100);
          return queryResponse(action, xmlns, {
            ...base,
            JobStatus: 'COMPLETED',
            JobCompletionDate: fx.completedAt ?? '2026-11-01T00:00:00Z',
            ServicesLastAccessed: p.items,
            IsTruncated: p.next !== undefined,
            Marker: p.next,
          });
        }
        default:
          return queryError(400, 'InvalidAction', `Could not find operation ${action}`);
      }
    },
    queryOperation,
    faults,
  );
}

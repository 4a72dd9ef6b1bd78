import {
  page,
  queryError,
  queryOperation,
  queryResponse,
  startWireServer,
  queryThrottling,
  type InjectedFault,
  type RecordedRequest,
  type WireResponse,
  type WireServer,
} from './wire-server.js';
import { parsePolicy } from '../../../src/policy/parse-policy.js';
import { statementMatches } from '../../../src/policy/match-statement.js';

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
  /** Actions SimulatePrincipalPolicy answers `implicitDeny` for, whatever the policies say. */
  readonly simulateDeny?: readonly string[];
}

/** The IAM operations that change state; write faults count only these. */
export const IAM_WRITE_OPERATIONS: readonly string[] = [
  'PutRolePolicy',
  'DeleteRolePolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
];

/**
 * A failure on write calls: `access-denied` answers AccessDenied to the `onWrite`-th write
 * only; `throttle-forever` answers Throttling to it and to every write after (it never clears
 * until `setWriteFault(undefined)`).
 */
export interface IamWriteFault {
  readonly kind: 'access-denied' | 'throttle-forever';
  /** 1-based, counted over write operations only. */
  readonly onWrite: number;
}

/** What a role looks like now, for comparing before and after (attachments sorted). */
export interface IamRoleState {
  readonly inline: Record<string, unknown>;
  readonly attached: string[];
  /** Every attached policy's default version id and document. */
  readonly policies: Record<string, { defaultVersion: string; document: unknown }>;
  readonly boundaryArn: string | undefined;
}

/** The IAM wire server, with its state readable and its write fault changeable. */
export interface IamWireServer extends WireServer {
  /** The role's current state (by role name). */
  roleState(roleName: string): IamRoleState;
  /** Every managed policy that exists now, by ARN (sorted). */
  policyArns(): string[];
  /** Version ids of a managed policy, oldest first. */
  versionIds(arn: string): string[];
  /** Replaces the write fault (undefined: none). */
  setWriteFault(fault: IamWriteFault | undefined): void;
  /** Write operations received so far (including failed ones), in order. */
  writes(): string[];
}

interface PolicyState {
  name: string;
  path: string;
  defaultVersion: string;
  versions: Map<string, { document: unknown; created: number }>;
  next: number;
}

interface RoleState {
  arn: string;
  path: string;
  boundaryArn: string | undefined;
  createDate: string | undefined;
  inline: Map<string, unknown>;
  attached: string[];
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

export async function startIamServer(
  fixtures: IamFixtures,
  faults: InjectedFault[] = [],
): Promise<IamWireServer> {
  const pageSize = fixtures.pageSize ?? 100;
  const jobs = new Map<string, { arn: string; polls: number }>();
  // Mutable state, copied from the fixtures, so write calls change what later reads see.
  let clock = 0;
  const roles = new Map<string, RoleState>(
    Object.entries(fixtures.roles).map(([name, r]) => [
      name,
      {
        arn: r.arn,
        path: r.path ?? '/',
        boundaryArn: r.boundaryArn,
        createDate: r.createDate,
        inline: new Map(Object.entries(r.inline ?? {})),
        attached: [...(r.attached ?? [])],
      },
    ]),
  );
  const policies = new Map<string, PolicyState>(
    Object.entries(fixtures.policies ?? {}).map(([arn, p]) => {
      const versions = new Map<string, { document: unknown; created: number }>();
      // Other versions are older than the default one, in the order given.
      for (const [id, doc] of Object.entries(p.otherVersions ?? {}))
        versions.set(id, { document: doc, created: clock++ });
      versions.set(p.defaultVersion, { document: p.document, created: clock++ });
      const numbers = [...versions.keys()].map((id) => Number(id.replace(/^v/, '')) || 0);
      return [
        arn,
        {
          name: p.name,
          path: '/',
          defaultVersion: p.defaultVersion,
          versions,
          next: Math.max(...numbers) + 1,
        },
      ];
    }),
  );
  let writeFault: IamWriteFault | undefined;
  const writes: string[] = [];
  const anyRoleArn = [...roles.values()][0]?.arn ?? 'arn:aws:iam::111122223333:role/x';
  const [, partition = 'aws', , , account = '111122223333'] = anyRoleArn.split(':');

  const noSuchEntity = (what: string): WireResponse =>
    queryError(404, 'NoSuchEntity', `The ${what} cannot be found.`);
  const dateOf = (n: number): string => new Date(Date.UTC(2024, 0, 2) + n * 60_000).toISOString();
  const nameOfPolicy = (arn: string): string =>
    policies.get(arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1);
  const roleDetail = (name: string): unknown => {
    const role = roles.get(name);
    if (!role) return undefined;
    return {
      Path: role.path,
      RoleName: name,
      RoleId: 'AROAEXAMPLE',
      Arn: role.arn,
      CreateDate: role.createDate ?? '2024-01-02T03:04:05Z',
      AssumeRolePolicyDocument: encodeDocument(lambdaTrust),
      InstanceProfileList: [],
      RolePolicyList: [...role.inline].map(([PolicyName, doc]) => ({
        PolicyName,
        PolicyDocument: encodeDocument(doc),
      })),
      AttachedManagedPolicies: role.attached.map((arn) => ({
        PolicyName: nameOfPolicy(arn),
        PolicyArn: arn,
      })),
      PermissionsBoundary: role.boundaryArn
        ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: role.boundaryArn }
        : undefined,
      Tags: [],
    };
  };
  const attachments = (arn: string): number =>
    [...roles.values()].filter((r) => r.attached.includes(arn)).length;
  const policyDetail = (arn: string): unknown => {
    const pol = policies.get(arn);
    if (!pol) return undefined;
    return {
      PolicyName: pol.name,
      PolicyId: 'ANPAEXAMPLE',
      Arn: arn,
      Path: pol.path,
      DefaultVersionId: pol.defaultVersion,
      AttachmentCount: attachments(arn),
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: '2024-01-02T03:04:05Z',
      UpdateDate: '2024-01-02T03:04:05Z',
      PolicyVersionList: [...pol.versions].map(([VersionId, v]) => ({
        Document: encodeDocument(v.document),
        VersionId,
        IsDefaultVersion: VersionId === pol.defaultVersion,
        CreateDate: dateOf(v.created),
      })),
    };
  };
  const parseDocument = (text: string | null): unknown => {
    try {
      return JSON.parse(text ?? '');
    } catch {
      return undefined;
    }
  };
  const malformed = (): WireResponse =>
    queryError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
  const documentsOf = (role: RoleState): unknown[] =>
    [
      ...role.inline.values(),
      ...role.attached.map((arn) => {
        const pol = policies.get(arn);
        return pol?.versions.get(pol.defaultVersion)?.document;
      }),
    ].filter((d) => d !== undefined);
  // The simulator: allowed when some Allow statement surely applies and no Deny may; a
  // boundary must allow too. Conditions are not evaluated (the fixtures use none).
  const decide = (
    docs: readonly unknown[],
    action: string,
    resource: string,
  ): 'allowed' | 'implicitDeny' | 'explicitDeny' => {
    const statements = docs.flatMap((d) => {
      const p = parsePolicy(d, 'simulated');
      return p.kind === 'policy' ? p.policy.statements : [];
    });
    if (statements.some((s) => s.effect === 'Deny' && statementMatches(s, action, resource) !== 'no'))
      return 'explicitDeny';
    return statements.some((s) => s.effect === 'Allow' && statementMatches(s, action, resource) === 'yes')
      ? 'allowed'
      : 'implicitDeny';
  };
  const members = (f: URLSearchParams, name: string): string[] =>
    [...f.entries()].filter(([k]) => k.startsWith(`${name}.member.`)).map(([, v]) => v);

  const handle = (req: RecordedRequest): WireResponse => {
    const action = req.operation;
    const f = req.form;
    if (fixtures.deny?.includes(action)) {
      return queryError(
        403,
        'AccessDenied',
        `User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: iam:${action} because no identity-based policy allows the iam:${action} action`,
      );
    }
    if (IAM_WRITE_OPERATIONS.includes(action)) {
      writes.push(action);
      const n = writes.length;
      if (writeFault?.kind === 'access-denied' && n === writeFault.onWrite)
        return queryError(
          403,
          'AccessDenied',
          `User: arn:aws:sts::111122223333:assumed-role/ci/x is not authorized to perform: iam:${action}`,
        );
      if (writeFault?.kind === 'throttle-forever' && n >= writeFault.onWrite) return queryThrottling;
    }
    const roleName = f.get('RoleName') ?? '';
    const role = roles.get(roleName);
    const policyArn = f.get('PolicyArn') ?? '';
    const pol = policies.get(policyArn);
    switch (action) {
      case 'GetRole': {
        if (!role) return noSuchEntity(`role with name ${roleName}`);
        return queryResponse(action, xmlns, {
          Role: {
            Path: role.path,
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
        const p = page([...role.inline.keys()], f.get('Marker'), pageSize);
        return queryResponse(action, xmlns, {
          PolicyNames: p.items,
          IsTruncated: p.next !== undefined,
          Marker: p.next,
        });
      }
      case 'GetRolePolicy': {
        const name = f.get('PolicyName') ?? '';
        const doc = role?.inline.get(name);
        if (!role || doc === undefined) return noSuchEntity(`role policy with name ${name}`);
        return queryResponse(action, xmlns, {
          RoleName: roleName,
          PolicyName: name,
          PolicyDocument: encodeDocument(doc),
        });
      }
      case 'ListAttachedRolePolicies': {
        if (!role) return noSuchEntity(`role with name ${roleName}`);
        const p = page(role.attached, f.get('Marker'), pageSize);
        return queryResponse(action, xmlns, {
          AttachedPolicies: p.items.map((arn) => ({ PolicyName: nameOfPolicy(arn), PolicyArn: arn })),
          IsTruncated: p.next !== undefined,
          Marker: p.next,
        });
      }
      case 'GetPolicy': {
        if (!pol) return noSuchEntity(`policy ${policyArn}`);
        return queryResponse(action, xmlns, {
          Policy: {
            PolicyName: pol.name,
            PolicyId: 'ANPAEXAMPLE',
            Arn: policyArn,
            Path: pol.path,
            DefaultVersionId: pol.defaultVersion,
            AttachmentCount: attachments(policyArn),
            IsAttachable: true,
          },
        });
      }
      case 'GetPolicyVersion': {
        const id = f.get('VersionId') ?? '';
        const v = pol?.versions.get(id);
        if (!pol || !v) return noSuchEntity(`policy version ${id} of ${policyArn}`);
        return queryResponse(action, xmlns, {
          PolicyVersion: {
            Document: encodeDocument(v.document),
            VersionId: id,
            IsDefaultVersion: id === pol.defaultVersion,
            CreateDate: dateOf(v.created),
          },
        });
      }
      case 'ListPolicyVersions': {
        if (!pol) return noSuchEntity(`policy ${policyArn}`);
        return queryResponse(action, xmlns, {
          Versions: [...pol.versions].map(([VersionId, v]) => ({
            VersionId,
            IsDefaultVersion: VersionId === pol.defaultVersion,
            CreateDate: dateOf(v.created),
          })),
          IsTruncated: false,
        });
      }
      case 'PutRolePolicy': {
        if (!role) return noSuchEntity(`role with name ${roleName}`);
        const doc = parseDocument(f.get('PolicyDocument'));
        if (doc === undefined) return malformed();
        role.inline.set(f.get('PolicyName') ?? '', doc);
        return queryResponse(action, xmlns, undefined);
      }
      case 'DeleteRolePolicy': {
        const name = f.get('PolicyName') ?? '';
        if (!role || !role.inline.has(name)) return noSuchEntity(`role policy with name ${name}`);
        role.inline.delete(name);
        return queryResponse(action, xmlns, undefined);
      }
      case 'CreatePolicy': {
        const name = f.get('PolicyName') ?? '';
        const path = f.get('Path') ?? '/';
        const arn = `arn:${partition}:iam::${account}:policy${path}${name}`;
        if (policies.has(arn))
          return queryError(409, 'EntityAlreadyExists', `A policy called ${name} already exists.`);
        const doc = parseDocument(f.get('PolicyDocument'));
        if (doc === undefined) return malformed();
        policies.set(arn, {
          name,
          path,
          defaultVersion: 'v1',
          versions: new Map([['v1', { document: doc, created: clock++ }]]),
          next: 2,
        });
        return queryResponse(action, xmlns, {
          Policy: { PolicyName: name, Arn: arn, Path: path, DefaultVersionId: 'v1', AttachmentCount: 0 },
        });
      }
      case 'DeletePolicy': {
        if (!pol) return noSuchEntity(`policy ${policyArn}`);
        if (attachments(policyArn) > 0 || pol.versions.size > 1)
          return queryError(
            409,
            'DeleteConflict',
            'Cannot delete a policy attached to entities or with versions.',
          );
        policies.delete(policyArn);
        return queryResponse(action, xmlns, undefined);
      }
      case 'CreatePolicyVersion': {
        if (!pol) return noSuchEntity(`policy ${policyArn}`);
        if (pol.versions.size >= 5)
          return queryError(409, 'LimitExceeded', `A managed policy can have up to 5 versions.`);
        const doc = parseDocument(f.get('PolicyDocument'));
        if (doc === undefined) return malformed();
        const id = `v${pol.next++}`;
        pol.versions.set(id, { document: doc, created: clock++ });
        const isDefault = f.get('SetAsDefault') === 'true';
        if (isDefault) pol.defaultVersion = id;
        return queryResponse(action, xmlns, {
          PolicyVersion: { VersionId: id, IsDefaultVersion: isDefault, CreateDate: dateOf(clock) },
        });
      }
      case 'DeletePolicyVersion': {
        const id = f.get('VersionId') ?? '';
        if (!pol || !pol.versions.has(id)) return noSuchEntity(`policy version ${id} of ${policyArn}`);
        if (id === pol.defaultVersion)
          return queryError(409, 'DeleteConflict', 'Cannot delete the default version of a policy.');
        pol.versions.delete(id);
        return queryResponse(action, xmlns, undefined);
      }
      case 'SetDefaultPolicyVersion': {
        const id = f.get('VersionId') ?? '';
        if (!pol || !pol.versions.has(id)) return noSuchEntity(`policy version ${id} of ${policyArn}`);
        pol.defaultVersion = id;
        return queryResponse(action, xmlns, undefined);
      }
      case 'AttachRolePolicy': {
        if (!role) return noSuchEntity(`role with name ${roleName}`);
        if (!pol) return noSuchEntity(`policy ${policyArn}`);
        if (!role.attached.includes(policyArn)) role.attached.push(policyArn);
        return queryResponse(action, xmlns, undefined);
      }
      case 'DetachRolePolicy': {
        if (!role) return noSuchEntity(`role with name ${roleName}`);
        if (!role.attached.includes(policyArn))
          return noSuchEntity(`policy ${policyArn} attached to ${roleName}`);
        role.attached = role.attached.filter((a) => a !== policyArn);
        return queryResponse(action, xmlns, undefined);
      }
      case 'SimulatePrincipalPolicy': {
        const source = f.get('PolicySourceArn') ?? '';
        const target = [...roles.values()].find((r) => r.arn === source);
        if (!target) return noSuchEntity(`entity ${source}`);
        const docs = documentsOf(target);
        const boundary = target.boundaryArn ? policies.get(target.boundaryArn) : undefined;
        const boundaryDoc = boundary?.versions.get(boundary.defaultVersion)?.document;
        const actions = members(f, 'ActionNames');
        const resources = members(f, 'ResourceArns');
        const results = actions.flatMap((a) =>
          (resources.length ? resources : ['*']).map((r) => {
            let decision = decide(docs, a, r);
            if (
              decision === 'allowed' &&
              boundaryDoc !== undefined &&
              decide([boundaryDoc], a, r) !== 'allowed'
            )
              decision = 'implicitDeny';
            if (fixtures.simulateDeny?.includes(a)) decision = 'implicitDeny';
            return { EvalActionName: a, EvalResourceName: r, EvalDecision: decision };
          }),
        );
        return queryResponse(action, xmlns, { EvaluationResults: results, IsTruncated: false });
      }
      case 'GetAccountAuthorizationDetails': {
        // Filter.member.N; none given means every kind. Users and groups are never in the fixtures.
        const filter = members(f, 'Filter');
        const wants = (kind: string): boolean => filter.length === 0 || filter.includes(kind);
        const items: { kind: 'role' | 'policy'; key: string }[] = [
          ...(wants('Role') ? [...roles.keys()].map((key) => ({ kind: 'role' as const, key })) : []),
          ...[...policies.keys()]
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
        if (![...roles.values()].some((r) => r.arn === arn))
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
  };
  const server = await startWireServer(handle, queryOperation, faults);
  return {
    ...server,
    roleState(name) {
      const role = roles.get(name);
      if (!role) throw new Error(`no role ${name}`);
      const attached = [...role.attached].sort();
      return {
        inline: Object.fromEntries([...role.inline].sort(([a], [b]) => a.localeCompare(b))),
        attached,
        policies: Object.fromEntries(
          attached.map((arn) => {
            const p = policies.get(arn);
            return [
              arn,
              {
                defaultVersion: p?.defaultVersion ?? '?',
                document: p?.versions.get(p.defaultVersion)?.document,
              },
            ];
          }),
        ),
        boundaryArn: role.boundaryArn,
      };
    },
    policyArns: () => [...policies.keys()].sort(),
    versionIds: (arn) =>
      [...(policies.get(arn)?.versions ?? new Map<string, { created: number }>())]
        .sort(([, a], [, b]) => a.created - b.created)
        .map(([id]) => id),
    setWriteFault(fault) {
      writeFault = fault;
    },
    writes: () => [...writes],
  };
}

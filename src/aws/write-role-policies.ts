import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  IAMClient,
  ListPolicyVersionsCommand,
  PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { AwsError } from '../errors/iamtrim-error.js';
import { awsCall } from './access-denied.js';

/** IAM keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

/** One version of a managed policy, as ListPolicyVersions gives it. */
export interface PolicyVersionInfo {
  readonly versionId: string;
  readonly isDefault: boolean;
  /** ms since the epoch; 0 when IAM gave no date. */
  readonly createdAt: number;
}

/**
 * The IAM writes `apply` and `rollback` make, one method per call (plus the two reads they
 * need about managed policies). Every failure is an `AwsError` naming the IAM action.
 */
export interface RoleWriter {
  putInline(roleName: string, policyName: string, document: unknown): Promise<void>;
  deleteInline(roleName: string, policyName: string): Promise<void>;
  /** A new default version; the oldest non-default version is deleted first when five exist. */
  createDefaultVersion(policyArn: string, document: unknown): Promise<string>;
  setDefaultVersion(policyArn: string, versionId: string): Promise<void>;
  listVersions(policyArn: string): Promise<PolicyVersionInfo[]>;
  /** Creates a customer-managed policy and returns its ARN. */
  createPolicy(name: string, path: string, document: unknown, description: string): Promise<string>;
  /** Deletes a managed policy with all its versions; one that is already gone is not an error. */
  deletePolicy(policyArn: string): Promise<void>;
  /** Whether a managed policy exists. */
  policyExists(policyArn: string): Promise<boolean>;
  attach(roleName: string, policyArn: string): Promise<void>;
  detach(roleName: string, policyArn: string): Promise<void>;
}

/** IAM's own text of a document: compact JSON (whitespace does not count against the limits). */
function documentText(document: unknown): string {
  return JSON.stringify(document);
}

function isNoSuchEntity(err: unknown): boolean {
  const cause = err instanceof AwsError ? err.cause : err;
  const e = cause as { name?: string; Code?: string } | undefined;
  return e?.name === 'NoSuchEntityException' || e?.name === 'NoSuchEntity' || e?.Code === 'NoSuchEntity';
}

/** The oldest non-default version: the one to delete when a policy already has five. */
export function oldestNonDefault(versions: readonly PolicyVersionInfo[]): PolicyVersionInfo | undefined {
  return [...versions]
    .filter((v) => !v.isDefault)
    .sort((a, b) => a.createdAt - b.createdAt || a.versionId.localeCompare(b.versionId))[0];
}

/** A `RoleWriter` over the real IAM client. Calls are sequential: IAM throttles hard. */
export function createRoleWriter(client: IAMClient): RoleWriter {
  const listVersions = async (policyArn: string): Promise<PolicyVersionInfo[]> => {
    const out = await awsCall(
      'ListPolicyVersionsCommand',
      () => client.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn })),
      policyArn,
    );
    return (out.Versions ?? []).map((v) => ({
      versionId: v.VersionId ?? '',
      isDefault: v.IsDefaultVersion === true,
      createdAt: v.CreateDate?.getTime() ?? 0,
    }));
  };
  const deleteVersion = (policyArn: string, versionId: string): Promise<unknown> =>
    awsCall(
      'DeletePolicyVersionCommand',
      () => client.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
      `${policyArn} ${versionId}`,
    );
  return {
    async putInline(roleName, policyName, document) {
      await awsCall(
        'PutRolePolicyCommand',
        () =>
          client.send(
            new PutRolePolicyCommand({
              RoleName: roleName,
              PolicyName: policyName,
              PolicyDocument: documentText(document),
            }),
          ),
        `${roleName}/${policyName}`,
      );
    },
    async deleteInline(roleName, policyName) {
      await awsCall(
        'DeleteRolePolicyCommand',
        () => client.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
        `${roleName}/${policyName}`,
      );
    },
    async createDefaultVersion(policyArn, document) {
      const versions = await listVersions(policyArn);
      if (versions.length >= MAX_POLICY_VERSIONS) {
        const oldest = oldestNonDefault(versions);
        if (oldest) await deleteVersion(policyArn, oldest.versionId);
      }
      const out = await awsCall(
        'CreatePolicyVersionCommand',
        () =>
          client.send(
            new CreatePolicyVersionCommand({
              PolicyArn: policyArn,
              PolicyDocument: documentText(document),
              SetAsDefault: true,
            }),
          ),
        policyArn,
      );
      const id = out.PolicyVersion?.VersionId;
      if (!id) throw new AwsError(`iam CreatePolicyVersion for ${policyArn} returned no version id`);
      return id;
    },
    async setDefaultVersion(policyArn, versionId) {
      await awsCall(
        'SetDefaultPolicyVersionCommand',
        () => client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
        `${policyArn} ${versionId}`,
      );
    },
    listVersions,
    async createPolicy(name, path, document, description) {
      const out = await awsCall(
        'CreatePolicyCommand',
        () =>
          client.send(
            new CreatePolicyCommand({
              PolicyName: name,
              Path: path,
              PolicyDocument: documentText(document),
              Description: description,
            }),
          ),
        name,
      );
      const arn = out.Policy?.Arn;
      if (!arn) throw new AwsError(`iam CreatePolicy for ${name} returned no ARN`);
      return arn;
    },
    async deletePolicy(policyArn) {
      let versions: PolicyVersionInfo[];
      try {
        versions = await listVersions(policyArn);
      } catch (err) {
        if (isNoSuchEntity(err)) return;
        throw err;
      }
      // IAM deletes a policy only once its non-default versions are gone.
      for (const v of versions) if (!v.isDefault) await deleteVersion(policyArn, v.versionId);
      await awsCall(
        'DeletePolicyCommand',
        () => client.send(new DeletePolicyCommand({ PolicyArn: policyArn })),
        policyArn,
      );
    },
    async policyExists(policyArn) {
      try {
        await awsCall(
          'GetPolicyCommand',
          () => client.send(new GetPolicyCommand({ PolicyArn: policyArn })),
          policyArn,
        );
        return true;
      } catch (err) {
        if (isNoSuchEntity(err)) return false;
        throw err;
      }
    },
    async attach(roleName, policyArn) {
      await awsCall(
        'AttachRolePolicyCommand',
        () => client.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })),
        `${policyArn} on ${roleName}`,
      );
    },
    async detach(roleName, policyArn) {
      await awsCall(
        'DetachRolePolicyCommand',
        () => client.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })),
        `${policyArn} on ${roleName}`,
      );
    },
  };
}

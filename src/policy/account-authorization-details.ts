import type {
  AccountAuthorization,
  AccountRole,
  GrantedPolicy,
  SkippedAuthorization,
} from '../model/account-role.js';
import { decodePolicyText } from './decode-policy-text.js';

/** The pages of GetAccountAuthorizationDetails as an `AccountAuthorization`, or why they are not one. */
export type AccountAuthorizationResult =
  | { readonly kind: 'authorization'; readonly authorization: AccountAuthorization }
  | { readonly kind: 'invalid'; readonly reason: string };

/** The fields that make an object a GetAccountAuthorizationDetails answer. */
const DETAIL_LISTS = ['RoleDetailList', 'Policies', 'UserDetailList', 'GroupDetailList'] as const;

/** AWS-managed policies live in the pseudo-account `aws` of each partition. */
export function managedPolicyKind(policyArn: string): 'customer-managed' | 'aws-managed' {
  return /^arn:[a-z-]+:iam::aws:policy\//.test(policyArn) ? 'aws-managed' : 'customer-managed';
}

/**
 * Turns the pages of GetAccountAuthorizationDetails (as the SDK returns them, or as the AWS
 * CLI prints them: documents URL-encoded text or already objects, dates text or `Date`) into
 * each role with its policies resolved to documents. An attached policy whose document is not
 * in the pages is `skipped` with why, and its role is still listed. Strings are kept verbatim:
 * escaping is the renderers' job. Never throws.
 */
export function toAccountAuthorization(
  pages: readonly unknown[],
  source: string,
): AccountAuthorizationResult {
  const skipped: SkippedAuthorization[] = [];
  // Maps, not records: role names and ARNs come from the file and may be `__proto__`.
  const rawRoles = new Map<string, Record<string, unknown>>();
  const policies = new Map<string, Record<string, unknown>>();
  let answers = 0;
  let truncated = 0;
  pages.forEach((page, i) => {
    const where = pages.length > 1 ? `page ${i + 1}` : 'the file';
    if (!isObject(page) || !DETAIL_LISTS.some((k) => Object.hasOwn(page, k))) {
      skipped.push({
        what: where,
        reason: `not a GetAccountAuthorizationDetails answer (no ${DETAIL_LISTS.join(', ')})`,
      });
      return;
    }
    answers++;
    if (page.IsTruncated === true) truncated++;
    listOf(page, 'Policies').forEach((p, j) => {
      const arn = isObject(p) ? p.Arn : undefined;
      if (isObject(p) && typeof arn === 'string') policies.set(arn, p);
      else skipped.push({ what: `${where}: Policies[${j}]`, reason: 'not a policy with an Arn' });
    });
    listOf(page, 'RoleDetailList').forEach((r, j) => {
      const arn = isObject(r) ? r.Arn : undefined;
      const name = isObject(r) ? r.RoleName : undefined;
      if (isObject(r) && typeof arn === 'string' && typeof name === 'string') {
        if (!rawRoles.has(arn)) rawRoles.set(arn, r);
      } else
        skipped.push({
          what: `${where}: RoleDetailList[${j}]`,
          reason: 'not a role with a RoleName and an Arn',
        });
    });
  });
  if (answers === 0)
    return {
      kind: 'invalid',
      reason: `not the output of aws iam get-account-authorization-details (no ${DETAIL_LISTS.join(', ')})`,
    };
  // The CLI's own pagination drops IsTruncated; pages written with --no-paginate keep it, and
  // only the last one says false. All of them true: the later pages are missing.
  if (truncated === answers)
    skipped.push({
      what: source,
      reason:
        'every page says IsTruncated: true, so the roles and policies of the pages after it are missing (run the command without --no-paginate, or append the remaining pages)',
    });
  const roles: AccountRole[] = [];
  for (const raw of rawRoles.values()) roles.push(toRole(raw, policies, skipped));
  return { kind: 'authorization', authorization: { source, roles, skipped } };
}

function toRole(
  raw: Record<string, unknown>,
  policies: ReadonlyMap<string, Record<string, unknown>>,
  skipped: SkippedAuthorization[],
): AccountRole {
  const arn = raw.Arn as string;
  const name = raw.RoleName as string;
  const granted: GrantedPolicy[] = [];
  listOf(raw, 'RolePolicyList').forEach((p, j) => {
    const policyName = isObject(p) && typeof p.PolicyName === 'string' ? p.PolicyName : undefined;
    const what = `inline policy ${policyName ?? `#${j + 1}`} of ${arn}`;
    const doc = isObject(p)
      ? documentOf(p.PolicyDocument)
      : { kind: 'invalid' as const, reason: 'not an object' };
    if (policyName === undefined || doc.kind === 'invalid')
      skipped.push({
        what,
        reason: doc.kind === 'invalid' ? doc.reason : 'no PolicyName',
        role: arn,
        part: 'grant',
      });
    else granted.push({ kind: 'inline', name: policyName, document: doc.document });
  });
  listOf(raw, 'AttachedManagedPolicies').forEach((a, j) => {
    const policyArn = isObject(a) && typeof a.PolicyArn === 'string' ? a.PolicyArn : undefined;
    if (policyArn === undefined) {
      skipped.push({
        what: `attached policy #${j + 1} of ${arn}`,
        reason: 'no PolicyArn',
        role: arn,
        part: 'grant',
      });
      return;
    }
    const resolved = resolveManaged(policyArn, policies);
    if (resolved.kind === 'invalid')
      skipped.push({
        what: `attached policy ${policyArn} of ${arn}`,
        reason: resolved.reason,
        role: arn,
        part: 'grant',
      });
    else granted.push(resolved.policy);
  });
  const boundaryArn = isObject(raw.PermissionsBoundary)
    ? raw.PermissionsBoundary.PermissionsBoundaryArn
    : undefined;
  let boundary: GrantedPolicy | undefined;
  if (typeof boundaryArn === 'string') {
    const resolved = resolveManaged(boundaryArn, policies);
    if (resolved.kind === 'invalid')
      skipped.push({
        what: `permissions boundary ${boundaryArn} of ${arn}`,
        reason: resolved.reason,
        role: arn,
        part: 'boundary',
      });
    else boundary = resolved.policy;
  }
  let trustPolicy: unknown;
  if (raw.AssumeRolePolicyDocument !== undefined) {
    const trust = documentOf(raw.AssumeRolePolicyDocument);
    if (trust.kind === 'invalid')
      skipped.push({ what: `trust policy of ${arn}`, reason: trust.reason, role: arn, part: 'trust' });
    else trustPolicy = trust.document;
  }
  const createDate = dateText(raw.CreateDate);
  return {
    arn,
    name,
    path: typeof raw.Path === 'string' ? raw.Path : '/',
    ...(createDate !== undefined ? { createDate } : {}),
    ...(trustPolicy !== undefined ? { trustPolicy } : {}),
    policies: granted,
    ...(boundary ? { boundary } : {}),
  };
}

/** A managed policy's default version, from the file's `Policies`. */
function resolveManaged(
  policyArn: string,
  policies: ReadonlyMap<string, Record<string, unknown>>,
): { kind: 'policy'; policy: GrantedPolicy } | { kind: 'invalid'; reason: string } {
  const kind = managedPolicyKind(policyArn);
  const p = policies.get(policyArn);
  if (!p)
    return {
      kind: 'invalid',
      reason:
        kind === 'aws-managed'
          ? 'the AWS-managed policy is not in the file (write it with --filter Role LocalManagedPolicy AWSManagedPolicy)'
          : 'the policy is not in the file (write it with --filter Role LocalManagedPolicy AWSManagedPolicy)',
    };
  const versions = listOf(p, 'PolicyVersionList').filter(isObject);
  const defaultId = typeof p.DefaultVersionId === 'string' ? p.DefaultVersionId : undefined;
  // DefaultVersionId names it; IsDefaultVersion is the fallback when the id is missing.
  const version =
    defaultId !== undefined
      ? versions.find((v) => v.VersionId === defaultId)
      : versions.find((v) => v.IsDefaultVersion === true);
  if (!version)
    return {
      kind: 'invalid',
      reason:
        defaultId !== undefined
          ? `its default version ${defaultId} is not in its PolicyVersionList`
          : 'no version in its PolicyVersionList is the default one',
    };
  const doc = documentOf(version.Document);
  if (doc.kind === 'invalid') return { kind: 'invalid', reason: doc.reason };
  const versionId = typeof version.VersionId === 'string' ? version.VersionId : defaultId;
  return {
    kind: 'policy',
    policy: {
      kind,
      name: typeof p.PolicyName === 'string' ? p.PolicyName : policyArn.slice(policyArn.lastIndexOf('/') + 1),
      arn: policyArn,
      ...(versionId !== undefined ? { versionId } : {}),
      document: doc.document,
    },
  };
}

/** A document as text (URL-encoded or JSON) or as the object the CLI already decoded. */
function documentOf(
  value: unknown,
): { kind: 'document'; document: unknown } | { kind: 'invalid'; reason: string } {
  if (typeof value === 'string') return decodePolicyText(value);
  if (isObject(value)) return { kind: 'document', document: value };
  return {
    kind: 'invalid',
    reason: value === undefined ? 'no policy document' : 'policy document is neither text nor an object',
  };
}

function dateText(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' ? value : undefined;
}

function listOf(o: Record<string, unknown>, key: string): readonly unknown[] {
  const v = Object.hasOwn(o, key) ? o[key] : undefined;
  return Array.isArray(v) ? v : [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

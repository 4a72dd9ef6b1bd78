// Pure: maps the account's authorization (read live or from a file) to the estate's roles;
// lives next to the live reader that is its only caller.
import type { AccountAuthorization, AccountRole, GrantedPolicy } from '../../model/account-role.js';
import type { AuditRole, AuditStatement } from '../../model/audit-estate.js';
import type { FindingLocation } from '../../model/finding.js';
import { trustedServices, trustsLambda } from '../../policy/trusted-services.js';

/** The roles functions run as, and what of them could not be read. */
export interface AuditRolesReading {
  readonly roles: AuditRole[];
  readonly skipped: { readonly what: string; readonly reason: string }[];
}

/**
 * The estate's role for each ARN some function runs as (sorted, each once). Statements come
 * from inline and customer-managed policies, flattened in IAM's order; AWS-managed policies
 * are listed by ARN only, as a template names them. A role missing from the authorization,
 * a policy or statement that cannot be read, and what the authorization itself skipped for
 * these roles are reported in `skipped`, never dropped silently.
 */
export function toAuditRoles(
  authorization: AccountAuthorization,
  roleArns: readonly string[],
): AuditRolesReading {
  const byArn = new Map(authorization.roles.map((r) => [r.arn, r]));
  const roles: AuditRole[] = [];
  const skipped: { what: string; reason: string }[] = [];
  for (const arn of [...new Set(roleArns)].sort(cmp)) {
    const role = byArn.get(arn);
    if (!role) {
      skipped.push({ what: arn, reason: `role not found in ${authorization.source}` });
      continue;
    }
    roles.push(toAuditRole(role, skipped));
  }
  const wanted = new Set(roleArns);
  for (const s of authorization.skipped)
    if (s.role !== undefined && wanted.has(s.role)) skipped.push({ what: s.what, reason: s.reason });
  return { roles, skipped };
}

function toAuditRole(role: AccountRole, skipped: { what: string; reason: string }[]): AuditRole {
  const place: FindingLocation = { kind: 'resource', arn: role.arn };
  const statements: AuditStatement[] = [];
  const managedPolicies: { ref: string; place: FindingLocation }[] = [];
  for (const p of role.policies) {
    if (p.kind !== 'inline') managedPolicies.push({ ref: p.arn ?? p.name, place });
    if (p.kind === 'aws-managed') continue;
    const read = statementsOf(p, place);
    if (read.kind === 'invalid')
      skipped.push({ what: `${role.arn} policy ${p.arn ?? p.name}`, reason: read.reason });
    else statements.push(...read.statements);
  }
  const services = role.trustPolicy === undefined ? undefined : trustedServices(role.trustPolicy);
  return {
    id: role.arn,
    arn: role.arn,
    name: role.name,
    place,
    ...(services !== undefined ? { trustsLambda: trustsLambda(services) } : {}),
    statements,
    managedPolicies,
  };
}

type StatementsReading =
  | { readonly kind: 'statements'; readonly statements: AuditStatement[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * A policy document's statements as written. A statement that cannot be read invalidates the
 * policy: rules that see only part of a policy could call it compliant.
 */
function statementsOf(policy: GrantedPolicy, place: FindingLocation): StatementsReading {
  const name = policy.kind === 'inline' ? policy.name : (policy.arn ?? policy.name);
  const doc = policy.document;
  if (!isObject(doc)) return { kind: 'invalid', reason: 'the policy document is not a JSON object' };
  const raw = own(doc, 'Statement');
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!list) return { kind: 'invalid', reason: 'the policy document has no Statement' };
  const statements: AuditStatement[] = [];
  for (const [index, s] of list.entries()) {
    if (!isObject(s)) return { kind: 'invalid', reason: `statement ${index} is not an object` };
    const effect = own(s, 'Effect');
    if (effect !== 'Allow' && effect !== 'Deny')
      return { kind: 'invalid', reason: `statement ${index} has no Effect Allow or Deny` };
    const actionKey = Object.hasOwn(s, 'NotAction') ? 'NotAction' : 'Action';
    const resourceKey = Object.hasOwn(s, 'NotResource') ? 'NotResource' : 'Resource';
    const actions = strings(own(s, actionKey));
    const resources = strings(own(s, resourceKey));
    if (!actions || !resources)
      return {
        kind: 'invalid',
        reason: `statement ${index} has no readable ${actions ? resourceKey : actionKey}`,
      };
    const sid = own(s, 'Sid');
    statements.push({
      policy: name,
      ...(typeof sid === 'string' ? { sid } : {}),
      index,
      effect,
      actionKey,
      actions,
      resourceKey,
      resources,
      hasCondition: isObject(own(s, 'Condition')),
      place,
    });
  }
  return { kind: 'statements', statements };
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

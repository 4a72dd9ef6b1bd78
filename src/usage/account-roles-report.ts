import type { AccountAuthorization } from '../model/account-role.js';
import type { AccountRoleSummary, AccountRolesReport } from '../model/account-roles-report.js';
import { trustedServices, trustsLambda } from '../policy/trusted-services.js';
import type { UsageReport } from './usage-report.js';

/**
 * Each role of the account file, sorted by ARN, with the services that may assume it and,
 * when usage is given, the functions seen acting as it (a role is matched by its exact ARN,
 * path included, as CloudTrail's session issuer names it).
 */
export function buildAccountRolesReport(
  auth: AccountAuthorization,
  usage?: { readonly report: UsageReport; readonly sources: readonly string[] },
): AccountRolesReport {
  const functionsOf = new Map<string, Set<string>>();
  for (const p of usage?.report.principals ?? []) {
    if (p.type !== 'role') continue;
    const set = functionsOf.get(p.arn) ?? new Set<string>();
    for (const f of p.functions) set.add(f);
    functionsOf.set(p.arn, set);
  }
  const roles = auth.roles.map((r): AccountRoleSummary => {
    const services = r.trustPolicy === undefined ? undefined : trustedServices(r.trustPolicy);
    const functions = usage ? [...(functionsOf.get(r.arn) ?? [])].sort(byString) : undefined;
    return {
      roleArn: r.arn,
      roleName: r.name,
      trustedServices: services,
      lambda: services ? trustsLambda(services) : undefined,
      policies: r.policies.length,
      boundary: r.boundary?.arn ?? r.boundary?.name,
      functions,
      shared: functions ? functions.length > 1 : undefined,
    };
  });
  return {
    source: auth.source,
    evidence: [...(usage?.sources ?? [])],
    roles: roles.sort((a, b) => byString(a.roleArn, b.roleArn)),
    skipped: auth.skipped.map((s) => ({ what: s.what, reason: s.reason })),
  };
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

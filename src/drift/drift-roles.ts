import type { AccountRole } from '../model/account-role.js';
import { isLambdaExecutionRole } from '../synthesize/lambda-role.js';
import type { PrincipalReport, UsageReport } from '../usage/usage-report.js';
import { trustedServices, trustsLambda } from '../policy/trusted-services.js';

/** A role drift judges: known to IAM (with its policies), or seen only in the evidence. */
export type DriftRole =
  | {
      readonly kind: 'known';
      readonly arn: string;
      readonly account: AccountRole;
      readonly usage?: PrincipalReport;
    }
  | { readonly kind: 'evidence-only'; readonly arn: string; readonly usage: PrincipalReport };

/**
 * The Lambda execution roles to judge, sorted by ARN: every granted role whose trust lets
 * Lambda assume it or whose sessions in the evidence are functions, and every role the
 * evidence shows acting for functions that IAM (or the file) did not list. `only` (role
 * ARNs or names, `--role`) narrows both.
 */
export function selectDriftRoles(
  roles: readonly AccountRole[],
  usage: UsageReport,
  only?: readonly string[],
): DriftRole[] {
  const principals = usage.principals.filter((p) => p.type === 'role');
  const claimed = new Set<string>();
  const out: DriftRole[] = [];
  for (const account of roles) {
    const p = principals.find((x) => sameRole(account, x.arn));
    if (p) claimed.add(p.arn);
    // A known trust policy decides: Lambda cannot assume a role that does not trust it,
    // whatever its sessions are named. Only without one do the sessions tell.
    const lambda =
      account.trustPolicy !== undefined
        ? trustsLambda(trustedServices(account.trustPolicy) ?? [])
        : p !== undefined && isLambdaExecutionRole(p.functions);
    if (!lambda) continue;
    out.push({ kind: 'known', arn: account.arn, account, ...(p ? { usage: p } : {}) });
  }
  for (const p of principals)
    if (!claimed.has(p.arn) && !isReservedRole(p.arn) && isLambdaExecutionRole(p.functions))
      out.push({ kind: 'evidence-only', arn: p.arn, usage: p });
  const wanted = only && only.length > 0 ? only : undefined;
  return out
    .filter((r) => !wanted || wanted.some((w) => (w.startsWith('arn:') ? w === r.arn : nameOf(r.arn) === w)))
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

// IAM Identity Center roles (a person's session is named after them, which can look like a
// function) and service-linked roles are never Lambda execution roles.
function isReservedRole(arn: string): boolean {
  return /:role\/aws-(reserved|service-role)\//.test(arn);
}

// The evidence names the role by sessionIssuer.arn, path included; IAM lists the same ARN.
function sameRole(role: AccountRole, arn: string): boolean {
  if (arn === role.arn) return true;
  return nameOf(arn) === role.name && accountOf(arn) === accountOf(role.arn);
}

/** The role name: the ARN's last path segment. */
export function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

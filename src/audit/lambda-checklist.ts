import { UsageError } from '../errors/iamtrim-error.js';
import type { FindingSeverity } from '../model/finding.js';
import type { AuditRule } from './audit-rule.js';
import { credentialsExposureRule } from './rules/credentials-exposure.js';
import { customLogGroupUnreachableRule } from './rules/custom-log-group-unreachable.js';
import { dataExfiltrationRule } from './rules/data-exfiltration.js';
import { functionUrlCorsWildcardRule } from './rules/function-url-cors-wildcard.js';
import { functionUrlPublicRule } from './rules/function-url-public.js';
import { logGroupRetentionRule } from './rules/log-group-retention.js';
import { passRoleWildcardRule } from './rules/passrole-wildcard.js';
import { privilegeEscalationRule } from './rules/privilege-escalation.js';
import { privilegedManagedPolicyRule } from './rules/privileged-managed-policy.js';
import { publicInvokeRule } from './rules/public-invoke.js';
import { resourceExposureRule } from './rules/resource-exposure.js';
import { roleCannotWriteLogsRule } from './rules/role-cannot-write-logs.js';
import { serviceInvokeUnscopedRule } from './rules/service-invoke-unscoped.js';
import { sharedRoleRule } from './rules/shared-role.js';
import { suppressionWithoutReasonRule } from './rules/suppression-without-reason.js';
import { tracingInactiveRule } from './rules/tracing-inactive.js';
import { unexpectedInvokerRule } from './rules/unexpected-invoker.js';
import { unusedGrantsRule } from './rules/unused-grants.js';
import { wildcardActionRule } from './rules/wildcard-action.js';
import { wildcardResourceRule } from './rules/wildcard-resource.js';

/** A rule in a pack, with the severity the pack gives its findings. */
export interface PackedRule {
  readonly rule: AuditRule;
  readonly severity: FindingSeverity;
}

/**
 * The `lambda-checklist` pack: the project's checklist for Lambda estates (no wildcards, least
 * privilege, one role per function, no public invocation, logging and tracing), in report order.
 * Severities follow cloudsplaining's where it rates the same risk.
 */
export const lambdaChecklist: readonly PackedRule[] = [
  { rule: wildcardActionRule, severity: 'high' },
  { rule: wildcardResourceRule, severity: 'medium' },
  { rule: privilegedManagedPolicyRule, severity: 'high' },
  { rule: passRoleWildcardRule, severity: 'high' },
  { rule: privilegeEscalationRule, severity: 'high' },
  { rule: resourceExposureRule, severity: 'high' },
  { rule: dataExfiltrationRule, severity: 'medium' },
  { rule: credentialsExposureRule, severity: 'high' },
  { rule: sharedRoleRule, severity: 'medium' },
  { rule: publicInvokeRule, severity: 'high' },
  { rule: serviceInvokeUnscopedRule, severity: 'medium' },
  { rule: functionUrlPublicRule, severity: 'high' },
  { rule: functionUrlCorsWildcardRule, severity: 'medium' },
  { rule: unexpectedInvokerRule, severity: 'medium' },
  { rule: roleCannotWriteLogsRule, severity: 'medium' },
  { rule: customLogGroupUnreachableRule, severity: 'medium' },
  { rule: logGroupRetentionRule, severity: 'low' },
  { rule: tracingInactiveRule, severity: 'low' },
  { rule: unusedGrantsRule, severity: 'medium' },
  { rule: suppressionWithoutReasonRule, severity: 'low' },
];

/**
 * The pack's rules narrowed by `--rules` (only these) and `--skip` (all but these), in pack
 * order. An unknown id is a usage error that lists the valid ones.
 */
export function selectRules(
  pack: readonly PackedRule[],
  selection: { readonly rules?: readonly string[]; readonly skip?: readonly string[] },
): PackedRule[] {
  const ids = pack.map((p) => p.rule.id);
  for (const [flag, list] of [
    ['--rules', selection.rules],
    ['--skip', selection.skip],
  ] as const) {
    const unknown = (list ?? []).filter((id) => !ids.includes(id));
    if (unknown.length)
      throw new UsageError(`${flag}: unknown rule id(s) ${unknown.join(', ')}; valid ids: ${ids.join(', ')}`);
  }
  return pack.filter(
    (p) =>
      (selection.rules === undefined || selection.rules.includes(p.rule.id)) &&
      !(selection.skip ?? []).includes(p.rule.id),
  );
}

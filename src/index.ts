// The public library API. The CLI is one client of it.
export {
  IamtrimError,
  UsageError,
  InputError,
  AwsError,
  InvariantError,
  IamLimitError,
} from './errors/iamtrim-error.js';
export {
  policySize,
  checkLimits,
  MANAGED_POLICY_LIMIT,
  INLINE_TOTAL_LIMIT,
  MANAGED_POLICIES_PER_ROLE,
  type LimitCheck,
  type PolicyKind,
} from './verify/iam-limits.js';
export { compactPolicy } from './synthesize/compact-to-fit.js';
export { splitPolicies, type PolicyPart } from './synthesize/split-policy.js';
export { normalizeRecord, isTrailRecord } from './normalize/normalize-record.js';
export type { TrailEvent, Principal, ErrorClass, NormalizeResult } from './normalize/trail-event.js';
export type { RawTrailRecord } from './normalize/raw-trail-record.js';
export { mapEvent, type EventCatalog, type MapResult, type MappedAction } from './catalog/map-event.js';
export type { ActionCatalog, ActionInfo, ResourceTypeInfo } from './catalog/action-catalog.js';
export { IamDataCatalog } from './catalog/iam-data-catalog.js';
export { createEventCatalog } from './catalog/create-event-catalog.js';
export { addRecord, defaultAggregateOptions, type AggregateOptions } from './usage/add-record.js';
export { createUsageAccumulator, type UsageAccumulator } from './usage/usage-accumulator.js';
export { mergeUsage } from './usage/merge-usage.js';
export { toUsageReport, type UsageReport } from './usage/usage-report.js';
export { scanTrail, type ScanOptions } from './sources/scan-trail.js';
export { readTrailFile } from './sources/read-trail-file.js';
export { readAccountAuthorizationFile } from './sources/read-account-authorization.js';
export { readAccountAuthorization } from './aws/read-account-authorization.js';
export { toAccountAuthorization } from './policy/account-authorization-details.js';
export { parseGrantedPolicies, type GrantedPolicies } from './policy/parse-granted-policies.js';
export type { AccountAuthorization, AccountRole, GrantedPolicy } from './model/account-role.js';
export { renderUsageTable } from './render/usage-table.js';
export { createCatalog, eventCatalogOf, type Catalog } from './catalog/catalog.js';
export {
  suggest,
  suggestRole,
  defaultSuggestOptions,
  type SuggestInput,
  type SuggestOptions,
  type SuggestOutcome,
  type SuggestRequest,
} from './actions/suggest.js';
export {
  patchTemplates,
  locateTemplates,
  defaultPatchOptions,
  type PatchInput,
  type PatchOptions,
  type PatchPorts,
  type PatchResult,
} from './actions/patch.js';
// The three use cases under their short names: `suggest` (above), `patch` and `verify`.
export { patchTemplates as patch } from './actions/patch.js';
export {
  verifyTightening,
  verifyTightening as verify,
  type VerifyInput,
  type VerifyReport,
} from './verify/verify-tightening.js';
export { parsePolicy, type ParsePolicyResult } from './policy/parse-policy.js';
export type { Policy, Statement } from './policy/policy.js';
export { readPolicyFile } from './sources/read-policy-file.js';
export { readUsageFile } from './sources/read-usage-file.js';
export type { SuggestReport } from './model/suggest-report.js';
export {
  driftRun,
  coverageOfDays,
  defaultDriftOptions,
  type DriftInput,
  type DriftOptions,
  type DriftOutcome,
} from './actions/drift.js';
export { hashCanonical, canonicalJson } from './drift/canonical-json.js';
// The audit: a pure use case over an AuditEstate (templates or the live account).
export { audit, type AuditInput } from './actions/audit.js';
export { lambdaChecklist, selectRules, type PackedRule } from './audit/lambda-checklist.js';
export { parseBaseline, baselineOf, type AuditBaseline } from './audit/baseline.js';
export type { AuditRule, AuditContext, RemovableGrants, RuleOutcome } from './audit/audit-rule.js';
export type { AuditEstate } from './model/audit-estate.js';
export type { AuditReport, AuditFinding, AuditRuleSummary, SuppressedFinding } from './model/audit-report.js';

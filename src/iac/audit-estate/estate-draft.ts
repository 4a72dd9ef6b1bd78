import type {
  AuditEstate,
  AuditFunction,
  AuditFunctionUrl,
  AuditInvokePermission,
  AuditLogGroup,
  AuditRole,
  AuditStatement,
} from '../../model/audit-estate.js';
import type { FindingLocation } from '../../model/finding.js';

/** A place in a file (what every template subject has). */
export type FilePlace = Extract<FindingLocation, { kind: 'file' }>;

/** One suppression as written in a template. */
export type AuditSuppression = NonNullable<AuditFunction['suppressions']>[number];

/** A function being read: every list still open, filled by the format's readers in turn. */
export interface FunctionDraft {
  id: string;
  name?: string;
  place: FilePlace;
  role?: string;
  roleText?: string;
  /** The role's id-like name (logical id, address) before it is known to be one of the estate's roles. */
  roleRef?: string;
  tracing?: string;
  customLogGroup?: string;
  permissions: AuditInvokePermission[];
  url?: AuditFunctionUrl;
  invokers: string[];
  suppressions: AuditSuppression[];
}

/** A role being read. */
export interface RoleDraft {
  id: string;
  arn?: string;
  name?: string;
  place: FilePlace;
  trustsLambda?: boolean;
  statements: AuditStatement[];
  managedPolicies: { ref: string; place: FindingLocation }[];
  suppressions: AuditSuppression[];
  /** True when read from the role's own declaration (not only named by a policy or function). */
  declared?: boolean;
}

/**
 * Something that names its function by reference (a Terraform permission, URL or mapping),
 * settled once every file of the unit is read: the function may be in a sibling file.
 */
export interface PendingLink {
  /** The function's address (`aws_lambda_function.x`, `module.x`), when it is a reference. */
  readonly address?: string;
  /** The function's name (or ARN) as written, when it is a literal. */
  readonly name?: string;
  /** What it is, for `skipped`: `main.tf:12 permission aws_lambda_permission.x`. */
  readonly what: string;
  /** The function value as written, for the skipped reason. */
  readonly written?: string;
  readonly apply: (f: FunctionDraft) => void;
}

/** One template's estate while it is read: by id, in the order the file declares them. */
export interface EstateDraft {
  readonly file: string;
  /** The files read into it (one, or a Terraform module's files). */
  readonly subjects: string[];
  readonly pending: PendingLink[];
  readonly functions: Map<string, FunctionDraft>;
  readonly roles: Map<string, RoleDraft>;
  readonly logGroups: AuditLogGroup[];
  readonly skipped: { what: string; reason: string }[];
}

/** An empty draft for `file`. */
export function createEstateDraft(file: string): EstateDraft {
  return {
    file,
    subjects: [file],
    pending: [],
    functions: new Map(),
    roles: new Map(),
    logGroups: [],
    skipped: [],
  };
}

/** The place of a line of the draft's file. */
export function placeAt(file: string, line: number): FilePlace {
  return { kind: 'file', file, line };
}

/** A new function draft with nothing known but where it is. */
export function draftFunction(id: string, place: FilePlace): FunctionDraft {
  return { id, place, permissions: [], invokers: [], suppressions: [] };
}

/** The role `id`, created at `place` when the draft does not have it yet. */
export function ensureRole(draft: EstateDraft, id: string, place: FilePlace): RoleDraft {
  let role = draft.roles.get(id);
  if (!role) {
    role = { id, place, statements: [], managedPolicies: [], suppressions: [] };
    draft.roles.set(id, role);
  }
  return role;
}

/**
 * The finished estate: lists in file order, invokers without repeats, and optional fields
 * only where the template set them (so a missing value reads as "not written").
 */
export function finishEstate(draft: EstateDraft): AuditEstate {
  const functions: AuditFunction[] = [...draft.functions.values()].map((f) => ({
    id: f.id,
    ...(f.name === undefined ? {} : { name: f.name }),
    place: f.place,
    ...(f.role === undefined ? {} : { role: f.role }),
    ...(f.roleText === undefined ? {} : { roleText: f.roleText }),
    ...(f.tracing === undefined ? {} : { tracing: f.tracing }),
    ...(f.customLogGroup === undefined ? {} : { customLogGroup: f.customLogGroup }),
    permissions: f.permissions,
    ...(f.url === undefined ? {} : { url: f.url }),
    invokers: [...new Set(f.invokers)],
    ...(f.suppressions.length ? { suppressions: f.suppressions } : {}),
  }));
  const roles: AuditRole[] = [...draft.roles.values()].map((r) => ({
    id: r.id,
    ...(r.arn === undefined ? {} : { arn: r.arn }),
    ...(r.name === undefined ? {} : { name: r.name }),
    place: r.place,
    ...(r.trustsLambda === undefined ? {} : { trustsLambda: r.trustsLambda }),
    statements: r.statements,
    managedPolicies: r.managedPolicies,
    ...(r.suppressions.length ? { suppressions: r.suppressions } : {}),
  }));
  return {
    subjects: draft.subjects,
    functions,
    roles,
    logGroups: draft.logGroups,
    skipped: draft.skipped,
  };
}

import type { AuditEstate, AuditFunction, AuditRole } from '../model/audit-estate.js';

/** The estate's functions that run as the role (by `AuditRole.id`). */
export function functionsOfRole(estate: AuditEstate, roleId: string): AuditFunction[] {
  return estate.functions.filter((f) => f.role === roleId);
}

/** The estate role a function runs as, when the estate has it. */
export function roleOfFunction(estate: AuditEstate, fn: AuditFunction): AuditRole | undefined {
  return fn.role === undefined ? undefined : estate.roles.find((r) => r.id === fn.role);
}

/**
 * Whether a role is a Lambda execution role: a function of the estate runs as it, or its trust
 * policy lets Lambda assume it. Other roles in a template are not this audit's subject.
 */
export function isExecutionRole(estate: AuditEstate, role: AuditRole): boolean {
  return role.trustsLambda === true || estate.functions.some((f) => f.role === role.id);
}

/** The role's name: as given, else the last path segment of its ARN or id. */
export function roleNameOf(role: AuditRole): string {
  return role.name ?? (role.arn ?? role.id).split('/').pop() ?? role.id;
}

/** A function's deployed name, when known: its `name`, or the name in its ARN id. */
export function functionNameOf(fn: AuditFunction): string | undefined {
  if (fn.name) return fn.name;
  const m = /^arn:[\w-]+:lambda:[^:]*:\d*:function:([^:]+)/.exec(fn.id);
  return m?.[1];
}

/** Region and account of a live function's ARN id (template functions have none). */
export function functionScope(
  fn: AuditFunction,
): { partition: string; region: string; account: string } | undefined {
  const m = /^arn:([\w-]+):lambda:([^:]+):(\d{12}):function:/.exec(fn.id);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]! } : undefined;
}

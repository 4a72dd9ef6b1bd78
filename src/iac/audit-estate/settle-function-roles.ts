import type { EstateDraft } from './estate-draft.js';

/**
 * Links each function to its role once every role and policy of the file is placed: a
 * function whose role name (`roleRef`) is one of the estate's roles runs as it; any other
 * keeps the role as written in `roleText`.
 */
export function settleFunctionRoles(draft: EstateDraft): void {
  for (const f of draft.functions.values()) {
    if (f.roleRef !== undefined && draft.roles.has(f.roleRef)) {
      f.role = f.roleRef;
      delete f.roleText;
    } else if (f.roleText === undefined && f.roleRef !== undefined) f.roleText = f.roleRef;
  }
}

// Pure: groups already-listed functions; lives in aws/ next to the listing it reads.
import type { DeployedFunction, RoleFunctions } from '../model/role-functions.js';

export type { RoleFunctions } from '../model/role-functions.js';

/** Groups functions by execution role, roles sorted by ARN and functions by region/name. */
export function groupByRole(functions: readonly DeployedFunction[]): RoleFunctions[] {
  const byRole = new Map<string, DeployedFunction[]>();
  for (const f of functions) {
    const list = byRole.get(f.roleArn) ?? [];
    list.push(f);
    byRole.set(f.roleArn, list);
  }
  return [...byRole.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([roleArn, list]) => {
      const sorted = [...list].sort((a, b) =>
        a.region === b.region ? cmp(a.functionName, b.functionName) : cmp(a.region, b.region),
      );
      return { roleArn, functions: sorted, shared: sorted.length > 1 };
    });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

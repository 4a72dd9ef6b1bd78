import type { StatementJson } from '../policy/policy-json.js';
import type { DeniedReport } from '../usage/usage-report.js';

/** A denied call, with the statement that would allow it and the evidence for it. */
export interface MissingPermission {
  readonly action: string;
  readonly errorCode: string;
  readonly count: number;
  readonly lastSeen: string;
  readonly functions: readonly string[];
  /** A suggestion only: iamtrim never adds it to a policy by itself. */
  readonly statement: StatementJson;
}

/**
 * Turns denied calls into suggestions: one Allow statement per action, scoped to the
 * resources the denied calls named (or `*` when they named none iamtrim could resolve).
 */
export function missingPermissions(denied: readonly DeniedReport[]): MissingPermission[] {
  const byAction = new Map<string, DeniedReport[]>();
  for (const d of denied) byAction.set(d.action, [...(byAction.get(d.action) ?? []), d]);
  return [...byAction]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([action, list]) => {
      const resources = [...new Set(list.flatMap((d) => d.resources))].sort();
      const sid = `Missing${action.replace(/[^A-Za-z0-9]/g, '')}`;
      return {
        action,
        errorCode: [...new Set(list.map((d) => d.errorCode))].join(', '),
        count: list.reduce((n, d) => n + d.count, 0),
        lastSeen:
          list
            .map((d) => d.lastSeen)
            .sort()
            .at(-1) ?? '',
        functions: [...new Set(list.flatMap((d) => d.functions))].sort(),
        statement: {
          Sid: sid,
          Effect: 'Allow',
          Action: action,
          Resource: resources.length === 1 ? (resources[0] as string) : resources.length ? resources : '*',
        },
      };
    });
}

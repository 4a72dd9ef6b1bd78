import type { ActionCatalog } from '../catalog/action-catalog.js';
import type { PolicyDocumentJson, StatementJson } from '../policy/policy-json.js';
import { requiredDecision, usedDecision, type Decision } from './decision.js';
import {
  defaultGeneralizeOptions,
  generalizeResources,
  type GeneralizeOptions,
} from './generalize-resources.js';
import type { RoleEvidence } from './role-evidence.js';
import type { ActionReport } from '../usage/usage-report.js';

/**
 * A least-privilege policy written from usage alone (when no policy is given): one
 * statement per service and resource set, with stable Sids. Actions whose calls named
 * no resource iamtrim could resolve get `*`, and say so in the decisions.
 */
export function freshPolicy(
  evidence: RoleEvidence,
  catalog: ActionCatalog,
  generalize: GeneralizeOptions = defaultGeneralizeOptions,
): { policy: PolicyDocumentJson; decisions: Decision[] } {
  const decisions: Decision[] = [];
  const groups = new Map<string, { service: string; actions: string[]; resources: string[] }>();
  const ref = { source: '(new policy)', index: 0, sid: undefined };
  // What Lambda needs on the functions' behalf is granted like observed use.
  const needed = new Map<string, ActionReport>();
  for (const u of evidence.used.values()) needed.set(u.action.toLowerCase(), u);
  for (const req of evidence.required) {
    const key = req.action.toLowerCase();
    const prev = needed.get(key);
    const resources = req.resources.filter((r) => r !== '*');
    const anywhere = resources.length < req.resources.length;
    needed.set(key, {
      action: prev?.action ?? req.action,
      count: prev?.count ?? 0,
      firstSeen: prev?.firstSeen ?? '',
      lastSeen: prev?.lastSeen ?? '',
      resources: [...new Set([...(prev?.resources ?? []), ...resources])].sort(),
      functions: [...new Set([...(prev?.functions ?? []), ...req.functions])].sort(),
      ...(anywhere || prev?.unresolved ? { unresolved: (prev?.unresolved ?? 0) + 1 } : {}),
    });
    decisions.push(requiredDecision(ref, req));
  }
  for (const used of [...needed.values()].sort((a, b) => (a.action < b.action ? -1 : 1))) {
    const info = catalog.action(used.action);
    const service = used.action.slice(0, used.action.indexOf(':'));
    let resources: string[];
    if (!info || info.resourceTypes.length === 0) resources = ['*'];
    else if (used.unresolved || used.resources.length === 0) {
      resources = ['*'];
      decisions.push({
        kind: 'resources-kept',
        statement: ref,
        actions: [used.action],
        reason: 'the calls named no resource iamtrim could resolve, so the new statement uses *',
      });
    } else resources = generalizeResources(used.resources, generalize, catalog).map((g) => g.pattern);
    const key = `${service}\u0000${JSON.stringify(resources)}`;
    const g = groups.get(key) ?? { service, actions: [], resources };
    g.actions.push(used.action);
    groups.set(key, g);
    if (used.count > 0) decisions.push(usedDecision(ref, used));
  }
  const perService = new Map<string, number>();
  const statements: StatementJson[] = [...groups.values()]
    .sort((a, b) => (a.service + a.actions[0] < b.service + b.actions[0] ? -1 : 1))
    .map((g) => {
      const n = (perService.get(g.service) ?? 0) + 1;
      perService.set(g.service, n);
      const sid = `${pascal(g.service)}${n > 1 ? n : ''}`;
      return {
        Sid: sid,
        Effect: 'Allow',
        Action: g.actions,
        Resource: g.resources.length === 1 ? (g.resources[0] as string) : g.resources,
      };
    });
  return { policy: { Version: '2012-10-17', Statement: statements }, decisions };
}

function pascal(service: string): string {
  return service
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

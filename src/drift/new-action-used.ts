import type { ActionCatalog } from '../catalog/action-catalog.js';
import type { Finding } from '../model/finding.js';
import { matchArn } from '../policy/match-statement.js';
import { isPattern } from '../policy/wildcard.js';
import type { ActionReport, PrincipalReport } from '../usage/usage-report.js';
import { boundedList } from './bounded-list.js';
import { severityOfNewAction } from './drift-severity.js';

/**
 * `new-action-used`: a (function, action) the window holds now that it did not before this
 * run's logs were merged, and an action already used that reached new resources (one finding
 * per action, listing them). Medium for a changing access level, else low.
 */
export function findNewActions(
  role: string,
  before: PrincipalReport | undefined,
  after: PrincipalReport,
  catalog: ActionCatalog,
): Finding[] {
  const old = new Map((before?.actions ?? []).map((a) => [a.action.toLowerCase(), a]));
  const out: Finding[] = [];
  for (const a of after.actions) {
    const b = old.get(a.action.toLowerCase());
    const severity = severityOfNewAction(catalog.action(a.action)?.accessLevel);
    const oldFns = new Set(b?.functions ?? []);
    const newFns = a.functions.filter((f) => !oldFns.has(f));
    const since = b ? a.count - b.count : a.count;
    const timing = { ...(b ? {} : { firstSeen: a.firstSeen }), lastSeen: a.lastSeen };
    for (const fn of newFns)
      out.push({
        rule: 'new-action-used',
        severity,
        subject: { role, function: fn, action: a.action },
        message: `${fn} started calling ${a.action}${b ? ' (another function of the role already did)' : ''}`,
        evidence: [
          {
            source: 'cloudtrail',
            detail: `${since} new call(s) of ${a.action} by the role${a.resources.length ? ` on ${boundedList(a.resources)}` : ''}`,
            count: since,
            ...timing,
          },
        ],
      });
    if (!b) continue;
    const fresh = newResources(a, b);
    const known = a.functions.filter((f) => oldFns.has(f));
    if (fresh.length === 0 || known.length === 0) continue;
    out.push({
      rule: 'new-action-used',
      severity,
      subject: {
        role,
        ...(known.length === 1 ? { function: known[0] } : {}),
        action: a.action,
        ...(fresh.length === 1 ? { resource: fresh[0] } : {}),
      },
      message: `${known.length === 1 ? known[0] : `functions ${boundedList(known, 3)}`} called ${a.action} on ${fresh.length} new resource(s)`,
      evidence: [
        {
          source: 'cloudtrail',
          detail: `new resource(s): ${boundedList(fresh)}`,
          count: since,
          lastSeen: a.lastSeen,
        },
      ],
    });
  }
  return out;
}

/**
 * Resources of `a` that `b` neither lists nor covers with a folded pattern. A folded pattern
 * of `a` that covers an old resource may hold only old ones: not claimed as new.
 */
function newResources(a: ActionReport, b: ActionReport): string[] {
  const known = new Set(b.resources);
  const patterns = b.resources.filter((r) => r !== '*' && isPattern(r));
  return a.resources.filter(
    (r) =>
      !known.has(r) &&
      !patterns.some((p) => matchArn(p, r) === 'yes') &&
      !(r !== '*' && isPattern(r) && b.resources.some((old) => matchArn(r, old) !== 'no')),
  );
}

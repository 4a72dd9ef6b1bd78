import type { ActionCatalog } from '../catalog/action-catalog.js';
import type { Observability, ObservabilityCatalog } from '../catalog/observability.js';
import type { ReadWrite } from '../coverage/trail-config.js';
import { cloudTrailAttemptsOf, lastAccessedVerdict } from './last-accessed-verdict.js';
import type { RoleEvidence } from './role-evidence.js';

export type RemovalVerdict =
  | { readonly remove: true; readonly reason: string }
  | {
      readonly remove: false;
      readonly observability: Observability['kind'] | 'not-recorded' | 'dependency';
      readonly reason: string;
    };

// Global services deliver their events to us-east-1 (CloudTrail User Guide, "Understanding
// multi-Region trails and global service events").
const GLOBAL_SERVICES = new Set([
  'iam',
  'cloudfront',
  'route53',
  'organizations',
  'waf',
  'globalaccelerator',
  'shield',
]);

/**
 * May a granted action that the evidence shows no successful use of be removed? Only
 * when CloudTrail would have logged that use, given what the trail records: a management
 * event the trail keeps, or a data event of a service whose data events are logged.
 * Otherwise it stays, with the reason.
 */
export function removalVerdict(
  action: string,
  evidence: RoleEvidence,
  observability: ObservabilityCatalog,
  catalog: ActionCatalog,
): RemovalVerdict {
  // IAM last-accessed, when given, speaks first (it sees data-plane use CloudTrail may not).
  const lastAccessed = evidence.lastAccessed
    ? lastAccessedVerdict(
        action,
        evidence.lastAccessed,
        evidence.coverage.window.from,
        cloudTrailAttemptsOf(evidence),
      )
    : undefined;
  if (lastAccessed) return lastAccessed;
  const lower = action.toLowerCase();
  const service = lower.slice(0, lower.indexOf(':'));
  const c = evidence.coverage;
  const seen = `not seen in ${c.spanDays} day(s) (${c.window.from?.slice(0, 10) ?? '?'} to ${c.window.to?.slice(0, 10) ?? '?'}, ${c.events} event(s))`;
  if (evidence.denied.some((d) => d.action.toLowerCase() === lower)) {
    return { remove: true, reason: `only denied calls seen; ${seen} as a successful call` };
  }
  const read = isRead(action, catalog);
  // The kind of event the trail filter keeps when it drops this action's kind.
  const filtered = (rw: ReadWrite): 'write' | 'read' | undefined =>
    rw === 'WriteOnly' && read ? 'write' : rw === 'ReadOnly' && !read ? 'read' : undefined;
  const o = observability.observability(action);
  switch (o.kind) {
    case 'management': {
      const m = c.management;
      if (!m.logged) return keep('not-recorded', 'the trail does not log management events');
      if (m.excludedServices.has(service))
        return keep('not-recorded', `the trail excludes ${service} management events`);
      const rw = filtered(m.readWrite);
      if (rw) return keep('not-recorded', `the trail logs only ${rw} management events`);
      if (
        GLOBAL_SERVICES.has(service) &&
        c.regionsCovered !== 'unknown' &&
        c.regionsCovered !== 'all' &&
        !c.regionsCovered.includes('us-east-1')
      ) {
        return keep(
          'not-recorded',
          `${service} is a global service logged in us-east-1, which the logs do not cover`,
        );
      }
      return { remove: true, reason: `${seen}; CloudTrail logs it as a management event` };
    }
    case 'data': {
      const rw = c.allDataEvents ? 'All' : c.dataEvents.get(service);
      if (rw === undefined) {
        return keep(
          o.kind,
          `logged only as a data event (${o.resourceType}), and the input has no ${service} data events`,
        );
      }
      const f = filtered(rw);
      if (f)
        return keep(
          'not-recorded',
          `logged only as a data event (${o.resourceType}), and for ${service} only ${f} events are logged`,
        );
      return {
        remove: true,
        reason: `${seen}; logged as a data event (${o.resourceType}) and ${service} data events are logged`,
      };
    }
    case 'not-logged':
      return keep(o.kind, `CloudTrail never logs it (${o.source})`);
    case 'permission-only':
      return keep(o.kind, `checked inside other calls, never an event of its own (${o.source})`);
    case 'unknown':
      return keep(o.kind, 'whether CloudTrail logs it is unknown');
  }
}

function keep(observability: Observability['kind'] | 'not-recorded', reason: string): RemovalVerdict {
  return { remove: false, observability, reason };
}

function isRead(action: string, catalog: ActionCatalog): boolean {
  const level = catalog.action(action)?.accessLevel;
  return level === 'Read' || level === 'List';
}

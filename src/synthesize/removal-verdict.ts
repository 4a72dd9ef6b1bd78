import type { Observability, ObservabilityCatalog } from '../catalog/observability.js';
import type { RoleEvidence } from './role-evidence.js';

export type RemovalVerdict =
  | { readonly remove: true; readonly reason: string }
  | { readonly remove: false; readonly observability: Observability['kind']; readonly reason: string };

/**
 * May a granted action that the evidence shows no successful use of be removed? Only
 * when CloudTrail would have logged that use: a management event, or a data event of a
 * service whose data events are in the input. Otherwise it stays, with the reason.
 */
export function removalVerdict(
  action: string,
  evidence: RoleEvidence,
  observability: ObservabilityCatalog,
): RemovalVerdict {
  const lower = action.toLowerCase();
  const service = lower.slice(0, lower.indexOf(':'));
  const c = evidence.coverage;
  const seen = `not seen in ${c.days} day(s) with events (${c.window.from?.slice(0, 10) ?? '?'} to ${c.window.to?.slice(0, 10) ?? '?'}) across ${c.events} event(s)`;
  if (evidence.denied.some((d) => d.action.toLowerCase() === lower)) {
    return { remove: true, reason: `only denied calls seen; ${seen} as a successful call` };
  }
  const o = observability.observability(action);
  switch (o.kind) {
    case 'management':
      return { remove: true, reason: `${seen}; CloudTrail logs it as a management event` };
    case 'data':
      if (c.dataEventServices.has(service)) {
        return {
          remove: true,
          reason: `${seen}; logged as a data event (${o.resourceType}) and the input holds ${service} data events`,
        };
      }
      return {
        remove: false,
        observability: o.kind,
        reason: `logged only as a data event (${o.resourceType}), and the input has no ${service} data events`,
      };
    case 'not-logged':
      return { remove: false, observability: o.kind, reason: `CloudTrail never logs it (${o.source})` };
    case 'permission-only':
      return {
        remove: false,
        observability: o.kind,
        reason: `checked inside other calls, never an event of its own (${o.source})`,
      };
    case 'unknown':
      return { remove: false, observability: o.kind, reason: 'whether CloudTrail logs it is unknown' };
  }
}

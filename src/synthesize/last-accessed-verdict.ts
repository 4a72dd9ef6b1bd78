import type { LastAccessedEvidence } from '../coverage/last-accessed.js';
import { TRACKING_DAYS } from '../coverage/last-accessed.js';
import type { RemovalVerdict } from './verdict.js';
import type { RoleEvidence } from './role-evidence.js';

/** What the CloudTrail evidence itself shows, so last-accessed does not re-count it. */
export interface CloudTrailAttempts {
  /** End of the CloudTrail window (ISO), when known. */
  readonly windowTo?: string | null;
  /** Lower-case services the evidence shows any call to (successful or denied). */
  readonly services?: ReadonlySet<string>;
  /** Lower-case actions the evidence shows attempted (successful or denied). */
  readonly actions?: ReadonlySet<string>;
}

// Not tracked by last-accessed: checked when a role is handed to a service, never "accessed".
const UNTRACKED = new Set(['iam:passrole']);
const DAY_MS = 86_400_000;

/**
 * What IAM last-accessed says about removing a granted action the CloudTrail evidence shows
 * no use of: remove when the role never attempted the service in the tracking period (data
 * plane included) or never attempted a tracked action; keep when it shows an attempt on or
 * after `cloudTrailWindowFrom` that CloudTrail does not; undefined when it says nothing, and
 * the CloudTrail rules decide.
 */
export function lastAccessedVerdict(
  action: string,
  lastAccessed: LastAccessedEvidence | undefined,
  cloudTrailWindowFrom: string | null | undefined,
  cloudTrail: CloudTrailAttempts = {},
): RemovalVerdict | undefined {
  if (!lastAccessed) return undefined;
  const lower = action.toLowerCase();
  if (UNTRACKED.has(lower)) return undefined;
  const colon = lower.indexOf(':');
  if (colon <= 0) return undefined;
  const service = lastAccessed.services.get(lower.slice(0, colon));
  // Not listed: the role's permissions policies do not allow the service, or the file is
  // for another role; either way it says nothing.
  if (!service) return undefined;
  const tracked = service.actions.get(lower.slice(colon + 1));
  // A report that ends before the CloudTrail window does says nothing about the gap: it may
  // keep, never remove.
  const current = coversWindowEnd(lastAccessed, cloudTrail.windowTo);
  const period = periodText(lastAccessed);

  // CloudTrail showing calls to a service IAM says was never used means the report is not
  // this role's, or too old: it removes nothing then.
  const conflicting = cloudTrail.services?.has(service.namespace) === true;
  if (service.last.kind === 'never')
    return current && !conflicting
      ? {
          remove: true,
          reason: `IAM last-accessed: the role never used ${service.namespace} since ${day(lastAccessed.periodStart)} (${period})`,
        }
      : undefined;
  if (tracked?.kind === 'never')
    return current
      ? {
          remove: true,
          reason: `IAM last-accessed: the role never used ${action} since ${day(lastAccessed.periodStart)} (${period}; a tracked management action)`,
        }
      : undefined;
  const from = cloudTrailWindowFrom ? Date.parse(cloudTrailWindowFrom) : -Infinity;
  if (tracked?.kind === 'accessed') {
    if (Date.parse(tracked.at) >= from && !cloudTrail.actions?.has(lower)) return keep(tracked.at);
    return undefined;
  }
  // Untracked (data-plane, or not in the report): only the service's last attempt speaks, and
  // only when CloudTrail shows no call to the service that could explain it.
  if (Date.parse(service.last.at) >= from && !cloudTrail.services?.has(service.namespace))
    return keep(service.last.at);
  return undefined;
}

function keep(at: string): RemovalVerdict {
  return {
    remove: false,
    observability: 'not-recorded',
    reason: `IAM last-accessed shows use on ${day(at)} that the CloudTrail evidence does not`,
  };
}

function coversWindowEnd(la: LastAccessedEvidence, windowTo: string | null | undefined): boolean {
  if (!windowTo) return true;
  return Date.parse(la.completedAt) >= Date.parse(windowTo) - DAY_MS;
}

function periodText(la: LastAccessedEvidence): string {
  if (la.periodIsRoleAge) {
    const days = Math.floor((Date.parse(la.completedAt) - Date.parse(la.periodStart)) / DAY_MS);
    return `the role's whole life, ${days} day(s), shorter than the ${TRACKING_DAYS}-day tracking period`;
  }
  return `${TRACKING_DAYS}-day tracking period`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

const attemptsCache = new WeakMap<RoleEvidence, CloudTrailAttempts>();

/** The attempts a role's CloudTrail evidence shows (computed once per evidence value). */
export function cloudTrailAttemptsOf(evidence: RoleEvidence): CloudTrailAttempts {
  let out = attemptsCache.get(evidence);
  if (!out) {
    const actions = new Set<string>([
      ...evidence.used.keys(),
      ...evidence.denied.map((d) => d.action.toLowerCase()),
    ]);
    const services = new Set([...actions].map((a) => a.slice(0, a.indexOf(':'))));
    out = { windowTo: evidence.coverage.window.to, actions, services };
    attemptsCache.set(evidence, out);
  }
  return out;
}
